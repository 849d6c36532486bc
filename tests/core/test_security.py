import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]


def test_security_headers_on_every_page(clinician_client):
    response = clinician_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(clinician_client):
    html = clinician_client.get("/").content.decode()
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "hx-on" not in html


def test_htmx_is_vendored_and_configured_for_the_policy(clinician_client):
    html = clinician_client.get("/").content.decode()
    assert "js/htmx.min.js" in html
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html
    assert (ROOT / "static/js/htmx.min.js").read_text().startswith("/* htmx 2.")


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": "x" * 30 + "production-like-secret-key-value-1234567890",
        "DJANGO_ALLOWED_HOSTS": "aid.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_page_is_a_404_in_the_layout(clinician_client):
    response = clinician_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"not medical or legal advice" in response.content


def test_server_error_page_has_no_traceback(client, clinician):
    from aid.core.errors import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(None)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"Traceback" not in response.content


def test_database_outage_shows_a_friendly_503(client, clinician):
    from django.db import OperationalError

    from aid.core.errors import server_error

    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = server_error(None)
    assert response.status_code == 503
    assert b"briefly unavailable" in response.content
