import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_clinician_types_a_list_sees_concerns_as_they_pause_and_clears_it(signed_in_page):
    page = signed_in_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check medicines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check medicines")
    page.wait_for_load_state("load")  # htmx is deferred; keystrokes before it loads trigger nothing
    box = page.get_by_label(re.compile("Medicines, separated by"))
    box.press_sequentially("Xanax 0.5mg, oxycodon, Norco 10/325, blorbfen", delay=20)
    # No click: htmx posts after the pause in typing.
    results = page.locator("#results")
    # The first check in a process loads the offline drug dictionary (about 2 s, more on a busy machine).
    expect(results.get_by_role("heading", name="Interaction concerns, most severe first")).to_be_visible(timeout=20_000)
    expect(results.get_by_role("heading", name="Combined concerns")).to_be_visible()
    expect(results.locator(".badge").first).to_have_text("Major")
    expect(results).to_contain_text("blorbfen")
    expect(results).to_contain_text("not recognized — check spelling")
    expect(results.get_by_role("cell", name="Hydrocodone/acetaminophen")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/medicines/$"))  # the list never reaches the URL
    assert_accessible(page)
    page.get_by_role("link", name="Clear").click()
    expect(box).to_have_value("")
    expect(results.get_by_role("heading", name="Interaction concerns, most severe first")).to_have_count(0)


def test_without_javascript_the_check_button_shows_the_results(browser, live_content):
    from tests.conftest import PASSWORD, make_user

    make_user("nojs.clinician", "clinician")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_content.url}/accounts/login/")
    page.get_by_label("Username").fill("nojs.clinician")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_content.url}/medicines/")
    page.get_by_label(re.compile("Medicines, separated by")).fill("lisinopril, Xanax")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#results")).to_contain_text("Alprazolam")
    expect(page.locator("#results")).to_contain_text("no known kratom interaction")
    context.close()
