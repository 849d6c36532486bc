"""The content bundle: validation, all-or-nothing loading, idempotence, editor conflicts, export round trip."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from aid.core.models import ContentLoad
from aid.evidence.models import Claim, Source, Statement

SEEDS = Path(settings.AID_CONTENT_DIR)


def run_check(root=None):
    out = StringIO()
    args = ["--json"] + (["--root", str(root)] if root else [])
    try:
        call_command("check_content", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


@pytest.fixture
def bundle_copy(tmp_path):
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root)
    return root


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def snapshot():
    return (
        ContentLoad.objects.count(),
        Source.objects.count(),
        Statement.objects.count(),
        sorted(Claim.objects.values_list("key", "verdict", "patient")),
    )


def test_the_shipped_bundle_is_valid_and_complete():
    code, result = run_check()
    assert result["problems"] == [] and result["ok"] is True and code == 0
    counts = result["counts"]
    assert counts["sources"] >= 40
    assert counts["topics"] == 10
    assert counts["claims"] >= 25
    assert counts["statements"] > 100
    assert counts["seed_claim_sentences"] > 0
    assert counts["seed_claim_sentences_linked"] <= counts["seed_claim_sentences"]
    assert len(result["content_version"]) == 12


def first_claim_key(root):
    return yaml.safe_load((root / "content/claims.yaml").read_text())[0]["key"]


CORRUPTIONS = {
    "bad citation": (
        lambda root: edit_yaml(root / "content/claims.yaml", lambda d: d[0]["cite"].append("no-such-source")),
        "resolves to no source",
    ),
    "altered quote": (
        lambda root: edit_yaml(
            root / "content/seed_sentences.yaml",
            lambda d: d[0]["sentences"][0].update(quote=d[0]["sentences"][0]["quote"] + " Not in the article."),
        ),
        "not verbatim",
    ),
    "missing date": (
        lambda root: edit_yaml(root / "content/topics/pain.yaml", lambda d: d.pop("reviewed_on")),
        "missing reviewed_on",
    ),
    "grade-12 patient text": (
        lambda root: edit_yaml(
            root / "content/claims.yaml",
            lambda d: d[0].update(
                patient=(
                    "Pharmacokinetic characterisation of mitragynine demonstrates considerable interindividual "
                    "variability attributable to polymorphic cytochrome-mediated biotransformation, "
                    "necessitating individualised therapeutic monitoring considerations."
                )
            ),
        ),
        "Flesch-Kincaid grade",
    ),
    "statement without citation": (
        lambda root: edit_yaml(root / "content/topics/pain.yaml", lambda d: d["clinician"][0].update(cite=[])),
        "has no citation",
    ),
    "one-sided topic": (
        lambda root: edit_yaml(
            root / "content/topics/pain.yaml",
            lambda d: d.update(patient=[s for s in d["patient"] if s["section"] != "benefits" or s is next(
                x for x in d["patient"] if x["section"] == "benefits")] + [
                {**next(x for x in d["patient"] if x["section"] == "harms"), "key": f"pain-pad-{i}"} for i in range(6)
            ]),
        ),
        "not in comparable detail",
    ),
    "topic without harms": (
        lambda root: edit_yaml(
            root / "content/topics/pain.yaml",
            lambda d: d.update(patient=[s for s in d["patient"] if s["section"] != "harms"]),
        ),
        "no 'harms' section",
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_a_corrupted_bundle_fails_check_and_changes_nothing(db, content, bundle_copy, name):
    corrupt, message = CORRUPTIONS[name]
    corrupt(bundle_copy)
    code, result = run_check(bundle_copy)
    assert code == 1 and result["ok"] is False
    assert any(message in p["problem"] for p in result["problems"]), result["problems"]
    assert all(p["where"] for p in result["problems"])

    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_content", "--root", str(bundle_copy), stderr=err)
    assert message in err.getvalue()
    assert snapshot() == before


def test_loading_twice_changes_nothing(db, content):
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "already loaded; nothing to do" in out.getvalue()
    out = StringIO()
    call_command("load_content", "--force", stdout=out)
    text = out.getvalue()
    assert "created" not in text and "updated" not in text and "deleted" not in text
    assert "unchanged" in text


def test_an_editors_change_is_kept_and_reported(db, content, bundle_copy):
    key = first_claim_key(bundle_copy)
    claim = Claim.objects.get(key=key)
    claim.patient = "An editor rewrote this counterpoint in the admin."
    claim.save()
    # Some other change to the bundle, so that it is a new version.
    edit_yaml(bundle_copy / "content/topics/pain.yaml", lambda d: d.update(patient_title=d["patient_title"] + " "))
    out = StringIO()
    call_command("load_content", "--root", str(bundle_copy), stdout=out)
    assert f"kept editor's change (use --force to take the bundle's): claim {key}" in out.getvalue()
    assert Claim.objects.get(key=key).patient == "An editor rewrote this counterpoint in the admin."

    call_command("load_content", "--root", str(bundle_copy), "--force", stdout=StringIO())
    assert Claim.objects.get(key=key).patient != "An editor rewrote this counterpoint in the admin."


def test_export_round_trips_the_bundle(db, content, tmp_path):
    target = tmp_path / "exported"
    call_command("export_content", "--root", str(target), stdout=StringIO())
    code, result = run_check(target)
    assert result["problems"] == [] and code == 0
    original = run_check()[1]["counts"]
    assert result["counts"] == original

    def claims(root):
        return {c["key"]: (c["verdict"], c["topic"], c["cite"]) for c in yaml.safe_load((root / "content/claims.yaml").read_text())}

    assert claims(target) == claims(SEEDS)
    for path in SEEDS.glob("*.txt"):
        assert (target / path.name).read_bytes() == path.read_bytes()
    # Loading the exported bundle finds every row unchanged.
    out = StringIO()
    call_command("load_content", "--root", str(target), "--force", stdout=out)
    assert "created" not in out.getvalue() and "updated" not in out.getvalue()
