"""Legal claims in an article are checked against the legal-status table (the table decides, not the model).

The expected answers are read from the same table the app serves, so the tests follow the content when an
editor changes a row, and fail when the checker stops reading it.
"""

import csv

import pytest
from django.conf import settings
from django.urls import reverse

from aid.reader.legal import LegalChecker

URL = reverse("reader:index")
URL_LEGAL = reverse("regulation:index")


@pytest.fixture(scope="module")
def table():
    path = settings.AID_CONTENT_DIR / "content" / "jurisdictions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def checker(table):
    return LegalChecker(table)


def state(table, *statuses):
    return next(r for r in table if r["level"] == "state" and r["status"] in statuses)


def test_a_ban_the_table_confirms_is_supported_and_a_wrong_one_contradicted(table, checker):
    banned, open_ = state(table, "banned"), state(table, "regulated", "unregulated")
    right = checker.check(f"Kratom is banned in {banned['name']}.")
    assert right["verdict"] == "supported"
    assert right["places"][0]["code"] == banned["code"] and right["places"][0]["verified_on"] == banned["verified_on"]
    wrong = checker.check(f"Kratom is currently banned in {banned['name']} and {open_['name']}.")
    assert wrong["verdict"] == "contradicted"
    assert {p["code"]: p["agrees"] for p in wrong["places"]} == {banned["code"]: True, open_["code"]: False}


def test_negation_and_exceptions_turn_the_claim_round(table, checker):
    banned = state(table, "banned")
    assert checker.check(f"Kratom is legal in {banned['name']}.")["verdict"] == "contradicted"
    assert checker.check(f"Kratom is not legal in {banned['name']}.")["verdict"] == "supported"
    assert checker.check(f"Kratom is legal in every state except {banned['name']}.")["verdict"] == "supported"


def test_history_bills_and_local_places_are_left_to_the_model(table, checker):
    banned, open_ = state(table, "banned"), state(table, "regulated", "unregulated")
    assert checker.check(f"{open_['name']} banned kratom in 2014.") is None
    assert checker.check(f"Lawmakers in {open_['name']} are considering a bill to ban kratom.") is None
    assert checker.check(f"Kratom may be banned in {banned['name']} soon.") is None
    assert checker.check(f"Kratom is banned in Union County, {open_['name']}.") is None
    assert checker.check("Kratom is a plant from Southeast Asia.") is None


def test_a_count_of_banning_states_is_checked(table, checker):
    bans = sum(1 for r in table if r["level"] == "state" and r["status"] == "banned" and r["code"] != "US-DC")
    assert checker.check(f"Kratom is banned in {bans} states.")["verdict"] == "supported"
    assert checker.check(f"Kratom is banned in {bans + 1} states.")["verdict"] == "contradicted"
    assert checker.check(f"Kratom is legal in at least {50 - bans + 1} states.")["verdict"] == "contradicted"


def test_7oh_claims_are_checked_against_the_7oh_column(table, checker):
    row = next(r for r in table if r["level"] == "state" and r["seven_oh_status"] == "banned" and r["status"] != "banned")
    assert checker.check(f"7-OH is legal in {row['name']}.")["verdict"] == "contradicted"
    assert checker.check(f"Kratom leaf is banned in {row['name']}.")["verdict"] == "contradicted"


def test_the_page_shows_what_the_table_says_with_a_link(clinician_client, table):
    banned, open_ = state(table, "banned"), state(table, "regulated", "unregulated")
    text = f"Kratom Laws\n\nKratom is banned in {banned['name']} and {open_['name']}.\n"
    html = clinician_client.post(URL, {"text": text}).content.decode()
    assert 'id="legal-checks"' in html and "[contradicted · legal status]" in html
    assert f"{open_['name']}: the article says banned; our table says {open_['status']}" in html
    assert f"The table agrees (banned) for <a href=\"{URL_LEGAL}?code={banned['code']}\">{banned['name']}</a>" in html
    assert f"?code={open_['code']}" in html


def test_the_federal_row_and_unregulated_claims(table, checker):
    federal = next(r for r in table if r["level"] == "federal")
    regulated = state(table, "regulated")
    if federal["status"] == "restricted":
        assert checker.check("Kratom is illegal in the United States.")["verdict"] == "contradicted"
        assert checker.check("Kratom is legal in the USA.") is None  # "restricted" is not a yes or no
    assert checker.check(f"Kratom is completely unregulated in {regulated['name']}.")["verdict"] == "contradicted"
    # A claim about some states names the country only as context.
    assert checker.check("In the US, kratom is illegal in some states.") is None


def test_subjects_and_campaigns_are_not_claims(table, checker):
    banned, open_ = state(table, "banned"), state(table, "regulated", "unregulated")
    assert checker.check(f"The legal history of kratom in {banned['name']}:") is None
    assert checker.check(f"His mother is advocating for an outright ban on kratom sales in {open_['name']}.") is None
    assert checker.check(f"The committee discussed a potential ban in {open_['name']}.") is None


def test_a_sentence_naming_neither_is_about_what_the_sentence_before_named_last(table, checker):
    row = next(
        r for r in table if r["level"] == "state" and r["seven_oh_status"] == "banned" and r["status"] != "banned"
    )
    claim = f"{row['name']} has banned them."
    about_7oh = checker.check(claim, before="Kratom shops now sell 7-OH tablets.")
    assert about_7oh["verdict"] == "supported" and about_7oh["places"][0]["status"] == "banned"
    about_leaf = checker.check(claim, before="7-OH is made from kratom leaves.")
    assert about_leaf["verdict"] == "contradicted" and about_leaf["places"][0]["status"] == row["status"]
    # A sentence that names kratom itself keeps its own subject.
    assert checker.check(f"Kratom is banned in {row['name']}.", before="7-OH tablets are new.")["verdict"] == "contradicted"
