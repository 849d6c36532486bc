"""Turning what the clinician brings (pasted text, a .txt or .html file, piped bytes) into plain text.

HTML is reduced to its text with the standard library parser: scripts, styles and other non-content
elements are dropped, block elements become line breaks, and nothing of the markup survives, so the
result is rendered (escaped) like any pasted text.
"""

import re
from html.parser import HTMLParser

from aid.reader.matching import MAX_CHARS

SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "nav", "form"}
BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
    "header", "footer", "blockquote", "pre", "dt", "dd", "figcaption", "main", "aside", "hr", "title",
}
HTML_HINT = re.compile(r"<\s*(html|body|p|div|h[1-6]|br|li|span|a|script|!doctype)\b", re.IGNORECASE)


class InputError(ValueError):
    pass


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup):
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    out, blank = [], False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()


def decode(data):
    """Bytes → str, or InputError when the bytes are not text."""
    if b"\x00" in data[:8192]:
        raise InputError("the input is not text (it looks like a binary file)")
    for encoding in ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            raise InputError("the input is not text (it is not valid UTF-8)") from None
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > 8:
        raise InputError("the input is not text (it contains control characters)")
    return text


def article_text(text, *, is_html=None):
    """Plain article text from pasted or uploaded content, within the size limit."""
    if is_html is None:
        is_html = bool(HTML_HINT.search(text[:5000]))
    if is_html:
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CHARS:
        raise InputError(f"the text is {len(text):,} characters long; the limit is {MAX_CHARS:,}")
    if not text.strip():
        raise InputError("there is no text to analyse")
    return text
