"""No patient data at rest, in logs or in the cache: every flow runs with a marker medicine and a marker
article, then the whole database, the captured logs and standard error, and the cache are searched."""

import io
import logging
import pickle

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.hardening.conftest import run_command

MED = "ZZMARKERMED123"
ARTICLE = "ZZMARKERARTICLE"
MARKERS = (MED, ARTICLE)


def found_in(text):
    text = text.lower()
    return [m for m in MARKERS if m.lower() in text]


def database_dump():
    """Every row of every table as text; session data decoded, since it is stored encoded."""
    from django.contrib.sessions.backends.db import SessionStore

    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                parts.append(f"{table}: {row!r}")
                if table == "django_session":
                    parts.append(repr(SessionStore().decode(row[1])))
    return "\n".join(parts)


def cache_dump():
    cache = caches["default"]
    store = getattr(cache, "_cache", None)
    if store is None:
        pytest.skip("the cache is not local memory here; its contents cannot be listed")
    parts = []
    for key, value in list(store.items()):
        parts.append(key)
        try:
            value = pickle.loads(value)
        except Exception:
            pass
        parts.append(repr(value))
        for item in (value.values() if isinstance(value, dict) else [value]):
            if isinstance(item, bytes) and item.startswith(b"%PDF"):
                from pypdf import PdfReader

                parts.append(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(item)).pages))
    return "\n".join(parts)


def post(client, url, data, expect=(200, 422)):
    response = client.post(url, data)
    assert response.status_code in expect, f"{url}: {response.status_code}"
    return response


def run_every_flow(client, tmp_path):
    from aid.handouts.sections import DEFAULT_KEYS

    medicines = f"{MED}, oxycodone, sertraline 50mg"
    article = f"Kratom is not addictive, says {ARTICLE}. {ARTICLE} claims kratom cures chronic pain."
    post(client, "/medicines/", {"medicines": medicines})
    client.post("/medicines/", {"medicines": medicines}, headers={"HX-Request": "true"})
    post(client, "/medicines/", {"medicines": "\n".join([MED] * 500)}, expect=(422,))
    post(client, "/reader/", {"text": article})
    post(client, "/reader/", {"upload": SimpleUploadedFile("a.html", f"<p>{article}</p>".encode())})
    post(client, "/reader/", {"upload": SimpleUploadedFile("a.exe", article.encode())}, expect=(422,))
    post(client, "/reader/ask/", {"said": f"{ARTICLE} said it is not addictive"})
    handout = {"sections": list(DEFAULT_KEYS) + ["interactions"], "jurisdiction": "US-TX", "paper": "letter",
               "medicines": medicines}
    post(client, "/handout/", handout)
    response = post(client, "/handout/pdf/", handout, expect=(200,))
    assert response.content.startswith(b"%PDF")
    run_command("check_interactions", medicines, "--json")
    (tmp_path / "article.txt").write_text(article)
    run_command("analyze", tmp_path / "article.txt", "--json")
    run_command("handout", f"--meds={medicines}", "--out", tmp_path / "h.pdf")


@pytest.fixture
def every_flow_ran(clinician_client, tmp_path, caplog, capfd):
    for name in ("/reader/", "/handout/"):
        if clinician_client.get(name).status_code != 200:
            pytest.skip(f"{name} has not landed")
    caches["default"].clear()
    caplog.set_level(logging.DEBUG)
    run_every_flow(clinician_client, tmp_path)
    out, err = capfd.readouterr()
    return {"logs": caplog.text, "stderr": err, "stdout": out}


def test_the_markers_are_nowhere_in_the_database(every_flow_ran):
    assert found_in(database_dump()) == []


def test_the_markers_are_in_no_log_line_and_not_on_standard_error(every_flow_ran):
    assert found_in(every_flow_ran["logs"]) == []
    assert found_in(every_flow_ran["stderr"]) == []


def test_the_markers_are_nowhere_in_the_cache(every_flow_ran):
    assert found_in(cache_dump()) == []
