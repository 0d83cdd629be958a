"""A light, robust HTML-to-text for feed summaries and the pages trafilatura gives up on.

Built on the standard library's tolerant ``html.parser`` (no tree, no recursion), so
unclosed tags, deep nesting and junk markup cannot crash it. Script, style and similar
elements never reach the text; block elements become line breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "title", "head"})
_BLOCK = frozenset(
    """address article aside blockquote br caption dd details div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead
    tfoot tr ul body html""".split()
)
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\f\v\r\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{2,}")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []  # stack of open skipped elements

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            if tag == "head" and self.skip:
                return
            self.skip.append(tag)
            return
        if self.skip == ["head"] and (tag == "body" or tag in _BLOCK):
            self.skip.pop()  # a <head> that was never closed
        if self.skip:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if not self.skip and tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag in self.skip:
                while self.skip:
                    if self.skip.pop() == tag:
                        break
            return
        if not self.skip and tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of ``html``: one line per block, spaces collapsed, no scripts or styles."""
    if "<" not in html and "&" not in html:
        return _tidy(html)
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; keep whatever was read before a failure
        pass
    return _tidy("".join(parser.parts))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANKS.sub("\n", "\n".join(lines)).strip()


_TAG_HINT = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|img|table|blockquote)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """A feed summary that contains markup (vs. plain text with a stray '<')."""
    return bool(_TAG_HINT.search(text)) or "&" in text and ";" in text
