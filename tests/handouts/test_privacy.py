"""The medicine list lives for one request: not in the database, the logs, a cache key or a URL."""

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.interactions.test_privacy import database_contains

MARKER = "Zquxorbital"  # unrecognizable, so it can only ever appear because the list was kept
LIST = f"Xanax 0.5mg, {MARKER} 40mg, Norco 10/325"


def cache_keys():
    return [str(key) for cache in caches.all() for key in getattr(cache, "_cache", {})]


@pytest.mark.django_db(transaction=True)
def test_the_medicine_list_never_reaches_the_database_logs_cache_keys_or_urls(client, caplog, live_server):
    from tests.conftest import ensure_content, make_user

    ensure_content()
    client.force_login(make_user("handout.privacy", "clinician"))
    caplog.set_level(logging.DEBUG)
    form = {"sections": ["overview", "interactions"], "jurisdiction": "US", "paper": "letter", "medicines": LIST}
    preview = client.post(reverse("handouts:builder"), form, headers={"HX-Request": "true"})
    pdf = client.post(reverse("handouts:pdf"), form)
    too_long = client.post(reverse("handouts:builder"), {**form, "medicines": ",".join([MARKER] * 101)})
    assert preview.status_code == 200 and pdf.status_code == 200 and too_long.status_code == 422
    assert "Alprazolam (Xanax 0.5mg)" in preview.content.decode()
    for response in (preview, pdf, too_long):
        assert MARKER not in str(response.headers)
    # The content itself names Xanax and alprazolam, so the database is searched for what was typed.
    for text in (MARKER, "Xanax 0.5mg", "Norco 10/325"):
        assert database_contains(text) is None, text
    for text in (MARKER, "Xanax", "Norco", "alprazolam"):
        assert not [r for r in caplog.records if text.lower() in r.getMessage().lower()], text
        assert not [key for key in cache_keys() if text.lower() in key.lower()], text
