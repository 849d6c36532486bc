"""Faults: the database goes away and comes back; a content load is killed half-way."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.conftest import PASSWORD
from tests.hardening.conftest import PYTHON, ROOT, SERVER_USER, gunicorn, subprocess_env
from aid.core.loadtest import Session


def test_pages_show_the_friendly_503_while_the_database_is_down(clinician, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(clinician)

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", unreachable)
        for url in ("/", "/evidence/", "/medicines/", "/legal/"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert b"briefly unavailable" in response.content
            assert b"Traceback" not in response.content and b"Connection refused" not in response.content
            assert response["Retry-After"] == "30"
    assert client.get("/").status_code == 200


def test_a_real_server_answers_503_while_the_database_is_missing_and_recovers(sqlite_copy):
    db_dir = sqlite_copy.parent
    away = db_dir.with_name("db-away")
    # A connection per request, so the outage is seen at once (a held connection would hide it).
    with gunicorn(sqlite_copy, DATABASE_CONN_MAX_AGE="0") as (port, process):
        browser = Session("127.0.0.1", port)
        browser.sign_in(SERVER_USER, PASSWORD)
        assert browser.get("/evidence/")[0] == 200

        balancer = Session("127.0.0.1", port)  # no cookies, like a load balancer's probe
        db_dir.rename(away)
        try:
            status, _, body = balancer.get("/healthz")
            assert status == 503
            health = json.loads(body)
            assert health["ok"] is False and health["database"] == "unreachable" and health["reason"]
            status, headers, body = browser.get("/evidence/")
            assert status == 503
            assert b"briefly unavailable" in body and b"Traceback" not in body
        finally:
            away.rename(db_dir)

        status, _, body = balancer.get("/healthz")
        assert status == 200 and json.loads(body)["ok"] is True
        assert browser.get("/evidence/")[0] == 200
        browser.close()
        balancer.close()
    log = open(process.log_path, encoding="utf-8", errors="replace").read()
    # The operator's log names the outage (django.request adds its traceback there; the user never sees it).
    assert "database unavailable: OperationalError" in log


KILL_MID_LOAD = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aid.settings")
django.setup()
import aid.interactions.content as step
real_load = step.load
def load_then_hang(bundle, report, force=False):
    real_load(bundle, report, force=force)
    print("WRITING", flush=True)
    time.sleep(120)
step.load = load_then_hang
from django.core.management import call_command
call_command("load_content", "--root", sys.argv[1])
"""


def rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:  # opening rolls back a hot journal, as the app's next open would
        return conn.execute(sql).fetchall()


def test_a_load_killed_half_way_leaves_the_previous_content_served(sqlite_copy, tmp_path):
    from django.conf import settings

    bundle = tmp_path / "seeds"
    shutil.copytree(settings.AID_CONTENT_DIR, bundle)
    topic = bundle / "content" / "topics" / "overview.yaml"
    text = topic.read_text(encoding="utf-8")
    old_title = next(line for line in text.splitlines() if line.startswith("title:"))
    topic.write_text(text.replace(old_title, 'title: "Overview (half-loaded edition)"'), encoding="utf-8")

    before_version = rows(sqlite_copy, "select version from core_contentload order by loaded_at desc, id desc")[0]
    before_statements = rows(sqlite_copy, "select count(*) from evidence_statement")

    process = subprocess.Popen(
        [PYTHON, "-c", KILL_MID_LOAD, str(bundle)],
        cwd=ROOT,
        env=subprocess_env(sqlite_copy),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        line = b""
        while time.monotonic() < deadline and b"WRITING" not in line:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
        assert b"WRITING" in line, process.stderr.read().decode()[-2000:]
        # The write transaction is open: the evidence rows are written but not committed.
        assert os.path.exists(f"{sqlite_copy}-journal") or os.path.exists(f"{sqlite_copy}-wal")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    assert rows(sqlite_copy, "select version from core_contentload order by loaded_at desc, id desc")[0] == before_version
    assert rows(sqlite_copy, "select title from evidence_topic where key = 'overview'")[0][0] == old_title.split(":", 1)[1].strip().strip('"')
    assert rows(sqlite_copy, "select count(*) from evidence_statement") == before_statements

    # And the app serves the previous version: the footer and /healthz still name it.
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", "from aid.core.models import ContentLoad; print(ContentLoad.objects.current().version)"],
        cwd=ROOT, env=subprocess_env(sqlite_copy), capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip() == before_version[0]
