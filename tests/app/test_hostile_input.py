"""Hostile links and data strings: every page still renders, one plain-text notice, nothing active."""

import json

import pytest

from basemap.state import NOTICE_CHARS, Ignored
from basemap.text import WORD_JOINER, markdown_text
from tests.app.test_pages import PAGES, map_args, run
from tests.test_text import rendered_text

MARKDOWN_PAYLOADS = ["[log in](https://evil.example)", "![x](http://evil/x.png)", ":red[big]", "<b>x</b>", "$x$"]
# link -> (how many values it holds, what the notice must quote). Streamlit itself drops a query
# string of over 1,000 parameters (repeated ones count), so 2,000 values come comma-separated.
HOSTILE_LINKS = {
    "unicode digits": ({"prefecture": ["²", "①", "٤٧"]}, 3, ["²", "①", "٤٧"]),
    "5,000 digits": ({"prefecture": ["7" * 5000]}, 1, ["7" * (NOTICE_CHARS - 1) + "…"]),
    "2,000 junk values": ({"region": [",".join(f"junk{i}" for i in range(2000))]}, 2000, ["junk0", "junk4"]),
    "900 repeated junk": ({"category": ["[x](y)"] * 900}, 900, ["[x](y)"]),
    "markdown": ({"service": MARKDOWN_PAYLOADS}, 5, MARKDOWN_PAYLOADS),
}
FILTER_PAGES = ["app.py", "pages/4_Downloads.py"]  # the pages that read the link


def shown(markdown: str) -> str:
    """What a reader sees (CommonMark reference; fails if anything but plain text)."""
    return rendered_text(markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("case", list(HOSTILE_LINKS))
def test_hostile_link_gives_the_map_and_one_plain_text_notice(case):
    query, count, literal = HOSTILE_LINKS[case]
    at = run(**query)
    assert not at.exception
    [warning] = at.warning
    text = shown(warning.value)
    assert all(f"“{value}”" in text for value in literal), text
    assert text.startswith(f"{count:,} ")
    assert map_args(at)["script"]  # the map is still there
    assert all(at.multiselect(key=f"f_{name}").value == [] for name in ("prefecture", "region", "service", "category"))


@pytest.mark.parametrize("page", FILTER_PAGES[1:] + [p for p in PAGES if p not in FILTER_PAGES])
def test_every_page_survives_a_hostile_link(page):
    at = run(page, prefecture=["²", "7" * 5000, *MARKDOWN_PAYLOADS], colour=["x"] * 900)
    assert not at.exception
    assert at.title
    if page in FILTER_PAGES:
        [warning] = at.warning
        assert shown(warning.value).startswith("8 unknown values in the link ignored: prefecture “²”")


def test_valid_values_in_a_hostile_link_still_apply():
    at = run(prefecture=["Okinawa", "[x](https://evil.example)"])
    assert at.multiselect(key="f_prefecture").value == ["47"]
    [warning] = at.warning
    assert warning.value == markdown_text(Ignored(1, 0, (("prefecture", "[x](https://evil.example)"),)).notice())


@pytest.fixture
def hostile_flashpoints(data_copy):
    """The flashpoint layer with Markdown in the Senkaku record's names, summary and source."""
    path = data_copy / "geo" / "flashpoints.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    [senkaku] = [f for f in doc["features"] if f["properties"]["id"] == "FP-senkaku-islands"]
    senkaku["properties"].update(
        name_en="Senkaku [log in](https://evil.example)",
        summary="![x](http://evil/x.png) :red[big] <b>x</b> $x$ **bold**",
        coord_source="[source](https://evil.example)",
    )
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return senkaku["properties"]


def test_flashpoint_strings_show_as_plain_text(hostile_flashpoints):
    at = run("pages/3_Flashpoints.py")
    assert not at.exception
    assert at.selectbox(key="fp_choice").value == "FP-senkaku-islands"
    assert shown(at.subheader[0].value) == hostile_flashpoints["name_en"]
    texts = [shown(m.value) for m in at.markdown if "Nearest U.S." not in m.value]
    assert hostile_flashpoints["summary"] in texts
    captions = [shown(c.value) for c in at.caption]
    assert any(hostile_flashpoints["coord_source"] in c for c in captions)
