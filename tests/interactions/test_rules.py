import pytest

from aid.evidence.models import Source
from aid.interactions.models import InteractionRule
from aid.interactions.rules import InputError, check_medicines

pytestmark = pytest.mark.usefixtures("content")
RANK = {"major": 0, "moderate": 1, "minor": 2}


def test_interactions_are_listed_most_severe_first():
    # Typed least severe first, so the order cannot come from the input.
    result = check_medicines("Lipitor, Norco 10/325, Xanax")
    severities = [i["severity"] for i in result["interactions"]]
    assert severities == sorted(severities, key=RANK.get)
    assert severities[0] == "major" and "minor" in severities
    assert {i["drug"] for i in result["interactions"] if i["severity"] == "major"} == {
        "Hydrocodone/acetaminophen", "Alprazolam",
    }


def test_each_interaction_has_mechanism_advice_evidence_and_linked_sources():
    for item in check_medicines("oxycodone, sertraline, quetiapine")["interactions"]:
        assert item["mechanism"] in ("pharmacodynamic", "pharmacokinetic")
        assert item["mechanism_detail"] and item["effect"] and item["advice"]
        assert item["evidence"] in ("clinical_study", "case_reports", "in_vitro", "theoretical")
        assert item["sources"] and all(s["title"] and s["url"].startswith("http") for s in item["sources"])


def test_two_sedating_medicines_plus_kratom_are_summarised_as_one_combined_concern():
    result = check_medicines("Xanax, oxycodone, lisinopril")
    [sedation] = [c for c in result["combined"] if c["key"] == "sedation"]
    assert sedation["severity"] == "major"
    assert sedation["inputs"] == ["Xanax", "oxycodone"]
    assert sedation["title"].startswith("Two sedating")
    assert sedation["sources"]


def test_one_sedating_medicine_is_not_a_combined_concern():
    assert check_medicines("oxycodone, lisinopril")["combined"] == []


def test_a_medicine_with_no_rule_is_shown_with_the_evidence_caveat():
    result = check_medicines("lisinopril 10 mg")
    assert result["interactions"] == []
    assert result["no_known_concern"] == [{"input": "lisinopril 10 mg", "name": "Lisinopril", "in_table": True}]
    assert "not proof" in result["caveat"]


def test_the_same_medicine_typed_twice_is_one_concern_listing_both_entries():
    result = check_medicines("Xanax, alprazolam 1mg")
    major = [i for i in result["interactions"] if i["severity"] == "major"]
    assert len(major) == 1 and major[0]["inputs"] == ["Xanax", "alprazolam 1mg"]
    assert result["no_known_concern"] == []


@pytest.mark.parametrize("text", ["", " , ;\n", ",".join(["aspirin"] * 101)])
def test_empty_or_overlong_lists_are_refused(text):
    with pytest.raises(InputError):
        check_medicines(text)


def test_every_rule_cites_sources_that_resolve_and_none_is_a_seed_article():
    rules = InteractionRule.objects.prefetch_related("citations__source")
    assert rules.count() >= 20
    for rule in rules:
        sources = [c.source for c in rule.citations.all()]
        assert sources, rule.key
        assert all(s.kind != Source.Kind.SEED_ARTICLE and s.title for s in sources), rule.key


def test_for_display_one_rule_lists_every_medicine_it_concerns():
    result = check_medicines("oxycodone, Norco 10/325")
    [opioids] = [g for g in result["by_rule"] if g["rule"] == "opioid-additive-depression"]
    assert [d["drug"] for d in opioids["drugs"]] == ["Oxycodone", "Hydrocodone/acetaminophen"]
    assert len(result["by_rule"]) < len(result["interactions"])
