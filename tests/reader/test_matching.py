import pytest

from aid.reader.matching import Matcher, analyze, answer, fingerprint, judge_verdict, ledger_from_bundle, load_or_train


@pytest.fixture(scope="module")
def matcher():
    ledger = ledger_from_bundle()
    return Matcher(ledger.claims, ledger.examples, ledger.jurisdictions, ledger.interactions)


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


def test_fitted_models_are_saved_once_and_reused(tmp_path, monkeypatch):
    ledger = ledger_from_bundle(include_dev=False)
    first = load_or_train(ledger, tmp_path)
    saved = list(tmp_path.glob("matcher-*.pickle"))
    assert len(saved) == 1 and saved[0].name == f"matcher-{fingerprint(ledger)}.pickle"

    # The next process loads the file instead of training.
    monkeypatch.setattr(Matcher, "__init__", lambda *args: pytest.fail("trained again"))
    again = load_or_train(ledger, tmp_path)
    sentence = "Kratom is not addictive and is legal in all 50 states."
    assert again.judge([sentence]) == first.judge([sentence])


def test_a_damaged_model_file_is_replaced_not_fatal(tmp_path):
    ledger = ledger_from_bundle(include_dev=False)
    path = tmp_path / f"matcher-{fingerprint(ledger)}.pickle"
    path.write_bytes(b"not a model")
    matcher = load_or_train(ledger, tmp_path)
    assert matcher.judge(["Kratom is not addictive."])[0]["topic"] == "dependence"
    assert path.read_bytes() != b"not a model"


def test_a_changed_ledger_gets_its_own_model(tmp_path):
    ledger = ledger_from_bundle(include_dev=False)
    before = fingerprint(ledger)
    ledger.claims[0] = {**ledger.claims[0], "verdict": "supported" if ledger.claims[0]["verdict"] != "supported" else "overstated"}
    assert fingerprint(ledger) != before
