import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.core.models import ContentLoad

pytestmark = pytest.mark.django_db


def run(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    call_command("analyze", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_contract_shape(tmp_path, content):
    path = tmp_path / "article.txt"
    text = "Kratom Facts\nKratom is not addictive. You cannot overdose on it. We ship fast."
    path.write_text(text, encoding="utf-8")
    data = json.loads(run(str(path), "--json"))
    assert data["content_version"] == ContentLoad.objects.current().version
    assert set(data) >= {"content_version", "sentences", "summary"}
    for s in data["sentences"]:
        assert set(s) >= {"start", "end", "text", "topic", "claim", "verdict", "score"}
        assert text[s["start"]:s["end"]] == s["text"]
    by_text = {s["text"]: s for s in data["sentences"]}
    assert by_text["Kratom is not addictive."]["claim"] == "not-addictive"
    assert by_text["Kratom is not addictive."]["verdict"] == "contradicted"
    assert data["summary"]["contradicted"] >= 2


def test_standard_input_and_html_is_reduced_to_text(monkeypatch, content):
    html = b"<html><body><script>alert(1)</script><h1>Kratom</h1><p>Kratom is legal in all 50 states.</p></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html)))
    data = json.loads(run("-", "--json"))
    texts = [s["text"] for s in data["sentences"]]
    assert "Kratom is legal in all 50 states." in texts
    assert not any("alert" in t or "<" in t for t in texts)


def test_human_output_ends_with_the_summary(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_text("Kratom is legal in all 50 states.", encoding="utf-8")
    assert run(str(path)).strip().splitlines()[-1] == "1 claim: 1 contradicted"


@pytest.mark.parametrize(
    "data, message",
    [(b"a" * 100_001, "limit is 100,000"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "not text"),
     (b"caf\xe9 \xff\xfe", "not text")],
)
def test_bad_input_exits_2(tmp_path, data, message, content):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        run(str(path), "--json")
    assert error.value.returncode == 2 and message in str(error.value)


def test_missing_file_exits_2(content):
    with pytest.raises(CommandError) as error:
        run("/nonexistent/article.txt")
    assert error.value.returncode == 2


def test_the_process_exits_2_with_one_line_on_stderr(tmp_path):
    import subprocess

    path = tmp_path / "big.txt"
    path.write_text("x" * 100_001)
    done = subprocess.run([sys.executable, "manage.py", "analyze", str(path), "--json"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "CommandError: the text is 100,001 characters long; the limit is 100,000"
