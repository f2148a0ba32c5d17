"""Untrusted strings (data, URL values) shown as plain text where Streamlit renders Markdown.

Streamlit reads Markdown in st.markdown, st.caption, st.write, headers, alerts (st.warning ...),
metric labels and help, expander and widget labels. A string from a data file or a link must show
there as exactly its characters: no link, image, emphasis, colour, heading, list, table, math,
HTML, emoji or icon. HTML for folium popups has its own escaper (`basemap.maps.html.escape`).
"""

from __future__ import annotations

import math
import re
import unicodedata

ELLIPSIS = "…"
REPLACEMENT = "\ufffd"  # shown for control and format characters (e.g. bidi overrides that reorder text)
WORD_JOINER = "\u2060"  # invisible and never a line break

_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")
# CommonMark lets every ASCII punctuation character be backslash-escaped, and an escaped one is
# always literal: escaping all of them leaves no inline or block construct, HTML or math.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# After parsing, Streamlit rewrites plain text once more (backslashes are gone by then): bare URLs
# and e-mail addresses become links, ":name:" an emoji, icon or logo. An invisible word joiner
# after ":" and "@" and between "www" and "." breaks those patterns and changes nothing seen.
_REWRITTEN = re.compile(r"(?<=[:@])|(?<=www)(?=\.)", re.IGNORECASE)


def plain_text(value: object, limit: int | None = None) -> str:
    """`value` as one line of text: line breaks and tabs become spaces, other control and format
    characters U+FFFD, ends trimmed, and at most `limit` characters (the last one "…" when cut).

    None and NaN give "" (a missing value, shown as nothing rather than as "nan").
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = "".join(REPLACEMENT if unicodedata.category(c) in ("Cc", "Cf", "Cs") else c for c in text).strip()
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return text


def markdown_text(value: object, limit: int | None = None) -> str:
    """Markdown that Streamlit shows as `plain_text(value, limit)`, character for character."""
    text = _REWRITTEN.sub(WORD_JOINER, plain_text(value, limit))
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)
