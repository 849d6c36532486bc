import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_topic_patient_wording_seed_claim_and_citation(signed_in_page):
    page = signed_in_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Answer a question").click()
    page.get_by_role("link", name=re.compile("^Dependence, withdrawal")).click()
    expect(page.get_by_role("heading", level=2, name="Harms and risks")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Switch to patient wording").click()
    expect(page.get_by_text("Showing patient wording")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Answer a question").click()
    page.get_by_role("link", name=re.compile("^Seed article 000")).click()
    expect(page.get_by_text("It is not evidence.")).to_be_visible()
    assert_accessible(page)

    # Choosing a highlight swaps the claim panel in place (htmx) without leaving the page.
    url_before = page.url
    page.locator("a.hl").first.click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="The sentence")).to_be_visible()
    expect(panel.get_by_text("What to tell the patient")).to_be_visible()
    assert page.url == url_before
    assert_accessible(page)

    # Following a citation opens the source page, which lists what cites it.
    panel.locator("ol.references a").first.click()
    expect(page.get_by_role("heading", level=2, name="What cites it")).to_be_visible()
    assert_accessible(page)
