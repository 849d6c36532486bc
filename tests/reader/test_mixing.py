"""Claims about mixing kratom with medicines are checked against the interaction rules.

Medicines and their expected severities are read from the content the app serves, so the tests follow an
editor's changes and fail when the checker stops reading the rules.
"""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from aid.reader.matching import Matcher, interactions_from_bundle, ledger_from_bundle
from aid.reader.mixing import SEVERITY_RANK, InteractionChecker

URL = reverse("reader:index")


@pytest.fixture(scope="module")
def interactions():
    return interactions_from_bundle(settings.AID_CONTENT_DIR / "content")


@pytest.fixture(scope="module")
def checker(interactions):
    return InteractionChecker(**interactions)


def medicine(interactions, checker, at_least):
    """A medicine with a plain generic name whose worst rule is at least `at_least` (or none at all)."""
    for med in interactions["medicines"]:
        name = med["name"]
        if "(" in name or "/" in name or len(name) < 5:
            continue
        found = checker.named(f"kratom with {name}")
        if len(found) != 1 or found[0]["key"] != med["key"]:
            continue
        rank = SEVERITY_RANK.get(found[0]["severity"], 0)
        if (at_least is None and rank == 0) or (at_least and rank >= SEVERITY_RANK[at_least]):
            return name
    pytest.fail(f"no medicine with a {at_least} rule in the content")


def test_a_claim_that_a_risky_mix_is_safe_is_contradicted(interactions, checker):
    risky = medicine(interactions, checker, "major")
    for sentence in (
        f"Kratom is safe to take with {risky}.",
        f"You can safely combine kratom and {risky}.",
        f"There are no known interactions between kratom and {risky}.",
        f"Kratom can be taken with {risky} safely.",
    ):
        checked = checker.check(sentence)
        assert checked["verdict"] == "contradicted", sentence
        assert checked["medicines"][0]["severity"] == "major"
        assert checked["medicines"][0]["rules"][0]["detail"]


def test_warnings_questions_and_unknown_mixes_are_not_judged_here(interactions, checker):
    risky = medicine(interactions, checker, "major")
    harmless = medicine(interactions, checker, None)
    assert checker.check(f"It is not safe to mix kratom with {risky}.")["verdict"] is None
    assert checker.check(f"Is it safe to take kratom with {risky}?")["verdict"] is None
    assert checker.check(f"Kratom is safe, but never mix it with {risky}.")["verdict"] is None
    # Our rules know no concern: nothing to contradict, so the model decides.
    assert checker.check(f"Kratom is safe to take with {harmless}.")["verdict"] is None
    # "A safe alternative to opioids" says nothing about taking both.
    assert checker.check("Many people look for safe alternatives to opioids.") is None
    assert checker.check("Kratom is a plant from Southeast Asia.") is None


def test_classes_brands_and_slang(checker):
    found = checker.named("Never mix kratom with benzos or Xanax, or with antidepressants, pot or speed.")
    names = [(m["said"], m["kind"]) for m in found]
    assert ("benzos", "class") in names and ("Xanax", "medicine") in names and ("antidepressants", "class") in names
    # Lower-case street names are too ambiguous in prose ("a pot of tea", "the speed of onset").
    assert not any(said in ("pot", "speed") for said, _ in names)
    assert checker.check("Kratom does not interact with antidepressants.")["verdict"] == "contradicted"


def test_the_matcher_and_the_page_show_the_rules(interactions, checker, clinician_client):
    risky = medicine(interactions, checker, "major")
    ledger = ledger_from_bundle()
    matcher = Matcher(ledger.claims, ledger.examples, ledger.jurisdictions, ledger.interactions)
    result = matcher.judge([f"Kratom is safe to take with {risky}."])[0]
    assert (result["topic"], result["verdict"], result["claim"]) == (
        "interactions", "contradicted", "safe-with-medications",
    )
    html = clinician_client.post(URL, {"text": f"Mixing\n\nKratom is safe to take with {risky}.\n"}).content.decode()
    assert 'id="mixing-checks"' in html and "<strong>major</strong> concern in our rules" in html
    assert reverse("interactions:check") in html


def test_analyze_json_carries_the_interaction_check(interactions, checker, content, tmp_path, capsys):
    risky = medicine(interactions, checker, "major")
    path = tmp_path / "a.txt"
    path.write_text(f"Kratom is safe to take with {risky}.", encoding="utf-8")
    call_command("analyze", str(path), "--json")
    sentence = json.loads(capsys.readouterr().out)["sentences"][0]
    assert sentence["verdict"] == "contradicted"
    assert sentence["interaction_check"][0]["said"] == risky
