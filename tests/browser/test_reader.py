import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser

ARTICLE = (
    "Kratom for Pain\n\n"
    "Kratom is not addictive. You cannot overdose on kratom. Kratom is legal in all 50 states.\n"
    "Some users report that kratom may ease their pain.\n"
    "Subscribe to our newsletter."
)


@pytest.fixture
def reader_page(signed_in_page):
    """The signed-in page with the reader's models fitted first: the server runs in this process, so the
    first analysis does not wait for training (which `make run` does ahead with `prepare_reader`)."""
    from aid.reader.matching import get_matcher

    get_matcher()
    return signed_in_page


def test_paste_an_article_see_highlights_and_open_a_claim_panel(reader_page):
    page = reader_page
    page.goto(f"{page.base_url}/reader/")
    assert_accessible(page)
    page.get_by_label("Paste the article's text").fill(ARTICLE)
    page.get_by_role("button", name="Check the claims").click()
    results = page.locator("#reader-results")
    expect(results.locator(".reader-summary")).to_contain_text("contradicted")
    highlight = results.locator("a.hl.verdict-contradicted", has_text="Kratom is not addictive.")
    expect(highlight).to_contain_text("[contradicted]")
    panel = page.locator("#claim-not-addictive")
    expect(panel).not_to_have_attribute("open", "")
    highlight.click()
    expect(panel).to_have_attribute("open", "")
    expect(panel).to_contain_text("Counterpoint for the patient")
    expect(page.get_by_role("button", name="to a handout")).to_be_visible()
    assert_accessible(page)


def test_ask_a_question_on_answer_a_question(reader_page):
    page = reader_page
    page.goto(f"{page.base_url}/evidence/")
    page.get_by_label("What the patient said or asked").fill("I heard it isn't addictive")
    page.get_by_role("button", name="Find the claim").click()
    expect(page.locator("#ask-answer")).to_contain_text("contradicted")
    assert_accessible(page)


def test_a_claim_about_mixing_shows_the_interaction_rules(reader_page):
    page = reader_page
    page.goto(f"{page.base_url}/reader/")
    page.get_by_label("Paste the article's text").fill("Mixing\n\nKratom is safe to take with gabapentin.\n")
    page.get_by_role("button", name="Check the claims").click()
    panel = page.locator("#mixing-checks")
    expect(panel).to_contain_text("gabapentin: major concern in our rules")
    panel.locator("summary").click()
    expect(panel.get_by_role("link", name="Check the patient's own medicines")).to_be_visible()
    assert_accessible(page)
