import logging

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from aid.evidence.models import Source

URL = reverse("reader:index")
ASK = reverse("reader:ask")
MARKER = "Zebrafinch kratom cures everything and is not addictive."
ARTICLE = f"Kratom Facts\n\n{MARKER} Kratom is legal in all 50 states. You cannot overdose on kratom.\n"


def test_anonymous_is_sent_to_sign_in(client, content):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(ASK, {"said": "x"}).status_code == 302


def test_clinician_and_editor_see_the_form(clinician_client, content):
    response = clinician_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="text"' in html and 'type="file"' in html and 'name="seed"' in html


def test_editor_can_use_it_too(editor_client):
    assert editor_client.get(URL).status_code == 200


def test_pasted_article_is_marked_with_verdicts_panels_and_summary(clinician_client):
    response = clinician_client.post(URL, {"text": ARTICLE})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="hl verdict-contradicted"' in html and "[contradicted]" in html
    assert 'id="claim-not-addictive"' in html and 'id="claim-legal-in-all-50-states"' in html
    assert "claims:" in html and "contradicted" in html
    assert f'action="{reverse("handouts:builder")}"' in html
    assert 'name="claim" value="not-addictive"' in html


def test_query_count_does_not_grow_with_the_article(clinician_client, django_assert_num_queries):
    clinician_client.post(URL, {"text": ARTICLE})  # the first request in a process trains the matcher
    with django_assert_num_queries(12):
        clinician_client.post(URL, {"text": ARTICLE})
    with django_assert_num_queries(12):
        clinician_client.post(URL, {"text": ARTICLE * 20 + "Kratom can damage the liver. Kratom is FDA approved."})


def test_htmx_gets_the_results_fragment(clinician_client):
    response = clinician_client.post(URL, {"text": ARTICLE}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="reader-results"' in html
    assert "HX-Request" in response["Vary"]


def test_seed_article_can_be_picked(clinician_client):
    seed = Source.objects.filter(kind=Source.Kind.SEED_ARTICLE).order_by("filename").first()
    html = clinician_client.post(URL, {"seed": seed.key}).content.decode()
    assert "claims:" in html and "verdict-overstated" in html


def test_html_upload_is_stripped_and_escaped(clinician_client):
    page = (b"<html><head><script>alert('x')</script></head><body><h1>Kratom</h1>"
            b"<p>Kratom is not addictive.</p><img src=x onerror=alert(1)></body></html>")
    upload = SimpleUploadedFile("page.html", page, content_type="text/html")
    html = clinician_client.post(URL, {"upload": upload}).content.decode()
    assert "Kratom is not addictive." in html
    assert "alert(" not in html and "onerror" not in html


def test_pasted_markup_is_escaped_never_rendered(clinician_client):
    text = 'Kratom is not addictive. <img src=x onerror="alert(1)"> Kratom is legal in all 50 states.'
    html = clinician_client.post(URL, {"text": text}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_pasted_page_source_loses_its_scripts(clinician_client):
    text = '<p>Kratom is not addictive.</p><script>alert("x")</script>'
    html = clinician_client.post(URL, {"text": text}).content.decode()
    assert "Kratom is not addictive." in html and "alert(" not in html


@pytest.mark.parametrize(
    "data, message",
    [({}, "one of them"), ({"text": "x" * 100_001}, "100000"),
     ({"upload": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, ".txt or .html"),
     ({"upload": SimpleUploadedFile("a.txt", b"\x00\x01\x02binary")}, "not text")],
)
def test_bad_input_is_422_with_a_message(clinician_client, data, message):
    response = clinician_client.post(URL, data)
    assert response.status_code == 422
    assert message in response.content.decode().replace(",", "")


def test_the_article_never_persists(clinician_client, caplog, tmp_path):
    cache.clear()
    caplog.set_level(logging.DEBUG)
    response = clinician_client.post(URL, {"text": ARTICLE})
    assert response.status_code == 200
    assert MARKER.split()[0] not in caplog.text
    dump = tmp_path / "dump.json"
    call_command("dumpdata", output=str(dump), verbosity=0)
    assert "Zebrafinch" not in dump.read_text()
    cached = repr(list(cache._cache.keys())) + repr([cache.get(k.split(":", 2)[-1]) for k in cache._cache])
    assert "Zebrafinch" not in cached
    assert "Zebrafinch" not in dict(clinician_client.session)
    assert "Zebrafinch" not in response.get("Location", "")


def test_get_never_analyses(clinician_client):
    html = clinician_client.get(URL, {"text": ARTICLE}).content.decode()
    assert "Zebrafinch" not in html and "claims:" not in html


def test_ask_box_is_on_answer_a_question(clinician_client):
    html = clinician_client.get(reverse("evidence:index")).content.decode()
    assert f'action="{ASK}"' in html and 'name="said"' in html


def test_ask_shows_the_claim_verdict_and_counterpoint(clinician_client):
    response = clinician_client.post(ASK, {"said": "I heard it isn't addictive"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "verdict-contradicted" in html and reverse("evidence:topic", args=["dependence"]) in html
    assert reverse("regulation:index") not in html.split('id="ask-answer"')[1].split("</div>")[0]


def test_ask_about_the_law_links_to_legal_status(clinician_client):
    html = clinician_client.post(ASK, {"said": "is it legal in Texas?"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert reverse("regulation:index") in html and "Texas" in html


def test_ask_about_medicines_links_to_the_check(clinician_client):
    html = clinician_client.post(ASK, {"said": "can I mix kratom with my medications?"}).content.decode()
    assert reverse("interactions:check") in html


def test_ask_names_the_medicines_said_with_what_the_rules_say(clinician_client):
    html = clinician_client.post(ASK, {"said": "my friend says kratom is fine with Xanax"}).content.decode()
    answer = html.split('id="ask-answer"')[1]
    assert "Xanax (Alprazolam): <strong>major</strong> concern in our rules" in answer
    # The claim shown is the one about mixing, whatever else the words resemble.
    assert reverse("evidence:claim", args=["safe-with-medications"]) in answer and "verdict-contradicted" in answer
    assert reverse("interactions:check") in answer
    # Nothing named, nothing listed.
    plain = clinician_client.post(ASK, {"said": "I heard it isn't addictive"}).content.decode()
    assert "Named in what the patient said" not in plain


def test_ask_empty_is_422(clinician_client):
    assert clinician_client.post(ASK, {"said": ""}).status_code == 422
    assert clinician_client.get(ASK).status_code == 302
