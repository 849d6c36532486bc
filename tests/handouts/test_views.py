import logging

from django.urls import reverse

from aid.evidence.models import Statement
from aid.handouts.compose import Choices
from aid.handouts.models import HandoutExport
from aid.handouts.pdf import export
from tests.handouts.helpers import flat, pdf_text

BUILDER = reverse("handouts:builder")
PDF = reverse("handouts:pdf")
HTMX = {"HX-Request": "true"}
MEDS = "Xanax 0.5mg, Norco 10/325, Zquxorbital 40mg"
DEFAULT_POST = {
    "sections": ["overview", "pain", "dependence", "side-effects", "interactions", "legal-status", "questions", "help"],
    "jurisdiction": "US",
    "paper": "letter",
}


def test_it_redirects_anonymous_visitors_to_sign_in(client, content):
    for response in (client.get(BUILDER), client.post(BUILDER, DEFAULT_POST), client.post(PDF, DEFAULT_POST)):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert HandoutExport.objects.count() == 0


def test_a_clinician_sees_the_defaults_and_a_preview(clinician_client):
    response = clinician_client.get(BUILDER)
    html = response.content.decode()
    assert response.status_code == 200
    for key in DEFAULT_POST["sections"]:
        assert f'value="{key}" id="id_sections_' in html
    assert html.count(" checked>") >= len(DEFAULT_POST["sections"]) + 1  # sections and the paper size
    assert 'value="mechanism" id="id_sections_2">' in html  # offered, not ticked
    assert '<option value="US" selected>' in html
    assert 'class="handout"' in html and "Does kratom help with pain?" in html
    assert 'id="chart-note"' in html and 'data-copy-target="chart-note"' in html
    assert f'formaction="{PDF}"' in html


def test_editors_can_build_handouts_too(editor_client):
    assert editor_client.get(BUILDER).status_code == 200


def test_the_readers_claims_arrive_as_repeated_parameters(clinician_client):
    response = clinician_client.get(BUILDER + "?claim=not-addictive&claim=natural-so-safe")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="claim" value="not-addictive"' in html and 'name="claim" value="natural-so-safe"' in html
    assert "What you may have read, and what we know" in html
    assert "Natural does not mean safe" in html


def test_an_unknown_claim_or_jurisdiction_in_a_link_is_a_422_not_a_500(clinician_client):
    response = clinician_client.get(BUILDER + "?claim=no-such-claim&jurisdiction=zz")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Select a valid choice" in html and 'class="handout"' not in html


def test_htmx_gets_only_the_preview_fragment(clinician_client):
    response = clinician_client.post(BUILDER, {**DEFAULT_POST, "sections": ["overview", "help"]}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'name="sections"' not in html
    assert "What is kratom?" in html and "Where to get help" in html and "Does kratom help with pain?" not in html
    assert "Preview: 2 sections" in html
    assert "HX-Request" in response["Vary"]


def test_no_section_chosen_re_renders_with_the_message_and_422(clinician_client):
    response = clinician_client.post(BUILDER, {"jurisdiction": "US", "paper": "letter"})
    assert response.status_code == 422
    assert "Choose at least one section." in response.content.decode()
    fragment = clinician_client.post(BUILDER, {"jurisdiction": "US", "paper": "letter"}, headers=HTMX)
    assert fragment.status_code == 422 and "Choose at least one section." in fragment.content.decode()


def test_the_medicines_are_previewed_but_the_chart_note_never_names_them(clinician_client):
    html = clinician_client.post(BUILDER, {**DEFAULT_POST, "medicines": MEDS}).content.decode()
    assert "Alprazolam (Xanax 0.5mg)" in html
    note = html.split('id="chart-note"')[1].split("</textarea>")[0]
    assert "Medicine list checked for kratom interactions" in note
    for name in ("xanax", "alprazolam", "norco", "hydrocodone", "zquxorbital"):
        assert name not in note.lower()


def test_download_gives_the_pdf_and_logs_the_export_without_the_medicines(clinician_client, clinician, caplog):
    caplog.set_level(logging.DEBUG)
    response = clinician_client.post(PDF, {**DEFAULT_POST, "jurisdiction": "US-AL", "medicines": MEDS})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="kratom-handout-')
    assert "no-store" in response["Cache-Control"]
    text = flat(" ".join(pdf_text(response.content)[1]))
    assert "Alabama: Banned." in text and "SERIOUS CONCERN: Alprazolam (Xanax 0.5mg)." in text
    export = HandoutExport.objects.get()
    assert export.user == clinician and export.channel == "web"
    assert export.sections == DEFAULT_POST["sections"] and export.jurisdiction == "US-AL"
    assert export.paper == "letter" and export.pages >= 2 and export.medicines_checked
    stored = str([getattr(export, f.attname) for f in HandoutExport._meta.concrete_fields]).lower()
    for name in ("xanax", "alprazolam", "norco", "zquxorbital"):
        assert name not in stored
        assert not [r for r in caplog.records if name in r.getMessage().lower()]


def test_print_gives_the_same_pdf_inline(clinician_client):
    download = clinician_client.post(PDF, DEFAULT_POST)
    printed = clinician_client.post(PDF, {**DEFAULT_POST, "disposition": "inline"})
    assert printed["Content-Disposition"].startswith("inline;")
    assert pdf_text(printed.content)[1] == pdf_text(download.content)[1]
    assert HandoutExport.objects.count() == 2


def test_pdf_refuses_get_so_medicines_never_ride_in_a_url(clinician_client):
    assert clinician_client.get(PDF + "?sections=overview").status_code == 405


def test_a_section_above_grade_8_blocks_download_with_a_message_and_no_log(clinician_client):
    Statement.objects.filter(key="pain-p-05").update(
        text="Notwithstanding considerable methodological heterogeneity, investigators characterised "
        "statistically significant antinociceptive responsiveness following standardised administration."
    )
    response = clinician_client.post(PDF, DEFAULT_POST)
    html = response.content.decode()
    assert response.status_code == 409
    assert "This handout cannot be printed yet" in html and "Does kratom help with pain?" in html
    assert "pain-p-05" not in html  # the statement keys are for editors
    assert HandoutExport.objects.count() == 0


def test_editors_see_which_statements_to_simplify(editor_client):
    Statement.objects.filter(key="pain-p-05").update(
        text="Notwithstanding considerable methodological heterogeneity, investigators characterised "
        "statistically significant antinociceptive responsiveness following standardised administration."
    )
    html = editor_client.get(BUILDER).content.decode()
    assert "For the editor: simplify" in html and "pain-p-05" in html


def test_the_page_makes_a_constant_number_of_queries(clinician_client, django_assert_num_queries):
    clinician_client.get(BUILDER)  # session and user warm-up
    # session, user, picker lists (2), jurisdiction and its sources, statements and citations,
    # content load (handout and footer), session save (3)
    with django_assert_num_queries(13):
        clinician_client.get(BUILDER)
    # claims add two, however many there are
    with django_assert_num_queries(15):
        clinician_client.get(BUILDER + "?claim=not-addictive")
    with django_assert_num_queries(15):
        clinician_client.get(BUILDER + "?claim=not-addictive&claim=natural-so-safe&claim=safer-than-opioids")


def test_the_export_log_is_read_only_in_the_admin(editor_client, clinician):
    export(Choices(jurisdiction="US-AL"), user=clinician)
    listing = editor_client.get(reverse("admin:handouts_handoutexport_changelist"))
    assert listing.status_code == 200 and "US-AL" in listing.content.decode()
    row = HandoutExport.objects.get()
    assert editor_client.get(reverse("admin:handouts_handoutexport_add")).status_code == 403
    change = editor_client.post(reverse("admin:handouts_handoutexport_change", args=[row.pk]), {"paper": "a4"})
    assert change.status_code in (302, 403) and HandoutExport.objects.get().paper == "letter"
