"""Staleness, 'law as of' and the JSON shape, against the real bundle with a frozen clock."""

import datetime as dt

import pytest
import time_machine

from aid.regulation.models import Jurisdiction

pytestmark = pytest.mark.django_db


def entry(code):
    return Jurisdiction.objects.for_code(code)


def test_an_entry_becomes_stale_the_day_after_its_default_180_day_interval(content):
    alaska = entry("US-AK")
    assert alaska.verified_on == dt.date(2026, 7, 5) and alaska.review_days is None
    with time_machine.travel(dt.date(2027, 1, 1)):
        assert not alaska.is_stale()
        assert not alaska.as_json()["stale"]
    with time_machine.travel(dt.date(2027, 1, 2)):
        assert alaska.is_stale()
        assert alaska.as_json()["stale"]
        assert alaska in Jurisdiction.objects.overdue()


def test_a_row_review_interval_overrides_the_default(content):
    federal = entry("us")
    assert federal.review_days == 30
    due = federal.verified_on + dt.timedelta(days=30)
    assert not federal.is_stale(today=due)
    assert federal.is_stale(today=due + dt.timedelta(days=1))
    assert federal in Jurisdiction.objects.overdue(due + dt.timedelta(days=1))
    assert federal not in Jurisdiction.objects.overdue(due)


def test_the_clinic_can_shorten_the_default_interval(content, settings):
    alaska = entry("US-AK")
    settings.AID_LEGAL_REVIEW_DAYS = 10
    assert alaska.is_stale(today=alaska.verified_on + dt.timedelta(days=11))
    assert alaska in Jurisdiction.objects.overdue(alaska.verified_on + dt.timedelta(days=11))


def test_law_as_of_is_the_newest_source_date_even_when_partial(content):
    texas = entry("US-TX")
    dates = [s.date for s in texas.ordered_sources()]
    assert "2025" in dates and "2023-11-21" in dates
    assert texas.law_as_of == "2025"


def test_for_code_accepts_any_case_and_returns_none_for_unknown(content):
    assert entry("us-al").key == "US-AL"
    assert entry("US-CA-SAN-DIEGO").parent.key == "US-CA"
    assert entry("ZZ") is None
    assert entry("") is None


def test_json_has_the_contract_fields(content):
    data = entry("US-CA").as_json()
    for field in ("code", "name", "level", "status", "seven_oh_status", "summary", "instrument",
                  "effective_date", "verified_on", "stale", "sources", "local"):
        assert field in data
    assert data["sources"] and set(data["sources"][0]) == {"title", "url", "date"}
    assert "US-CA-SAN-DIEGO" in data["local"]
    assert all(code.startswith("US-CA-") for code in data["local"])
