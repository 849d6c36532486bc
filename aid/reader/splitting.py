"""Sentence splitting for web text, keeping exact character offsets into the original string.

Web pages arrive as lines: headings, list items, table rows and paragraphs. Each line is a unit of its
own (a heading has no full stop to end it), a leading list marker stays outside the span, and a line is
then cut into sentences at . ! ? followed by space and a sentence start, except after abbreviations,
initials and numbered-list numbers.
"""

import re

# Bullets and markers that open a list line; numbered items ("1. ...") keep their number.
LIST_MARKER = re.compile(r"^(?:[•●▪◦‣∙·*\-–—>✓✔✗✘☐☑🚩⚠️➤►]+\s*|\(?[a-z]\)\s+)+", re.UNICODE)

# A candidate boundary: terminal punctuation, optional closers, white space.
# A citation number glued to the full stop ("...7-hydroxymitragynine.1") stays with its sentence.
BOUNDARY = re.compile(
    r"(?:(?<=[a-z)])\.\d{1,3}(?:,\d{1,3})*|[.!?…]+)[\"'”’)\]]*(?:\[\d{1,3}(?:[,–-]\s?\d{1,3})*\])*(?=\s+)"
)
# A reference marker after the full stop and a space ("... billion. [1] This ..." or "... withdrawal. 1, 2 The
# ...") belongs to the sentence before it.
TRAILING_CITATION = re.compile(r"(?:\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]|\d{1,2}(?:,\s?\d{1,2})+)(?=\s+[A-Z\"“]|\s*$)")

# Lower-cased words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms mx prof sr jr st mt ft vs etc.al al e.g i.e cf approx appr est dept gov govt univ inc ltd co
    corp no nos vol pp fig figs ch sec art jan feb mar apr jun jul aug sep sept oct nov dec mo mg mcg kg g ml
    oz lb lbs hr hrs min mins sec approx ca resp incl max avg ave rev gen sen rep
    """.split()
)
NUMBERED_WORDS = frozenset("day week step part stage phase no chapter month hour tip rule".split())
# These end a sentence unless a number follows: "No. 5" but "the answer is no. I've ...".
NUMBER_ABBREVIATIONS = frozenset("no nos vol pp fig figs ch sec art".split())
US_STATE_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR
    PA RI SC SD TN TX UT VT VA WA WV WI WY DC""".split()
)
# A line that ends without punctuation and runs on in lower case is one sentence wrapped at a fixed width.
SENTENCE_END = re.compile(r"[.!?:;…\"”’)\]|]\s*$")
# ... in lower case, with a number that is not a list number ("0.01 percent", not "1. Pain relief"), or a bracket.
CARRIES_ON = re.compile(r"[a-z(]|\d+(?![.)]\s)")
INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S. D.C. e.g. i.e.
SENTENCE_START = re.compile(r"[\"'“‘(\[]?[A-Z0-9¿¡]|[\"'“‘(\[]")


def _ends_with_abbreviation(line, dot):
    """True when the full stop at `dot` belongs to an abbreviation, an initial or a list number."""
    head = line[:dot]
    if line[dot] != ".":
        return False
    if INITIALISM.search(line[: dot + 1]):
        return True
    match = re.search(r"([A-Za-z0-9.]+)$", head)
    if not match:
        return False
    word = match.group(1)
    lower = word.lower().rstrip(".")
    if word in US_STATE_CODES:
        return False  # "Kansas City, MO. On March 26 ..." ends there
    if lower in NUMBER_ABBREVIATIONS:
        return line[dot + 1:].lstrip()[:1].isdigit()
    if lower in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    if word.isdigit() and len(word) <= 2:
        # Emoji and symbols before a list number ("✅ 1. Potent Pain Relief") are decoration, not words.
        words = [w for w in head[: match.start()].lower().split() if any(c.isalnum() for c in w)]
        if not words or words[-1] in NUMBERED_WORDS:
            return True
        # "Days 2 - 5." opens a timeline item, like "Day 1."
        return len(words) <= 3 and words[0].rstrip("s") in NUMBERED_WORDS
    return False


def _split_line(line, base):
    spans = []
    start = 0
    for match in BOUNDARY.finditer(line):
        end = match.end()
        rest = line[end:].lstrip()
        citation = TRAILING_CITATION.match(rest)
        if citation:
            end = len(line) - len(rest) + citation.end()
            rest = line[end:].lstrip()
        if not rest or not SENTENCE_START.match(rest):
            continue
        last_dot = match.start()
        if match.group(0).startswith(".") and _ends_with_abbreviation(line, last_dot):
            continue
        spans.append((start, end))
        start = end + (len(line[end:]) - len(rest))
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        piece = line[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((base + s + lead, base + s + trail))
    return out


def _lines(text):
    """(offset, line) pairs; a hard-wrapped paragraph (a long line with no closing punctuation, then a line
    that carries on in lower case) is joined into one line, its line breaks kept inside the span."""
    out, position = [], 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        if out:
            offset, previous = out[-1]
            gap = text[offset + len(previous):position]
            if (gap in ("\n", "\r\n", "\r") and previous.strip() and len(previous.split()) >= 6
                    and not SENTENCE_END.search(previous) and CARRIES_ON.match(line.lstrip())
                    and not LIST_MARKER.match(line.lstrip())):
                out[-1] = (offset, previous + gap + line)
                position += len(raw)
                continue
        out.append((position, line))
        position += len(raw)
    return out


def split(text):
    """[(start, end)] of every sentence, heading and list item in `text`, in order, without overlaps."""
    spans = []
    for position, line in _lines(text):
        stripped = line.lstrip()
        offset = position + (len(line) - len(stripped))
        marker = LIST_MARKER.match(stripped)
        if marker and marker.end() < len(stripped):
            offset += marker.end()
            stripped = stripped[marker.end():]
        elif marker:
            stripped = ""
        if stripped.strip():
            spans.extend(_split_line(stripped, offset))
    return spans


def sentences(text):
    """[(start, end, sentence text)]."""
    return [(s, e, text[s:e]) for s, e in split(text)]
