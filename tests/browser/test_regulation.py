import re

import pytest
from playwright.sync_api import expect

from aid.regulation.models import Jurisdiction
from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_clinician_picks_a_state_reads_its_status_and_finds_its_source(signed_in_page):
    page = signed_in_page
    alabama = Jurisdiction.objects.for_code("US-AL")
    source = alabama.ordered_sources()[0]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Legal status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Is kratom legal")
    assert_accessible(page)

    page.get_by_label("State or country").select_option("US-AL")
    page.get_by_role("button", name="Show").click()
    entry = page.locator("#legal-entry")
    expect(entry.get_by_role("heading", level=2)).to_contain_text("Alabama")
    expect(entry.locator(".status-line")).to_contain_text("banned")
    expect(entry).to_contain_text(alabama.status_meaning)
    expect(entry).to_contain_text("Verified on")
    expect(page).to_have_url(re.compile(r"code=US-AL"))
    link = entry.get_by_role("link", name=source.title)
    expect(link).to_have_attribute("href", source.url)
    assert_accessible(page)

    # The table filter swaps only the table; the picked state stays.
    page.get_by_label("Status").select_option("regulated")
    expect(page.locator("#legal-table")).to_contain_text("with status “regulated”")
    expect(page.locator("#legal-table tbody tr").first).to_contain_text("regulated")
    expect(entry.get_by_role("heading", level=2)).to_contain_text("Alabama")

    # The map links each state to its own entry.
    page.get_by_role("link", name=re.compile(r"^Texas: ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Texas")
    assert_accessible(page)
