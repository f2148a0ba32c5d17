"""The Japanese catalogue is complete and current, and the language helpers format the Japanese way.

The catalogue tests extract the strings from the code afresh (pybabel, as `make messages` does)
and compare: a new user-visible string without a Japanese translation fails the first; a committed
template or catalogue that no longer matches the code (or a fuzzy guess left in it) fails the second.
"""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from basemap.i18n import DOMAIN, LOCALE_DIR, browser_language, language
from basemap.prefectures import PREFECTURES, REGION_NAMES_JA, REGIONS
from basemap.vocabulary import FACILITY_SERVICES, FLASHPOINT_KINDS, IMPACT_ZONES, SOFA_CATEGORIES, STATUSES

ROOT = LOCALE_DIR.parent
PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
PYBABEL = Path(sys.executable).with_name("pybabel")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _ids(catalog: Catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """The strings the code marks today, extracted into a temporary template."""
    pot = tmp_path_factory.mktemp("i18n") / "atlas.pot"
    subprocess.run(
        [str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "--no-location", "--sort-output", "--omit-header"]
        + ["-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def japanese() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file, locale="ja")


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


def test_every_user_visible_string_has_a_japanese_translation(extracted, japanese):
    assert len(_ids(extracted)) > 150  # the extraction found the code's strings
    missing = sorted(
        key for key in _ids(extracted) if (m := japanese.get(key)) is None or not _translated(m) or m.fuzzy
    )
    assert missing == [], f"translate these in {PO.relative_to(ROOT)} (make messages, then edit): {missing[:10]}"


def test_the_catalogue_is_current_no_stale_or_fuzzy_entries(extracted, japanese):
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as file:
        committed = read_po(file)
    assert _ids(committed) == _ids(extracted), "locale/atlas.pot is out of date: run `make messages`"
    stale = sorted(_ids(japanese) - _ids(extracted))
    assert stale == [], f"entries no string in the code uses any more: {stale[:10]}"
    assert not japanese.obsolete, "obsolete (#~) entries left in the catalogue"
    assert [m.id for m in japanese if m.id and m.fuzzy] == []


def test_translations_keep_every_placeholder(japanese):
    """A translation that drops or misspells {count} would raise or lose a figure when formatted."""
    broken = []
    for message in japanese:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        broken += [source for s in strings if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(source))]
    assert broken == []


def test_the_compiled_catalogue_matches_the_po_file(japanese):
    """make setup compiles it; a .po edited since then would show old text."""
    assert MO.exists(), "run `make setup` (pybabel compile) to build the Japanese catalogue"
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in japanese:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, "the .mo is older than the .po: run `make setup`"


def test_japanese_translates_and_english_is_the_code_text():
    assert language("ja")("Map") == "地図"
    assert language("en")("Map") == "Map"
    assert language("fr")("Map") == "Map"  # unknown code: English


@pytest.mark.parametrize(
    ("locale", "code"),
    [("ja", "ja"), ("ja-JP", "ja"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("", "en"), ("JA_jp", "ja")],
)
def test_the_browser_language_picks_japanese_or_english(locale, code):
    assert browser_language(locale) == code


def test_figures_are_written_the_japanese_way():
    ja, en = language("ja"), language("en")
    assert ja.yen_oku(2124) == "2,124億円"
    assert en.yen_oku(2124) == "¥2,124 億"
    assert ja.date("2025-03-31") == "2025年3月31日"
    assert ja.date("2025-03") == "2025年3月"
    assert en.date("2025-03-31") == "2025-03-31"  # English keeps ISO dates, as the data and citations write them
    assert ja.date("not a date") == "not a date"
    assert ja.number(12345.678, 1) == "12,345.7"


def test_names_put_the_readers_language_first():
    ja, en = language("ja"), language("en")
    assert ja.name("Okinawa", "沖縄県") == "沖縄県 (Okinawa)"
    assert en.name("Okinawa", "沖縄県") == "Okinawa (沖縄県)"
    assert ja.name("Camp X", None) == "Camp X"
    assert ja.pick("Camp X", "") == "Camp X"
    assert ja.pick("Camp Schwab", "キャンプ・シュワブ") == "キャンプ・シュワブ"


def test_every_coded_value_has_a_japanese_label():
    for vocabulary in (FACILITY_SERVICES, SOFA_CATEGORIES, STATUSES, FLASHPOINT_KINDS, IMPACT_ZONES):
        assert all(term.label_ja for term in vocabulary), vocabulary
    assert set(REGION_NAMES_JA) == set(REGIONS)
    assert FACILITY_SERVICES.label("Marine Corps", language("ja")) == "米海兵隊"
    assert SOFA_CATEGORIES.label("2-4(b)", language("ja")) == "一時使用（2-4(b)）"
    assert all(p.name_ja for p in PREFECTURES.values())


def test_no_literal_is_translated_inside_an_f_string():
    """pybabel does not read f-strings: f"{_('Legend')}" would never reach the catalogue."""
    inside = re.compile(r"""\{_\(\s*["']""")
    paths = [ROOT / "app.py", *sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
    found = []
    for path in paths:
        with path.open("rb") as file:
            for token in tokenize.tokenize(file.readline):
                prefix = token.string[: token.string.find(token.string.lstrip("rRbBuUfF")[:1])].lower()
                if token.type == tokenize.STRING and "f" in prefix and inside.search(token.string):
                    found.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert found == []
