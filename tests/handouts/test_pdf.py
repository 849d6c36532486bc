import datetime as dt

import pytest
from django.core.cache import cache
from weasyprint.urls import URLFetchingError

from aid.core.models import ContentLoad
from aid.evidence.models import Statement
from aid.handouts.compose import Choices, compose
from aid.handouts.pdf import BASE_URL, Blocked, StaticFileFetcher, build, cache_key, render_html
from aid.regulation.models import Jurisdiction
from tests.handouts.helpers import flat, pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
MEDS = "Xanax 0.5mg, Norco 10/325, sertraline"


@pytest.fixture
def default_pdf(content):
    return build(Choices(), today=TODAY)


def test_the_default_handout_prints_on_two_letter_pages(default_pdf):
    reader, pages = pdf_text(default_pdf["pdf"])
    assert default_pdf["pages"] == len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a4_paper_follows_the_choice_and_still_fits_two_pages(content):
    result = build(Choices(paper="a4"), today=TODAY)
    reader, _ = pdf_text(result["pdf"])
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert result["pages"] == 2


def test_the_clinic_paper_setting_is_the_default(content, settings):
    settings.AID_PAPER_SIZE = "a4"
    reader, _ = pdf_text(build(Choices(), today=TODAY)["pdf"])
    assert round(float(reader.pages[0].mediabox.height)) == 842


def test_the_text_has_every_section_the_law_the_references_and_a_footer_on_every_page(default_pdf):
    _, pages = pdf_text(default_pdf["pdf"])
    text = flat(" ".join(pages))
    for heading in ("Kratom: what to know", "Key points", "What is kratom?", "Does kratom help with pain?",
                    "Can kratom be habit-forming?", "What side effects can kratom cause?",
                    "Can kratom mix badly with my medicines?", "Is kratom legal where I live?",
                    "Questions to ask your care team", "Where to get help", "Sources"):
        assert heading in text, heading
    assert "United States (federal): Allowed, with limits." in text
    assert flat(Statement.objects.get(key="pain-p-02").text) in text
    assert "pmc.ncbi.nlm.nih.gov/articles/PMC7423016" in text  # a reference, with its URL
    assert "[1, 2]" in text
    version = ContentLoad.objects.current().version
    for number, page in enumerate(pages, start=1):
        page = flat(page)
        assert "it is not medical or legal advice." in page
        assert f"Demo Clinic · Content version {version} · Produced 24 November 2026" in page
        assert f"Page {number} of 2" in page


def test_the_jurisdiction_and_the_medicine_concerns_are_printed(content):
    result = build(Choices(jurisdiction="US-AL", medicines=MEDS), today=TODAY)
    text = flat(" ".join(pdf_text(result["pdf"])[1]))
    assert "Alabama: Banned." in text
    assert Jurisdiction.objects.get(key="US-AL").patient_summary in text
    assert "Your medicines" in text
    assert "SERIOUS CONCERN: Alprazolam (Xanax 0.5mg)." in text
    assert "Moderate concern: Sertraline." in text
    assert "Hydrocodone/acetaminophen (Norco 10/325)" in text


def test_counterpoints_from_the_reader_are_printed_with_their_sources(content):
    result = build(Choices(sections=("overview",), claims=("not-addictive",)), today=TODAY)
    text = flat(" ".join(pdf_text(result["pdf"])[1]))
    assert "What you may have read, and what we know" in text
    assert "You may have read: “Kratom is not addictive, or has low addiction potential.”" in text
    assert "This is not true. Kratom can be habit-forming." in text


def test_the_pdf_is_tagged_with_language_title_and_embedded_fonts(default_pdf):
    reader, _ = pdf_text(default_pdf["pdf"])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/StructTreeRoot"].get_object()["/K"]  # the tree has content, not just a root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Kratom: what to know · Demo Clinic"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and "Kratom: what to know" in xmp
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("+Atkinson-Hyperlegible" in f for f in fonts), fonts


def test_a_cached_repeat_returns_the_same_bytes_and_the_key_holds_no_medicine(content):
    first = build(Choices(), today=TODAY)
    again = build(Choices(), today=TODAY)
    assert not first["cached"] and again["cached"] and again["pdf"] == first["pdf"]
    key = cache_key(Choices(medicines=MEDS), TODAY)
    for word in ("xanax", "norco", "sertraline"):
        assert word not in key.lower()
    assert cache_key(Choices(medicines="sertraline"), TODAY) != key
    assert cache_key(Choices(), TODAY) != cache_key(Choices(), TODAY + dt.timedelta(days=1))


def test_a_handout_listing_medicines_is_never_cached(content):
    first = build(Choices(medicines=MEDS), today=TODAY)
    again = build(Choices(medicines=MEDS), today=TODAY)
    assert not first["cached"] and not again["cached"]
    assert cache.get(cache_key(Choices(medicines=MEDS), TODAY)) is None
    assert pdf_text(first["pdf"])[1] == pdf_text(again["pdf"])[1]


def test_identical_choices_give_identical_content(content):
    first = build(Choices(), today=TODAY)
    cache.clear()
    second = build(Choices(), today=TODAY)
    assert not second["cached"]
    assert pdf_text(first["pdf"])[1] == pdf_text(second["pdf"])[1]


def test_an_admin_edit_is_never_hidden_by_the_cache(content):
    build(Choices(), today=TODAY)
    before = cache_key(Choices(), TODAY)
    statement = Statement.objects.get(key="pain-p-02")
    statement.text = "But it has not been tested in people with pain that lasts a long time."
    statement.save()  # through the model, as the admin does, so history records it
    assert cache_key(Choices(), TODAY) != before
    result = build(Choices(), today=TODAY)
    assert not result["cached"]
    assert "pain that lasts a long time" in flat(" ".join(pdf_text(result["pdf"])[1]))


def test_a_section_above_grade_8_blocks_the_export(content):
    Statement.objects.filter(key="side-effects-p-07").update(
        text="Electroencephalographically characterised epileptiform manifestations have occasionally "
        "accompanied idiosyncratic hypersensitivity reactions."
    )
    with pytest.raises(Blocked) as blocked:
        build(Choices(), today=TODAY)
    assert blocked.value.problems[0]["section"] == "side-effects"


def test_the_fetcher_serves_static_files_only(content):
    fetcher = StaticFileFetcher()
    response = fetcher.fetch(BASE_URL + "static/css/handout.css")
    assert b"Atkinson Hyperlegible" in response.read()
    for url in ("https://example.org/static/css/handout.css", BASE_URL + "static/../aid/settings.py",
                BASE_URL + "media/x.png", "file:///etc/passwd", BASE_URL + "static/css/nothing.css"):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)


def test_the_preview_is_the_same_markup_as_the_pdf(content):
    handout = compose(Choices(), today=TODAY)
    fragment = render_html(handout, standalone=False)
    assert fragment.strip().startswith('<article class="handout"')
    assert fragment.strip() in render_html(handout)
