import pytest

from aid.reader.matching import Matcher, analyze, answer, judge_verdict, ledger_from_bundle


@pytest.fixture(scope="module")
def matcher():
    ledger = ledger_from_bundle()
    return Matcher(ledger.claims, ledger.examples, ledger.jurisdictions)


def judged(matcher, sentence):
    return matcher.judge([sentence])[0]


def test_negation_reverses_the_verdict(matcher):
    denied = judged(matcher, "Kratom is not addictive.")
    affirmed = judged(matcher, "Kratom is addictive.")
    assert (denied["topic"], denied["verdict"]) == ("dependence", "contradicted")
    assert (affirmed["topic"], affirmed["verdict"]) == ("dependence", "supported")
    assert denied["claim"] != affirmed["claim"]


def test_a_hedge_softens_an_overstated_claim(matcher):
    flat = judged(matcher, "Kratom is a natural painkiller that works for chronic pain.")
    hedged = judged(matcher, "Some users report that kratom may ease their pain.")
    assert (flat["topic"], flat["verdict"]) == ("efficacy_pain", "overstated")
    assert (hedged["topic"], hedged["verdict"]) == ("efficacy_pain", "supported")


def test_hedges_negations_and_attribution_move_the_claims_verdict():
    overstated = {"key": "x", "text": "Kratom relieves chronic pain.", "verdict": "overstated"}
    assert judge_verdict("Kratom relieves chronic pain.", "efficacy_pain", overstated) == "overstated"
    assert judge_verdict("Kratom may relieve some pain.", "efficacy_pain", overstated) == "supported"
    supported = {"key": "y", "text": "Kratom can cause dependence.", "verdict": "supported"}
    assert judge_verdict("Kratom does not cause dependence.", "dependence", supported) == "contradicted"
    false = {"key": "z", "text": "You cannot overdose on kratom.", "verdict": "contradicted"}
    assert judge_verdict("People can overdose on kratom.", "adverse_effects", false) == "supported"
    unsupported = {"key": "w", "text": "Kratom treats anxiety.", "verdict": "unsupported"}
    assert judge_verdict("The FDA says there is no reliable evidence that kratom treats anxiety.", "efficacy_other", unsupported) != "unsupported"


def test_questions_and_recommendations_are_neutral_and_doses_unsupported(matcher):
    assert judged(matcher, "Is kratom safe to use every day?")["verdict"] == "neutral"
    assert judged(matcher, "Avoid mixing kratom with alcohol or sleeping pills.")["verdict"] == "neutral"
    dose = judged(matcher, "Beginners should take 3 grams of powder.")
    assert (dose["topic"], dose["verdict"]) == ("dosing", "unsupported")


def test_legal_and_plain_sentences(matcher):
    legal = judged(matcher, "Kratom is legal in all 50 states.")
    assert (legal["topic"], legal["claim"], legal["verdict"]) == ("regulation", "legal-in-all-50-states", "contradicted")
    plain = judged(matcher, "Subscribe to our newsletter for weekly deals.")
    assert (plain["topic"], plain["claim"], plain["verdict"]) == ("none", None, None)


def test_analyze_returns_offsets_and_a_summary(matcher):
    text = "Kratom Guide\n\nKratom is not addictive. It is legal in all 50 states. Thanks for reading."
    result = analyze(text, matcher)
    for s in result["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]
    assert result["summary"]["contradicted"] == 2
    assert sum(result["summary"].values()) == sum(1 for s in result["sentences"] if s["verdict"])


def test_answer_matches_what_the_patient_said(matcher):
    heard = answer("I heard it isn't addictive", matcher)
    assert heard["claim"] == "not-addictive" and not heard["about_law"]
    legal = answer("is it legal in Texas?", matcher)
    assert legal["topic"] == "regulation" and legal["about_law"]
