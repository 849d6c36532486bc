import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.handouts.models import HandoutExport
from tests.handouts.helpers import flat, pdf_text

pytestmark = pytest.mark.django_db


def test_it_writes_the_default_handout_and_prints_one_summary_line(content, tmp_path, capsys):
    out = tmp_path / "handout.pdf"
    call_command("handout", "--out", str(out))
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    assert line.startswith(f"{out}: 2 pages, {out.stat().st_size} bytes, grade ")
    assert "pain " in line and "content version " in line
    text = flat(" ".join(pdf_text(out.read_bytes())[1]))
    assert "Does kratom help with pain?" in text and "Page 2 of 2" in text
    assert HandoutExport.objects.get().channel == "command"


def test_json_reports_pages_bytes_and_grade_per_section(content, tmp_path, capsys):
    out = tmp_path / "h.pdf"
    call_command(
        "handout", "--sections", "legal-status,overview", "--jurisdiction", "gb", "--paper", "a4",
        "--meds", "Xanax", "--json", "--out", str(out),
    )
    result = json.loads(capsys.readouterr().out)
    assert result["sections"] == ["overview", "legal-status"]  # print order, whatever order was typed
    assert result["jurisdiction"] == "GB" and result["paper"] == "a4"
    assert result["bytes"] == out.stat().st_size and result["pages"] >= 1
    assert set(result["grades"]) == {"overview", "legal-status"} and result["max_grade"] <= 8
    assert result["medicines_checked"] is False  # no interactions section, so the list is not used
    assert "United Kingdom: Banned." in flat(" ".join(pdf_text(out.read_bytes())[1]))


def test_the_medicines_reach_the_pdf_but_not_the_summary_or_the_log(content, tmp_path, capsys):
    out = tmp_path / "h.pdf"
    call_command("handout", "--meds", "Xanax, Norco", "--json", "--out", str(out))
    printed = capsys.readouterr().out
    assert "xanax" not in printed.lower() and "norco" not in printed.lower()
    assert "Alprazolam (Xanax)" in flat(" ".join(pdf_text(out.read_bytes())[1]))
    assert json.loads(printed)["medicines_checked"] is True
    assert "xanax" not in str(HandoutExport.objects.values().get()).lower()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sections", "overview,astrology"], "unknown section astrology"),
        (["--jurisdiction", "ZZ"], "Unknown jurisdiction 'ZZ'"),
        (["--paper", "legal"], "unknown paper size 'legal'"),
        (["--claims", "nonsense"], "Unknown claim nonsense"),
    ],
)
def test_bad_input_exits_2_with_a_message(content, tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("handout", *args, "--out", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 2
    assert not (tmp_path / "x.pdf").exists()


def test_from_the_shell_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "manage.py", "handout", "--sections", "astrology", "--out", str(tmp_path / "x.pdf")],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "unknown section astrology" in run.stderr
    assert "Traceback" not in run.stderr
