"""Turning statements and passages into what a page shows: numbered citations, highlighted seed text."""

from aid.evidence.models import Statement

SECTION_ORDER = [value for value, _ in Statement.Section.choices]


def number_citations(statements):
    """Number sources in order of first citation; group statements by section.

    Returns (references, sections): references is [(number, source)], sections is
    [(section value, label, [(statement, [numbers])])] in the fixed section order.
    """
    numbers = {}
    references = []
    grouped = {section: [] for section in SECTION_ORDER}
    for statement in statements:
        marks = []
        for citation in statement.citations.all():
            source = citation.source
            if source.pk not in numbers:
                numbers[source.pk] = len(numbers) + 1
                references.append((numbers[source.pk], source))
            marks.append(numbers[source.pk])
        grouped[statement.section].append((statement, marks))
    labels = dict(Statement.Section.choices)
    sections = [(s, labels[s], items) for s, items in grouped.items() if items]
    return references, sections


def seed_segments(text, passages):
    """Split a seed article into lines of segments, each either plain text or a claim passage.

    Passages are non-overlapping spans (check_content enforces it); a passage never crosses a line
    break in practice, but if one does it is cut at the break so every line stays a paragraph.
    """
    segments = []
    cursor = 0
    for passage in sorted(passages, key=lambda p: p.start):
        if passage.start < cursor:
            continue
        if passage.start > cursor:
            segments.append((text[cursor : passage.start], None))
        segments.append((text[passage.start : passage.end], passage))
        cursor = passage.end
    if cursor < len(text):
        segments.append((text[cursor:], None))
    lines = [[]]
    for chunk, passage in segments:
        parts = chunk.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append({"text": part, "passage": passage})
    return [line for line in lines if line]
