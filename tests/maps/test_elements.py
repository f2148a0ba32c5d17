from branca.element import Element

from basemap.i18n import language
from basemap.maps.base import base_map
from basemap.maps.elements import _compiled, figure_of, share_compiled_templates, stable_ids

share_compiled_templates()  # as the app does


def rendered(lang: str) -> str:
    """The base map of the app (layers fetched from a URL) rendered in one language."""
    base = stable_ids(base_map(None, None, "/app/static/data/", _=language(lang)))
    base.render()
    return figure_of(base).header.render() + figure_of(base).html.render() + figure_of(base).script.render()


def test_elements_made_from_the_same_text_share_one_compiled_template():
    assert Element("<b>same text</b>")._template is Element("<b>same text</b>")._template
    assert Element("<b>other text</b>").render() == "<b>other text</b>"


def test_a_map_rendered_again_compiles_no_template_again():
    first = rendered("en")
    before = _compiled.cache_info()
    assert rendered("en") == first
    after = _compiled.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


def test_each_language_renders_its_own_map_after_the_other():
    english, japanese = rendered("en"), rendered("ja")
    assert english != japanese
    assert "Managing service" in english and "Managing service" not in japanese
    assert rendered("en") == english and rendered("ja") == japanese
