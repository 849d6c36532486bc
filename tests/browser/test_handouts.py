import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_clinician_builds_previews_downloads_and_copies_the_chart_note(signed_in_page):
    page = signed_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Handout").click()
    expect(page.get_by_role("heading", level=1, name="Handout for the patient")).to_be_visible()
    preview = page.locator("#preview-area")
    expect(preview.get_by_role("heading", name="Does kratom help with pain?")).to_be_visible()
    assert_accessible(page)

    # Untick a section and pick a state: the preview follows without a page load.
    page.get_by_label("What the evidence says about pain").uncheck()
    expect(preview.get_by_role("heading", name="Does kratom help with pain?")).to_have_count(0)
    expect(preview.locator(".preview-status")).to_contain_text("Preview: 7 sections")
    page.get_by_label("Where the patient lives").select_option("US-AL")
    expect(preview.locator(".law-status")).to_have_text("Alabama: Banned.")

    # Medicines: concerns appear by plain name, and the chart note stays free of them.
    page.get_by_label("The patient's medicines (optional)").fill("Xanax, Norco 10/325")
    expect(preview.locator(".concerns")).to_contain_text("Alprazolam (Xanax)")
    note = page.get_by_label("Chart note text")
    expect(note).to_contain_text("Medicine list checked for kratom interactions")
    assert "xanax" not in note.input_value().lower() and "norco" not in note.input_value().lower()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("kratom-handout-")
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Alabama: Banned." in text and "Alprazolam (Xanax)" in text
    assert "Does kratom help with pain?" not in text and "What is kratom?" in text

    page.get_by_role("button", name="Copy chart note").click()
    expect(page.locator("#copy-status")).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Kratom counselling given") and "Alabama (US-AL)" in copied
    assert "xanax" not in copied.lower()


def test_the_readers_claims_link_lands_with_the_counterpoints(signed_in_page):
    page = signed_in_page
    page.goto(f"{page.base_url}/handout/?claim=not-addictive&claim=natural-so-safe")
    expect(page.get_by_label("Kratom is not addictive, or has low addiction potential.")).to_be_checked()
    preview = page.locator("#preview-area")
    expect(preview.get_by_role("heading", name="What you may have read, and what we know")).to_be_visible()
    page.get_by_label("Kratom is natural, so it is safe.").uncheck()
    expect(preview.locator(".claims li")).to_have_count(1)
    assert_accessible(page)
