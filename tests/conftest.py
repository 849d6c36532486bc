"""Shared fixtures: the real content bundle, signed-in clients, and a signed-in Chromium page."""

import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("AID_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"


def ensure_content():
    """Load the real bundle and the groups unless already there (live_server tests empty the tables)."""
    from aid.core.bundle import load_bundle
    from aid.core.models import ContentLoad

    if not ContentLoad.objects.exists():
        load_bundle(force=True)
    if not Group.objects.filter(name="editor").exists():
        call_command("setup_clinic")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_content()


@pytest.fixture
def content(db):
    ensure_content()


def make_user(username, group=None, **extra):
    user = User.objects.create_user(username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def clinician(content):
    return make_user("clinician", "clinician")


@pytest.fixture
def editor(content):
    return make_user("editor", "editor", is_staff=True)


@pytest.fixture
def clinician_client(client, clinician):
    client.force_login(clinician)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def live_content(live_server, transactional_db):
    ensure_content()
    return live_server


@pytest.fixture
def signed_in_page(page, live_content):
    """A Chromium page signed in as a clinician through the real sign-in form."""
    make_user("browser.clinician", "clinician")
    page.goto(f"{live_content.url}/accounts/login/")
    page.get_by_label("Username").fill("browser.clinician")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_content.url}/")
    page.base_url = live_content.url
    return page


def assert_accessible(page):
    """axe-core: no serious or critical violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, "\n".join(bad)
