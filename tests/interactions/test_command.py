import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.usefixtures("content")


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("check_interactions", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_documented_shape():
    from aid.core.models import ContentLoad

    result = json.loads(run("Xanax, oxycodon, Norco 10/325, blorbfen", "--json"))
    assert result["content_version"] == ContentLoad.objects.current().version
    assert [r["input"] for r in result["recognized"]] == ["Xanax", "oxycodon", "Norco 10/325"]
    assert {"input", "name", "classes"} <= set(result["recognized"][0])
    assert result["recognized"][1]["name"] == "Oxycodone"
    assert result["unrecognized"] == ["blorbfen"]
    first = result["interactions"][0]
    assert {"input", "drug", "severity", "mechanism", "effect", "advice", "evidence", "sources"} <= set(first)
    assert first["severity"] == "major"
    assert {"title", "url"} <= set(first["sources"][0])


def test_plain_output_names_each_entry():
    out = run("Xanax, blorbfen")
    assert "Xanax → Alprazolam" in out
    assert "not recognized: blorbfen" in out


@pytest.mark.parametrize("text", ["", " ;, ", ",".join(["x"] * 101)])
def test_bad_input_exits_2_with_a_message(text):
    with pytest.raises(CommandError) as exc:
        call_command("check_interactions", text, "--json")
    assert exc.value.returncode == 2
    assert "\n" not in str(exc.value)
