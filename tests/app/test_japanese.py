"""Every page in Japanese (`?lang=ja`): no exception, and no English left in the labels a reader
scans first (titles, headings, widget labels and options, headline figures, table headers).

Allowed in Latin letters: proper nouns and names of formats, standards and sources, listed below."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from basemap.filters import LANGUAGE
from tests.app.test_pages import PAGES, run

# Words that stay in Latin letters in Japanese text too: names of formats, standards, software and sources.
PROPER = set(
    [
        "SOFA",
        "SACO",
        "DMDC",
        "GeoJSON",
        "CSV",
        "KMZ",
        "Shapefile",
        "GeoPackage",
        "HTML",
        "zip",
        "OpenStreetMap",
        "km",
        "ID",
    ]
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.]{2,}")


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more that are not an allowed proper noun (escapes removed)."""
    return [word for word in LATIN_WORD.findall(text.replace("\\", "")) if word.strip(".") not in PROPER]


def key_labels(at: AppTest) -> list[str]:
    """What a reader of the page scans first."""
    labels = [e.value for kind in ("title", "header", "subheader") for e in getattr(at, kind)]
    labels += [m.label for m in at.metric]
    for kind in ("multiselect", "selectbox", "radio", "toggle", "text_input", "slider"):
        for widget in getattr(at, kind):
            if widget.label == LANGUAGE.label:  # "Language / 言語": both languages on purpose
                continue
            labels.append(widget.label)
            labels += [str(option) for option in getattr(widget, "options", [])[:12]]
    return labels


@pytest.mark.parametrize("page", ["app.py", *PAGES])
def test_every_page_runs_in_japanese_with_japanese_labels(page):
    at = run(lang="ja") if page == "app.py" else run(lang="ja").switch_page(page).run()
    assert not at.exception
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", at.title[0].value), at.title[0].value
    assert {label: words for label in key_labels(at) if (words := english_words(label))} == {}


def test_the_landing_page_in_japanese_names_facilities_filters_and_figures_in_japanese():
    at = run(lang="ja", prefecture="沖縄県")
    assert at.title[0].value == "在日米軍施設・区域"
    assert at.multiselect(key="f_prefecture").value == ["47"]
    assert at.multiselect(key="f_prefecture").format_func("47").startswith("沖縄県")
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["表示中の施設数", "専用施設の面積", "一時使用施設の面積"]
    assert any(label.startswith("在日米軍駐留経費負担、") and "年度" in label for label in labels)
    assert any(m.value.endswith("億円") for m in at.metric)
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["名称", "英語名称", "都道府県"]
    assert "キャンプ・シュワブ" in set(table["名称"])
    assert set(table["都道府県"]) == {"沖縄県"}
    assert at.query_params["lang"] == "ja" and at.query_params["prefecture"] == "Okinawa"


def test_the_language_switch_keeps_the_filters_and_goes_into_the_link():
    at = run(prefecture="Okinawa")
    assert at.title[0].value == "U.S. military facilities in Japan"  # no lang, no browser language: English
    at.radio(key="language_switch").set_value("ja").run()
    assert at.title[0].value == "在日米軍施設・区域"
    assert at.multiselect(key="f_prefecture").value == ["47"]
    assert at.query_params["lang"] == "ja" and at.query_params["prefecture"] == "Okinawa"
    at.switch_page("pages/1_Personnel.py").run()
    assert at.title[0].value == "在日米軍の人員"  # kept across pages
    assert at.query_params["lang"] == "ja"
    at.radio(key="language_switch").set_value("en").run()
    assert at.title[0].value == "U.S. military personnel in Japan"


def test_an_unknown_language_in_the_link_is_named_in_the_notice_and_english_is_shown():
    at = run(lang="fr")
    assert not at.exception
    assert at.title[0].value == "U.S. military facilities in Japan"
    assert any("lang" in w.value and "fr" in w.value for w in at.warning)
