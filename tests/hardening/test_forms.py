"""Bad input in every form: whatever is typed, pasted or uploaded, the answer is a page (4xx with a message
when the input is wrong), never a 500, and nothing typed comes back as live markup."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.hardening.conftest import FORM_PAGES, forms_on, post_forms

FUZZ = hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

SCRIPT = "<script>alert('zz')</script>"
IMG = '<img src=x onerror="alert(1)">'
NASTY = [
    "",
    "   \n\t ",
    SCRIPT + IMG,
    "</textarea>" + SCRIPT,
    '"><svg onload=alert(1)>',
    "{{ request }} {% debug %}",
    "US-ZZ",
    "ZZ-NOT-A-CODE",
    "../../etc/passwd",
    "'; DROP TABLE auth_user; --",
    "\x00\x01\x02\x7f",
    "Ã©Ã¨ mojibake â€™ text",
    "\u202eevil\u200b\ufeff",
    "ü" * 5000,
    "x" * 120_000,  # beyond the reader's 100,000-character limit
    ", ".join(["oxycodone"] * 300),  # hundreds of medicines
    "\n".join(f"medicine{i}" for i in range(600)),
    "Xanax 0.5mg; Norco 10/325; ✓ ☠ 💊",
]
texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
)
uploads = st.one_of(
    st.none(),
    st.builds(
        lambda name, data: SimpleUploadedFile(name, data),
        st.sampled_from(["a.txt", "a.html", "a.exe", "a.pdf", "noext", "a.TXT"]),
        st.one_of(
            st.binary(max_size=2000),
            st.sampled_from(
                [
                    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                    "caf\xe9 kratom is safe".encode("latin-1"),
                    "kratom is safe".encode("utf-16"),
                    (SCRIPT + IMG + "<p>Kratom cures pain.</p>").encode(),
                    b"a" * 500_000,
                ]
            ),
        ),
    ),
)


def has_message(body):
    return 'role="alert"' in body or 'class="error' in body or "errorlist" in body or "field-error" in body


def value_for(choices, data):
    if choices:
        return data.draw(st.one_of(st.sampled_from(choices), texts))
    return data.draw(texts)


def assert_page_not_error(response, label):
    assert response.status_code < 500, f"{label} answered {response.status_code}"
    body = response.content.decode(errors="replace")
    assert SCRIPT not in body and IMG not in body, f"{label} echoed markup unescaped"
    if response.status_code == 422:
        assert has_message(body), f"{label}: 422 without a visible message"


def submit(client, page, form, data):
    url = form["action"] or page
    values = {name: value_for(choices, data) for name, choices in form["fields"].items()}
    if form["method"] == "get":
        return url, client.get(url, values)
    for name in form["files"]:
        upload = data.draw(uploads)
        if upload is not None:
            values[name] = upload
    return url, client.post(url, values)


@pytest.mark.parametrize("page", FORM_PAGES)
@FUZZ
@given(data=st.data())
def test_every_form_answers_bad_input_without_a_server_error(clinician_client, page, data):
    forms = forms_on(clinician_client, page)
    if not forms:
        pytest.skip(f"{page} has no form yet (its app has not landed)")
    form = data.draw(st.sampled_from(forms))
    url, response = submit(clinician_client, page, form, data)
    assert_page_not_error(response, f"{form['method'].upper()} {url}")


@FUZZ
@given(username=texts, password=texts)
def test_sign_in_answers_any_input_with_a_message(client, content, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code in (200, 403, 422, 429)
    body = response.content.decode()
    assert "did not match" in body or "Too many" in body or "This field is required" in body or "Null" in body
    assert SCRIPT not in body


@FUZZ
@given(topic=texts, verdict=texts, hx=st.booleans())
def test_claims_filter_answers_any_query(clinician_client, topic, verdict, hx):
    headers = {"HX-Request": "true"} if hx else {}
    response = clinician_client.get("/evidence/claims/", {"topic": topic, "verdict": verdict}, headers=headers)
    assert_page_not_error(response, "claims filter")


@FUZZ
@given(code=texts, sort=texts, status=texts, level=texts)
def test_legal_status_picker_and_filter_answer_any_query(clinician_client, code, sort, status, level):
    query = {"code": code, "sort": sort, "status": status, "level": level}
    response = clinician_client.get("/legal/", query)
    assert_page_not_error(response, "legal status")
    if response.status_code == 422:
        assert "did you mean" in response.content.decode().lower() or has_message(response.content.decode())


@FUZZ
@given(code=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_legal_status_detail_answers_unknown_codes_with_not_found(clinician_client, code):
    from urllib.parse import quote

    response = clinician_client.get(f"/legal/{quote(code.replace('/', '-'), safe='')}/")
    assert response.status_code in (200, 301, 302, 404)


def test_hundreds_of_medicines_get_a_message_about_the_limit(clinician_client):
    from aid.interactions.rules import MAX_ENTRIES

    response = clinician_client.post("/medicines/", {"medicines": "\n".join(["sertraline"] * (MAX_ENTRIES * 10))})
    assert response.status_code == 422
    assert str(MAX_ENTRIES) in response.content.decode()


def test_a_body_beyond_the_upload_limit_is_refused_with_400(clinician_client):
    big = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = clinician_client.post("/medicines/", {"medicines": big})
    assert response.status_code == 400


# --- the reader: pasted and uploaded articles --------------------------------------------------------


def reader_form(client):
    forms = [f for f in post_forms(client, "/reader/") if f["files"]]
    if not forms:
        pytest.skip("the reader's upload form has not landed")
    return forms[0]


def text_field(form):
    return next(name for name, choices in form["fields"].items() if choices is None)


def test_pasted_article_markup_is_never_rendered(clinician_client):
    form = reader_form(clinician_client)
    article = f"Kratom is not addictive. {SCRIPT} It cures pain {IMG} in days. <b onmouseover=alert(2)>x</b>"
    response = clinician_client.post(form["action"], {text_field(form): article})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and "onerror=" not in body.replace("onerror=&quot;", "")
    assert "<b onmouseover" not in body
    assert "&lt;script&gt;" in body or "alert" not in body


def test_uploaded_html_article_is_reduced_to_text(clinician_client):
    form = reader_form(clinician_client)
    html = f"<html><body><p>Kratom is not addictive.</p>{SCRIPT}{IMG}</body></html>".encode()
    response = clinician_client.post(form["action"], {form["files"][0]: SimpleUploadedFile("a.html", html)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and 'onerror="alert' not in body
    assert "Kratom is not addictive" in body


@pytest.mark.parametrize(
    "name, data",
    [
        ("article.exe", b"MZ\x90\x00" + bytes(range(256))),
        ("article.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("article.txt", b"k" * 450_000),
        ("article.pdf", b"%PDF-1.7\n"),
    ],
    ids=["wrong-type", "binary", "too-big", "pdf"],
)
def test_an_unreadable_upload_gets_a_message(clinician_client, name, data):
    form = reader_form(clinician_client)
    response = clinician_client.post(form["action"], {form["files"][0]: SimpleUploadedFile(name, data)})
    assert response.status_code == 422
    assert has_message(response.content.decode())


def test_an_article_beyond_the_limit_gets_a_message(clinician_client):
    form = reader_form(clinician_client)
    response = clinician_client.post(form["action"], {text_field(form): "Kratom is safe. " * 8000})
    assert response.status_code == 422
