"""The medicine list lives for one request: never in the database, the logs or the cache."""

import logging

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

MARKER = "Zquxorbital"  # an unmistakable, unrecognizable entry
LIST = f"Xanax 0.5mg, {MARKER} 40mg, Norco 10/325"


def database_contains(text):
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                if any(text in str(value) for value in row):
                    return f"{table} ({columns})"
    from django.contrib.sessions.models import Session

    # Session data is encoded, so a plain scan would miss it.
    if any(text in str(s.get_decoded()) for s in Session.objects.all()):
        return "django_session (decoded)"
    return None


def cache_contains(text):
    found = []
    for cache in caches.all():
        store = getattr(cache, "_cache", {})
        for key, value in store.items():
            if text.lower() in str(key).lower() or text.lower().encode() in bytes(value).lower():
                found.append(key)
    return found


@pytest.mark.django_db(transaction=True)
def test_the_medicine_list_never_reaches_the_database_logs_or_cache(client, caplog, live_server):
    from tests.conftest import ensure_content, make_user

    ensure_content()
    client.force_login(make_user("privacy.clinician", "clinician"))
    caplog.set_level(logging.DEBUG)
    url = reverse("interactions:check")
    full = client.post(url, {"medicines": LIST})
    fragment = client.post(url, {"medicines": LIST}, headers={"HX-Request": "true"})
    bad = client.post(url, {"medicines": ",".join([MARKER] * 101)})
    assert full.status_code == 200 and fragment.status_code == 200 and bad.status_code == 422
    assert MARKER in full.content.decode()  # shown back to the clinician …
    assert MARKER not in full.get("Location", "") and MARKER not in str(full.headers)
    assert database_contains(MARKER) is None  # … but nothing keeps it
    assert database_contains("Norco 10/325") is None
    assert not [r for r in caplog.records if MARKER in r.getMessage()]
    assert cache_contains(MARKER) == []


def test_the_view_marks_the_list_as_sensitive(rf, content):
    from aid.interactions.views import check

    request = rf.post("/medicines/", {"medicines": LIST})
    request.user = type("U", (), {"is_authenticated": True})()
    request.htmx = False
    check(request)
    assert request.sensitive_post_parameters == ("medicines",)
