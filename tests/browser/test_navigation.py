import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, assert_accessible, make_user

pytestmark = pytest.mark.browser

AREAS = ["Answer a question", "Check medicines", "Legal status", "What the patient read", "Handout"]


def test_clinician_reaches_every_area_and_each_page_is_accessible(signed_in_page):
    page = signed_in_page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Start here")
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Main")
    for area in AREAS:
        nav.get_by_role("link", name=area).click()
        expect(nav.get_by_role("link", name=area)).to_have_attribute("aria-current", "page")
        expect(page.locator("footer.site-footer")).to_contain_text("not medical or legal advice")
        assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_sign_in_with_the_keyboard_only(page, live_content):
    make_user("keyboard.user", "clinician")
    page.goto(f"{live_content.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))
    assert_accessible(page)
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("keyboard.user")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Start here")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(signed_in_page):
    page = signed_in_page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
