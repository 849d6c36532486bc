import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.regulation.models import Jurisdiction

pytestmark = pytest.mark.django_db

CONTRACT = {"code", "name", "level", "status", "seven_oh_status", "summary", "instrument", "effective_date",
            "verified_on", "stale", "sources", "local"}


def run(*args):
    out = io.StringIO()
    call_command("legal_status", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("asked, code", [("US", "US"), ("US-AL", "US-AL"), ("TH", "TH"),
                                          ("US-CA-SAN-DIEGO", "US-CA-SAN-DIEGO"), ("Texas", "US-TX"),
                                          ("us-tx", "US-TX"), ("thailand", "TH")])
def test_one_jurisdiction_as_json(content, asked, code):
    data = json.loads(run(asked, "--json"))
    assert CONTRACT <= set(data)
    expected = Jurisdiction.objects.get(key=code)
    assert (data["code"], data["status"], data["name"]) == (code, expected.status, expected.name)
    assert data["verified_on"] == expected.verified_on.isoformat()
    assert data["sources"] and all(s["url"].startswith("http") for s in data["sources"])


def test_alabama_is_banned_with_its_instrument(content):
    data = json.loads(run("US-AL", "--json"))
    assert data["status"] == "banned"
    assert "2016" in data["instrument"] + data["effective_date"]


def test_all_as_a_json_list(content):
    data = json.loads(run("--all", "--json"))
    assert isinstance(data, list) and len(data) == Jurisdiction.objects.count()
    assert all(CONTRACT <= set(item) for item in data)
    california = next(item for item in data if item["code"] == "US-CA")
    assert "US-CA-TUSTIN" in california["local"]


def test_text_output_says_the_status_and_the_verified_date(content):
    text = run("US-AL")
    assert "Alabama (US-AL): banned" in text
    assert "verified on" in text


def test_an_unknown_code_exits_2_with_the_nearest_matches(content):
    with pytest.raises(CommandError) as raised:
        run("Texsa")
    assert raised.value.returncode == 2
    message = str(raised.value)
    assert "unknown jurisdiction 'Texsa'" in message and "US-TX" in message
    assert "\n" not in message


def test_neither_code_nor_all_exits_2(content):
    with pytest.raises(CommandError) as raised:
        run()
    assert raised.value.returncode == 2


def test_a_bare_state_abbreviation_suggests_the_state(content):
    with pytest.raises(CommandError) as raised:
        run("TX")
    assert "nearest: US-TX" in str(raised.value)
