"""Security: who reaches what (every URL in the URLconf), CSRF on every POST form, clickjacking, and
cookies/HSTS under production settings."""

import json
import subprocess

from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD
from tests.hardening.conftest import PYTHON, ROOT, SERVER_USER, subprocess_env

PUBLIC = {"login", "healthz"}
CONTENT_APPS = {"evidence", "interactions", "regulation", "handouts"}


def example_kwargs(name):
    from aid.evidence.models import Claim, Source, Topic

    samples = {
        "evidence:topic": lambda: {"key": Topic.objects.values_list("key", flat=True).first()},
        "evidence:claim": lambda: {"key": Claim.objects.values_list("key", flat=True).first()},
        "evidence:seed": lambda: {"key": "seed-000"},
        "evidence:source": lambda: {"key": Source.objects.exclude(kind="seed_article").values_list("key", flat=True).first()},
        "regulation:detail": lambda: {"code": "US-TX"},
    }
    return samples[name]() if name in samples else None


def app_urls():
    """(name, url) for every named, non-admin route; a route with arguments gets a real object's key."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                ns = entry.namespace or namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                if entry.pattern.converters or "<" in str(entry.pattern):
                    kwargs = example_kwargs(name)
                    assert kwargs is not None, f"add an example for the new route {name} to this test"
                    found.append((name, reverse(name, kwargs=kwargs)))
                else:
                    found.append((name, reverse(name)))

    walk(get_resolver().url_patterns, None)
    return found


def admin_urls():
    urls = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append((meta.app_label, f"/admin/{meta.app_label}/{meta.model_name}/"))
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            urls.append((meta.app_label, f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"))
    return urls


def test_anonymous_reaches_only_sign_in_and_healthz(client, content):
    for name, url in app_urls():
        response = client.get(url)
        if name in PUBLIC:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    for _, url in admin_urls() + [("", "/admin/")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_clinician_reaches_every_page_but_no_content_editing(clinician_client):
    for name, url in app_urls():
        response = clinician_client.get(url)
        assert response.status_code < 500, url
        assert response.status_code in (200, 302, 405), f"{url}: {response.status_code}"
        if response.status_code == 302:  # e.g. a POST-only action sends a GET on; never back to sign-in
            assert not response["Location"].startswith("/accounts/login/"), url
        assert response["X-Frame-Options"] == "DENY", url
    for _, url in admin_urls() + [("", "/admin/")]:
        response = clinician_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_editor_edits_content_in_the_admin_but_not_users(editor_client):
    editable = 0
    for app_label, url in admin_urls():
        response = editor_client.get(url)
        if app_label in CONTENT_APPS:
            assert response.status_code == 200, url
            editable += 1
        elif app_label in ("auth", "axes"):
            assert response.status_code == 403, url
        assert response["X-Frame-Options"] == "DENY", url
    assert editable >= 8


def test_every_post_form_refuses_a_request_without_the_csrf_token(clinician, content):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "clinician", "password": PASSWORD})
    assert response.status_code == 403
    browser.force_login(clinician)
    posts = ["/accounts/logout/", "/medicines/", "/reader/", "/reader/ask/", "/handout/", "/handout/pdf/"]
    for url in posts:
        response = browser.post(url, {"medicines": "sertraline", "text": "Kratom is safe.", "said": "safe?"})
        assert response.status_code == 403, url
    # The same request with the token goes through: the 403s above are CSRF, not something else.
    browser.get("/medicines/")
    token = browser.cookies["csrftoken"].value
    assert browser.post("/medicines/", {"medicines": "sertraline", "csrfmiddlewaretoken": token}).status_code == 200


def test_admin_forms_refuse_a_request_without_the_csrf_token(editor, content):
    from aid.evidence.models import Topic

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    topic = Topic.objects.first()
    response = browser.post(f"/admin/evidence/topic/{topic.pk}/change/", {"title": "changed"})
    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.title != "changed"


PRODUCTION_PROBE = """
import json
from django.test import Client
c = Client(HTTP_HOST="aid.example.org")
plain = c.get("/accounts/login/")
secure = c.get("/accounts/login/", secure=True)
signed_in = c.post("/accounts/login/", {"username": USER, "password": PASSWORD}, secure=True)
print(json.dumps({
    "http_status": plain.status_code, "http_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""), "frame": secure.get("X-Frame-Options", ""),
    "signed_in": signed_in.status_code,
    "cookies": {k: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
                for k, m in c.cookies.items()},
}))
"""


def test_production_settings_redirect_to_https_with_hsts_and_secure_cookies(prepared_sqlite):
    env = subprocess_env(
        prepared_sqlite,
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY="production-like-secret-key-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="aid.example.org",
    )
    script = f"USER = {SERVER_USER!r}; PASSWORD = {PASSWORD!r}\n" + PRODUCTION_PROBE
    result = subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["http_status"] == 301 and probe["http_location"].startswith("https://aid.example.org/")
    assert probe["hsts"].startswith("max-age=31536000") and "includeSubDomains" in probe["hsts"]
    assert probe["frame"] == "DENY"
    assert probe["signed_in"] == 302
    for name in ("sessionid", "csrftoken"):
        assert probe["cookies"][name]["secure"], name
        assert probe["cookies"][name]["httponly"], name
        assert probe["cookies"][name]["samesite"] == "Lax", name
