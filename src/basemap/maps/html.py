"""HTML snippets from data values: escaping, "not published", source lists.

Every data string on a map (popups, tooltips, legends, info boxes) passes through `escape`, so one
function decides what is safe in a popup, a JS template literal and a re-read Jinja template.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from basemap.i18n import ENGLISH, Language
from basemap.values import is_missing

NOT_PUBLISHED = "<i>not published</i>"


def not_published(_: Language = ENGLISH) -> str:
    """ "not published" in italics, in the reader's language."""
    text = _("not published")
    return f"<i>{text}</i>"


_NEUTRALISE = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})
_LEADING_URL = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)


def escape(text: object) -> str:
    """HTML-escape a data value for popups and tooltips.

    Beyond HTML, folium puts popup HTML into a JS template literal (so backticks and `${`
    matter) and re-reads rendered popups as Jinja templates (so `{{`, `{%` would run): all
    of these characters become HTML entities, which display as the same text.
    """
    if is_missing(text):
        return ""
    return html.escape(str(text)).translate(_NEUTRALISE)


def value_html(value: object, missing: str = "not published") -> str:
    """A value as HTML: lists one per line, a missing value in italics."""
    if is_missing(value):
        return f"<i>{missing}</i>"
    if isinstance(value, (list, tuple)):
        return "<br>".join(escape(v) for v in value)
    return escape(value)


def source_list(values: Iterable[object]) -> str:
    """Sources one per line; a source that starts with a URL links the URL, and its comment follows as text."""
    items = []
    for value in values:
        found = _LEADING_URL.match(str(value))
        if found:
            url, comment = found.groups()
            link = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a>'
            items.append(link + escape(comment))
        else:
            items.append(escape(value))
    return "<br>".join(items)
