"""The jurisdictions part of the bundle, and the import/export round trip."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.core.bundle import check_bundle
from aid.regulation.models import Jurisdiction, JurisdictionSource

pytestmark = pytest.mark.django_db

BUNDLE_CSV = "seeds/content/jurisdictions.csv"


def export_text():
    out = io.StringIO()
    call_command("export_jurisdictions", stdout=out)
    return out.getvalue()


def test_the_bundle_has_federal_all_states_and_dc_and_40_countries_with_sources(content):
    assert Jurisdiction.objects.filter(key="US", level="federal").exists()
    assert Jurisdiction.objects.filter(level="state").count() == 51
    assert Jurisdiction.objects.filter(level="country").count() >= 40
    assert not Jurisdiction.objects.filter(sources=None).exists()
    assert not JurisdictionSource.objects.filter(url="").exists()
    assert all(state.parent.key == "US" for state in Jurisdiction.objects.filter(level="state"))


def test_check_content_counts_jurisdictions_by_level():
    bundle = check_bundle()
    counts = bundle.shared["counts"]
    assert counts["jurisdictions_state"] == 51
    assert counts["jurisdictions"] == sum(counts[f"jurisdictions_{level}"] for level in ("federal", "state", "local", "country"))
    assert not [p for p in bundle.problems if "jurisdictions" in p["where"]]


def test_export_reproduces_the_bundle_file_byte_for_byte(content):
    with open(BUNDLE_CSV, encoding="utf-8") as handle:
        assert export_text() == handle.read()


def test_export_to_a_file_matches_stdout(content, tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_jurisdictions", "--out", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == export_text()


def test_import_of_an_edited_export_changes_that_row_and_round_trips(content, tmp_path):
    text = export_text()
    edited = text.replace("US-TX,Texas,state,US,regulated,", "US-TX,Texas,state,US,banned,", 1)
    assert edited != text
    path = tmp_path / "edited.csv"
    path.write_text(edited, encoding="utf-8")
    out = io.StringIO()
    call_command("import_jurisdictions", str(path), stdout=out)
    assert "1 updated" in out.getvalue()
    assert Jurisdiction.objects.get(key="US-TX").status == "banned"
    assert Jurisdiction.objects.get(key="US-TX").history.count() >= 2
    assert export_text() == edited


def test_import_adds_a_new_local_rule_with_its_sources(content, tmp_path):
    lines = export_text().splitlines(keepends=True)
    new = (
        "US-TX-TESTVILLE,\"Testville, Texas\",local,US-TX,banned,,A city ban.,Kratom is banned in this town.,"
        "Ordinance 1,2026-01-01,2026-11-01,,medium,City notice,https://example.org/notice,2026-01,"
        "Local paper,https://example.org/paper,2026-02-03,,,,\n"
    )
    path = tmp_path / "new.csv"
    path.write_text("".join([lines[0], new]), encoding="utf-8")
    call_command("import_jurisdictions", str(path), stdout=io.StringIO())
    town = Jurisdiction.objects.for_code("us-tx-testville")
    assert town.parent.key == "US-TX"
    assert [s.url for s in town.ordered_sources()] == ["https://example.org/notice", "https://example.org/paper"]
    assert town.law_as_of == "2026-02-03"
    assert "US-TX-TESTVILLE" in Jurisdiction.objects.for_code("US-TX").as_json()["local"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("US-TX,Texas,state,US,regulated,", "US-TX,Texas,state,US,legal-ish,", "status 'legal-ish'"),
        ("US-TX,Texas,state,US,", "US-TX,Texas,state,MX,", "parent 'MX' should be 'US'"),
        (",2023-09-01,2026-11-23,", ",2023-09-01,23/11/2026,", "verified_on '23/11/2026' is not a date"),
        ("https://texas.public.law/", "ftp://texas.public.law/", "source2_url"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(content, tmp_path, old, new, message):
    text = export_text()
    # An otherwise valid change elsewhere in the same file must not be applied either.
    changed = text.replace("US-AL,Alabama,state,US,banned,", "US-AL,Alabama,state,US,unclear,", 1)
    assert old in changed
    bad = changed.replace(old, new, 1)
    line = next(n for n, row in enumerate(bad.splitlines(), 1) if row.startswith("US-TX,"))
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    before = {j.key: j.bundle_values() for j in Jurisdiction.objects.all()}
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_jurisdictions", str(path), stderr=err, stdout=io.StringIO())
    assert raised.value.returncode == 2
    assert f"bad.csv:{line}: US-TX: " in err.getvalue()
    assert message in err.getvalue()
    assert {j.key: j.bundle_values() for j in Jurisdiction.objects.all()} == before


def test_a_patient_summary_above_grade_8_is_rejected(content, tmp_path):
    text = export_text()
    hard = (
        "Notwithstanding contemporaneous administrative interpretations, jurisdictional enforcement "
        "methodologies regarding psychoactive botanical preparations remain fundamentally indeterminate."
    )
    old = "In Alabama, kratom is illegal. It is a crime to buy, sell or have it."
    path = tmp_path / "hard.csv"
    path.write_text(text.replace(old, hard, 1), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_jurisdictions", str(path), stderr=err, stdout=io.StringIO())
    assert "US-AL: patient_summary reads at grade" in err.getvalue()
    assert Jurisdiction.objects.get(key="US-AL").patient_summary == old


def test_a_row_without_sources_or_with_an_unknown_parent_is_rejected(content, tmp_path):
    header = export_text().splitlines()[0]
    row = "US-ZZ-NOWHERE,Nowhere,local,US-ZZ,banned,,A ban.,It is banned.,,,2026-11-01,,low,,,,,,,,,,\n"
    path = tmp_path / "orphan.csv"
    path.write_text(f"{header}\n{row}", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_jurisdictions", str(path), stderr=err, stdout=io.StringIO())
    assert "orphan.csv:2: US-ZZ-NOWHERE: parent 'US-ZZ' is not a known jurisdiction" in err.getvalue()
    assert "orphan.csv:2: US-ZZ-NOWHERE: has no source" in err.getvalue()
    assert not Jurisdiction.objects.filter(key="US-ZZ-NOWHERE").exists()


def test_an_admin_edit_is_kept_by_a_bundle_load_unless_forced(content):
    from aid.core.bundle import LoadReport
    from aid.regulation import content as regulation_content

    texas = Jurisdiction.objects.get(key="US-TX")
    texas.summary = "Edited by the clinic pharmacist."
    texas.save()
    bundle = check_bundle()
    report = LoadReport()
    regulation_content.load(bundle, report)
    assert "jurisdiction US-TX" in report.conflicts
    assert Jurisdiction.objects.get(key="US-TX").summary == "Edited by the clinic pharmacist."
    regulation_content.load(bundle, LoadReport(), force=True)
    assert Jurisdiction.objects.get(key="US-TX").summary != "Edited by the clinic pharmacist."
