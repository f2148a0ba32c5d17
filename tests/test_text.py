"""Escaped Markdown shows as exactly its characters: checked against a CommonMark parser, and
against the rewrites Streamlit applies to text after parsing."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from basemap.text import ELLIPSIS, REPLACEMENT, WORD_JOINER, markdown_text, plain_text

# CommonMark plus what GitHub-flavoured Markdown and Streamlit add at parse time (tables,
# strikethrough, $math$). Raw HTML is parsed too, so any tag that survived would be seen.
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(dollarmath_plugin)
# Streamlit's rewrites of parsed text (streamlit 1.67 frontend): bare URLs and e-mail addresses
# become links (GFM autolink literals), ":name:" an emoji, ":material/name:" an icon, ":streamlit:" the logo.
REWRITES = [
    re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE),
    re.compile(r"[-.\w+]+@[-\w]+(\.[-\w]+)+"),
    re.compile(r":[\w+-]+:"),
    re.compile(r":material/"),
]
PAYLOADS = [
    "[log in](https://evil.example)",
    "![x](http://evil/x.png)",
    ":red[big]",
    "<b>x</b>",
    "$x$",
    "$$\\frac{1}{2}$$",
    "**bold** _it_ ~~struck~~ `code`",
    "# heading",
    "> quote",
    "1. item",
    "- item",
    "| a | b |\n|---|---|\n| c | d |",
    "    indented code",
    "&amp; &copy; &#x41;",
    "https://evil.example www.evil.example mail@evil.example",
    ":smile: :material/home: :streamlit: :blue-background[x]",
    "<https://evil.example>",
    "[x]: https://evil.example\n[x]",
    "line  \nbreak\\\nagain",
    "\\*not emphasis\\*",
    "a\u202eb\x00c\ud800d",
]


def rendered_text(markdown: str) -> str:
    """The text a CommonMark renderer shows for `markdown`; fails on anything but plain text."""
    blocks = MARKDOWN.parse(markdown)
    if not blocks:
        return ""
    assert [b.type for b in blocks] == ["paragraph_open", "inline", "paragraph_close"], markdown
    inline = blocks[1].children
    assert all(token.type == "text" for token in inline), [t.type for t in inline]
    return "".join(token.content for token in inline)


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None)) | st.text(alphabet="[]()!<>:$*_~`#>-+=|\\&;@./ \nwhtpsrex1"))
@example("")
def test_escaped_markdown_shows_exactly_the_plain_text(value):
    escaped = markdown_text(value)
    shown = rendered_text(escaped)
    assert shown.replace(WORD_JOINER, "") == plain_text(value)
    for pattern in REWRITES:
        assert not pattern.search(shown), (value, pattern)


def test_hostile_payloads_are_literal_text():
    for payload in PAYLOADS:
        shown = rendered_text(markdown_text(payload)).replace(WORD_JOINER, "")
        assert shown == plain_text(payload)
    assert markdown_text("[log in](https://evil.example)") == (
        "\\[log in\\]\\(https\\:" + WORD_JOINER + "\\/\\/evil\\.example\\)"
    )


def test_plain_text_is_one_line_without_control_characters():
    assert plain_text("  a\nb\r\n\tc  ") == "a b c"
    assert plain_text("a\u202eb\x00c\ud800d\u2028e") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}d e"
    assert plain_text("沖縄県　那覇市") == "沖縄県　那覇市"  # ideographic space kept
    assert plain_text(None) == plain_text(float("nan")) == ""
    assert plain_text(47) == "47"


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(codec=None)), st.integers(min_value=1, max_value=60))
def test_plain_text_is_cut_to_the_limit_with_an_ellipsis(value, limit):
    full = plain_text(value)
    cut = plain_text(value, limit)
    assert len(cut) <= limit
    if len(full) <= limit:
        assert cut == full
    else:
        assert cut.endswith(ELLIPSIS)
        assert full.startswith(cut[:-1])
