"""The sections a handout can have, in print order, and what each one draws on.

A section is one evidence topic (its patient statements), or a piece of the builder's choices (the
medicines, the jurisdiction, the reader's claims) added to a topic. "Questions to ask" and "Where to
get help" are picked from the topics' `practice` statements, so every line printed stays cited.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # the builder's checkbox and the chart note's wording (clinician words)
    topic: str = ""  # the evidence topic whose patient statements it prints (labelled by their part)
    title: str = ""  # the printed heading when there is no topic (whose patient title is used)
    default: bool = False
    # Statement keys printed in this order instead of the topic's usual selection.
    statements: tuple = field(default_factory=tuple)
    # The statement that stands for the section in the key points box (default: its first key point).
    key_point: str = ""


# Topic sections print their key point in the box up front, then the statements listed here, picked so
# each stands on its own (no "that test" without the test) and the default handout fits on two pages.
# A key missing from the content (an editor removed it) falls back to TOPIC_PARTS.
SECTIONS = (
    Section(
        "overview", "What kratom is", topic="overview", default=True,
        statements=("overview-p-02", "overview-p-09"),
    ),
    Section(
        "pain", "What the evidence says about pain", topic="pain", default=True,
        statements=("pain-p-05", "pain-p-02", "pain-p-07"),
    ),
    Section("mechanism", "How kratom works in the body", topic="mechanism"),
    Section(
        "dependence", "Dependence and withdrawal", topic="dependence", default=True,
        statements=("dependence-p-03", "dependence-p-06", "dependence-p-08"),
    ),
    Section(
        "side-effects", "Side effects", topic="side-effects", default=True,
        statements=("side-effects-p-03", "side-effects-p-06", "side-effects-p-07", "side-effects-p-10"),
    ),
    Section("product-quality", "What is in kratom products", topic="product-quality"),
    Section("special-populations", "Pregnancy, teens, liver problems, opioid treatment", topic="special-populations"),
    Section(
        "interactions", "Interactions with your medicines", topic="interactions", default=True,
        key_point="interactions-p-02",
        statements=("interactions-p-01", "interactions-p-05", "interactions-p-08", "interactions-p-09"),
    ),
    Section(
        "legal-status", "The law where you live", topic="legal-status", default=True,
        statements=("legal-status-p-02", "legal-status-p-06", "legal-status-p-08"),
    ),
    Section(
        "questions",
        "Questions to ask",
        default=True,
        title="Questions to ask your care team",
        statements=(
            "talking-with-patients-p-07",
            "talking-with-patients-p-08",
            "talking-with-patients-p-09",
            "talking-with-patients-p-10",
            "talking-with-patients-p-11",
        ),
    ),
    Section(
        "help",
        "Where to get help",
        default=True,
        statements=("interactions-p-11", "side-effects-p-11", "dependence-p-09"),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
DEFAULT_KEYS = tuple(section.key for section in SECTIONS if section.default)

# What a topic section without picked statements prints, and how many of each: the topic's balance
# (benefits beside harms, what is unknown, what to do) in a handout-sized portion.
TOPIC_PARTS = (("benefits", 1), ("harms", 1), ("unknowns", 1), ("practice", 1))
PART_LABELS = {"key_points": "", "harms": "Risk", "unknowns": "Not known", "practice": "What you can do"}
# Benefits are labelled by their basis, so a report is never mistaken for a finding.
BASIS_LABELS = {"reported": "People report", "evidence": "Studies show"}

SEVERITY_WORDS = {"major": "Serious concern", "moderate": "Moderate concern", "minor": "Minor concern"}
VERDICT_WORDS = {
    "supported": "This is mostly true",
    "overstated": "This goes too far",
    "unsupported": "This is not proven",
    "contradicted": "This is not true",
    "uncertain": "No one knows yet",
}
STATUS_WORDS = {
    "banned": "Banned",
    "restricted": "Allowed, with limits",
    "regulated": "Allowed, with rules for sellers",
    "unregulated": "No kratom law found",
    "unclear": "Unclear",
}


def parse_keys(values):
    """Section keys from repeated values or comma lists, in print order; unknown keys returned apart."""
    asked = [part.strip().lower() for value in values for part in str(value).split(",") if part.strip()]
    unknown = [key for key in asked if key not in BY_KEY]
    chosen = [section.key for section in SECTIONS if section.key in asked]
    return chosen, unknown
