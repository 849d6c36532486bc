import datetime as dt

import pytest

from aid.core.readability import grade
from aid.evidence.models import Statement
from aid.handouts import sections as S
from aid.handouts.chartnote import chart_note
from aid.handouts.compose import ChoiceError, Choices, compose
from aid.regulation.models import Jurisdiction

pytestmark = pytest.mark.django_db

MEDS = "Xanax 0.5mg, Norco 10/325, sertraline"
TODAY = dt.date(2026, 11, 24)


def test_the_default_handout_has_the_default_sections_in_print_order(content):
    handout = compose(Choices(), today=TODAY)
    assert [s["key"] for s in handout["sections"]] == list(S.DEFAULT_KEYS)
    titles = [s["title"] for s in handout["sections"]]
    assert titles[:2] == ["What is kratom?", "Does kratom help with pain?"]
    assert "Questions to ask your care team" in titles and "Where to get help" in titles
    assert handout["jurisdiction"]["code"] == "US" and handout["paper"] == "letter"
    assert handout["problems"] == []


def test_every_printed_line_carries_a_citation_that_resolves_to_a_reference(content):
    handout = compose(Choices(medicines=MEDS, claims=("not-addictive",)), today=TODAY)
    numbers = {r["number"] for r in handout["references"]}
    lines = list(handout["key_points"][:-2])  # the law line and the medicines summary are checked below
    for section in handout["sections"]:
        lines += section["items"] + section.get("claims", [])
        lines += (section.get("medicines") or {}).get("concerns", [])
        if section.get("jurisdiction"):
            lines.append(section["jurisdiction"])
    assert len(lines) > 25
    for line in lines:
        assert line["marks"], line["text"]
        assert set(line["marks"]) <= numbers
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    assert all(r["url"] for r in handout["references"])


def test_references_are_numbered_in_order_of_first_citation(content):
    handout = compose(Choices(), today=TODAY)
    seen = []
    for kp in handout["key_points"]:
        seen += [n for n in kp["marks"] if n not in seen]
    assert seen == list(range(1, len(seen) + 1))


def test_each_section_is_at_or_below_grade_8_and_the_grade_is_what_is_printed(content):
    handout = compose(Choices(sections=tuple(S.BY_KEY), medicines=MEDS, claims=("not-addictive",)), today=TODAY)
    for section in handout["sections"]:
        assert 0 < section["grade"] <= 8, section["key"]
    pain = next(s for s in handout["sections"] if s["key"] == "pain")
    key_point = Statement.objects.get(key="pain-p-01").text
    assert pain["grade"] == grade(" ".join([key_point] + [i["text"] for i in pain["items"]]))


def test_a_section_an_editor_made_too_hard_blocks_export_and_names_the_statements(content):
    Statement.objects.filter(key="pain-p-05").update(
        text="Notwithstanding considerable methodological heterogeneity, investigators characterised "
        "statistically significant antinociceptive responsiveness following standardised administration."
    )
    handout = compose(Choices(), today=TODAY)
    [problem] = handout["problems"]
    assert problem["section"] == "pain" and problem["grade"] > 8
    assert "pain-p-05" in problem["keys"]


def test_medicines_become_concerns_by_plain_name_with_severity_in_words(content):
    handout = compose(Choices(medicines=MEDS), today=TODAY)
    interactions = next(s for s in handout["sections"] if s["key"] == "interactions")
    concerns = interactions["medicines"]["concerns"]
    words = [c["severity_words"] for c in concerns]
    assert words[0] == "Serious concern" and "Moderate concern" in words
    names = " ".join(n for c in concerns for n in c["drugs"])
    assert "Alprazolam (Xanax 0.5mg)" in names and "Sertraline" in names
    assert words == sorted(words, key=["Serious concern", "Moderate concern", "Minor concern"].index)
    assert any("concerns with the medicines you take" in kp["text"] for kp in handout["key_points"])


def test_medicines_with_no_known_concern_say_so_with_the_caveat(content):
    handout = compose(Choices(medicines="lisinopril"), today=TODAY)
    block = next(s for s in handout["sections"] if s["key"] == "interactions")["medicines"]
    assert block["concerns"] == [] and block["none_found"]["marks"]
    assert "No one knows" in block["none_found"]["text"]


def test_medicines_are_ignored_without_the_interactions_section(content):
    handout = compose(Choices(sections=("overview",), medicines=MEDS), today=TODAY)
    assert handout["medicines_checked"] is False
    assert "Alprazolam" not in str(handout)


def test_the_law_section_names_the_jurisdiction_and_marks_a_stale_entry(content):
    alabama = Jurisdiction.objects.get(key="US-AL")
    fresh = compose(Choices(jurisdiction="us-al"), today=alabama.verified_on)
    law = next(s for s in fresh["sections"] if s["key"] == "legal-status")["jurisdiction"]
    assert law["name"] == "Alabama" and law["status_words"] == "Banned" and not law["stale"]
    assert law["summary"] == alabama.patient_summary
    later = compose(Choices(jurisdiction="US-AL"), today=alabama.review_due_on + dt.timedelta(days=1))
    assert next(s for s in later["sections"] if s["key"] == "legal-status")["jurisdiction"]["stale"]


def test_claims_from_the_reader_print_their_counterpoints(content):
    handout = compose(Choices(claims=("not-addictive", "natural-so-safe")), today=TODAY)
    keys = [s["key"] for s in handout["sections"]]
    assert keys[-3:] == ["claims", "questions", "help"]
    block = handout["sections"][-3]
    assert [c["key"] for c in block["claims"]] == ["not-addictive", "natural-so-safe"]
    assert block["claims"][0]["verdict_words"] == "This is not true"
    assert block["claims"][1]["text"].startswith("Natural does not mean safe")


@pytest.mark.parametrize(
    "choices, message",
    [
        (Choices(sections=("overview", "astrology")), "Unknown section astrology"),
        (Choices(jurisdiction="ZZ-NOWHERE"), "Unknown jurisdiction"),
        (Choices(claims=("no-such-claim",)), "Unknown claim no-such-claim"),
        (Choices(paper="legal"), "Unknown paper size"),
        (Choices(sections=()), "at least one section"),
    ],
)
def test_unknown_choices_are_refused_with_a_message(content, choices, message):
    with pytest.raises(ChoiceError, match=message):
        compose(choices)


def test_the_medicine_list_is_kept_out_of_reprs(content):
    assert "Xanax" not in repr(Choices(medicines=MEDS))


def test_the_medicine_digest_is_stable_keyed_and_order_free(content, settings):
    one = Choices(medicines="Xanax, Norco").medicines_digest()
    assert one == Choices(medicines="norco;  XANAX").medicines_digest()
    assert "xanax" not in one.lower() and len(one) == 32
    settings.SECRET_KEY = "another-key-" * 4
    assert Choices(medicines="Xanax, Norco").medicines_digest() != one


def test_the_chart_note_documents_the_visit_without_medicine_names(content):
    handout = compose(Choices(medicines=MEDS, claims=("not-addictive",)), today=TODAY)
    note = chart_note(handout)
    assert "Kratom counselling given" in note
    assert "What the evidence says about pain" in note and "Where to get help" in note
    assert f"content version {handout['version']}" in note and "produced 2026-11-24" in note
    assert "United States (federal) (US)" in note
    assert "Medicine list checked for kratom interactions:" in note and "serious" in note
    assert "Counterpoints given for 1 claim" in note
    for name in ("xanax", "alprazolam", "norco", "hydrocodone", "acetaminophen", "sertraline"):
        assert name not in note.lower()
