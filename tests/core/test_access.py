import json

import pytest
from django.urls import reverse

PAGES = [
    "home",
    "evidence:index",
    "interactions:check",
    "regulation:index",
    "reader:index",
    "handouts:builder",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_sign_in(client, content, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", PAGES)
def test_clinician_sees_each_area_with_the_layout(clinician_client, name):
    response = clinician_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Answer a question", "Check medicines", "Legal status", "What the patient read", "Handout"):
        assert label in html
    assert "not medical or legal advice" in html
    assert "Sign out" in html
    assert "Skip to main content" in html


def test_footer_shows_the_loaded_content_version(clinician_client):
    from aid.core.models import ContentLoad

    version = ContentLoad.objects.current().version
    assert version in clinician_client.get("/").content.decode()


def test_clinician_cannot_reach_the_admin(clinician_client):
    response = clinician_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_can_reach_the_admin(editor_client):
    assert editor_client.get("/admin/").status_code == 200


def test_sign_in_page_is_public(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_sign_in_with_the_right_password_reaches_home(client, clinician):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "clinician", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"Start here" in response.content


def test_wrong_password_shows_a_message(client, clinician):
    response = client.post(reverse("login"), {"username": "clinician", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_failed_sign_ins_are_throttled(client, clinician, settings):
    from tests.conftest import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clinician", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clinician", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content


def test_sign_out_needs_post_and_ends_the_session(clinician_client):
    response = clinician_client.post(reverse("logout"))
    assert response.status_code == 302
    assert clinician_client.get("/").status_code == 302


def test_session_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_healthz_is_public_and_reports_database_and_version(client, content):
    from aid.core.models import ContentLoad

    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {
        "ok": True,
        "database": "ok",
        "content_version": ContentLoad.objects.current().version,
        "content_loaded": True,
    }


def test_healthz_answers_503_when_the_database_is_unreachable(client, content, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"


def test_an_overlong_username_is_refused_before_sign_in_is_tried(client, clinician):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "x" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert b"did not match" in response.content
    assert not AccessAttempt.objects.filter(username__startswith="xxx").exists()
