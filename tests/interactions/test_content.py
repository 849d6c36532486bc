import csv
import shutil

import pytest
import yaml
from django.conf import settings

from aid.core.bundle import Bundle, LoadReport, check_bundle, load_bundle
from aid.interactions import content
from aid.interactions.models import DrugClass, InteractionRule, Medicine

pytestmark = pytest.mark.usefixtures("content")


def mine(problems):
    return [p for p in problems if "interactions.yaml" in p["where"] or "medicines.csv" in p["where"]]


@pytest.fixture
def bundle_copy(tmp_path):
    shutil.copytree(settings.AID_CONTENT_DIR, tmp_path / "seeds")
    return tmp_path / "seeds"


def edit_yaml(root, change):
    path = root / "content" / "interactions.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_the_real_bundle_passes_and_counts_medicines_and_rules():
    bundle = check_bundle()
    assert mine(bundle.problems) == []
    counts = bundle.shared["counts"]
    assert counts["medicines"] >= 300
    assert counts["interaction_rules"] == sum(counts[f"interaction_rules_{s}"] for s in ("major", "moderate", "minor"))
    assert counts["sources"] > 0, "other apps' counts are kept"


def test_check_reports_vocabulary_reference_citation_and_reading_level_problems(bundle_copy):
    def break_rules(data):
        rule = data["rules"][0]
        rule.update(severity="severe", mechanism="magic", evidence="anecdote", classes=["no-such-class"])
        rule["medicines"] = ["no-such-medicine"]
        rule["cite"] = ["no-such-source"]
        rule["patient_text"] = (
            "Concomitant administration of mitragynine-containing botanical preparations with pharmacological "
            "central nervous system depressants potentiates respiratory depression considerably."
        )
        data["rules"][1]["cite"] = []

    edit_yaml(bundle_copy, break_rules)
    problems = " | ".join(p["problem"] for p in mine(check_bundle(bundle_copy).problems))
    for expected in (
        "severity 'severe'", "mechanism 'magic'", "evidence 'anecdote'", "class 'no-such-class'",
        "medicine 'no-such-medicine'", "'no-such-source' resolves to no source", "reads at grade", "has no citation",
    ):
        assert expected in problems


def test_check_reports_medicine_rows_with_unknown_classes_kinds_and_clashing_names(bundle_copy):
    path = bundle_copy / "content" / "medicines.csv"
    rows = list(csv.DictReader(path.open()))
    rows[0]["classes"] = "opioid;not-a-class"
    rows[1]["kind"] = "herb"
    rows[2]["aliases"] = rows[3]["name"]
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=content.MEDICINE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    problems = " | ".join(p["problem"] for p in mine(check_bundle(bundle_copy).problems))
    assert "class 'not-a-class'" in problems
    assert "kind 'herb'" in problems
    assert "also means" in problems


def test_loading_twice_changes_nothing():
    bundle = Bundle()
    content.check(bundle)
    report = LoadReport()
    content.load(bundle, report)
    for name in ("drug classes", "medicines", "interaction rules"):
        assert set(report.counts[name]) == {"unchanged"}, (name, report.counts[name])


def test_an_editors_change_is_kept_and_listed_unless_forced():
    rule = InteractionRule.objects.get(key="opioid-additive-depression")
    rule.advice = "Edited in the admin."
    rule.save()
    med = Medicine.objects.get(key="alprazolam")
    med.classes.remove(DrugClass.objects.get(key="benzodiazepine"))
    bundle, report = Bundle(), LoadReport()
    content.check(bundle)
    content.load(bundle, report)
    assert "interaction rule opioid-additive-depression" in report.conflicts
    assert "medicine alprazolam" in report.conflicts
    assert InteractionRule.objects.get(key="opioid-additive-depression").advice == "Edited in the admin."
    content.load(bundle, LoadReport(), force=True)
    assert InteractionRule.objects.get(key="opioid-additive-depression").advice != "Edited in the admin."
    assert Medicine.objects.get(key="alprazolam").classes.filter(key="benzodiazepine").exists()


def test_export_round_trips(tmp_path):
    content.export(tmp_path)
    original, exported = Bundle(), Bundle(tmp_path)
    exported.shared.update(source_keys=set(original_sources()))
    content.check(original)
    content.check(exported)
    assert mine(exported.problems) == []
    a, b = original.shared["interactions"], exported.shared["interactions"]
    assert a["classes"] == b["classes"]
    assert [(m["key"], m["name"], sorted(m["classes"]), m["aliases"], m["kind"], m["notes"]) for m in a["medicines"]] == [
        (m["key"], m["name"], sorted(m["classes"]), m["aliases"], m["kind"], m["notes"]) for m in b["medicines"]
    ]
    fields = ("key", "severity", "mechanism", "mechanism_detail", "effect", "advice", "patient_text", "evidence", "cite", "reviewed_on")
    assert [[r[f] for f in fields] + [sorted(r["classes"]), sorted(r["medicines"])] for r in a["rules"]] == [
        [r[f] for f in fields] + [sorted(r["classes"]), sorted(r["medicines"])] for r in b["rules"]
    ]


def original_sources():
    from aid.evidence.models import Source

    return Source.objects.exclude(kind=Source.Kind.SEED_ARTICLE).values_list("key", flat=True)


def test_a_whole_load_records_the_counts():
    from aid.core.models import ContentLoad

    load_bundle(force=True)
    counts = ContentLoad.objects.current().counts
    assert counts["medicines"] == Medicine.objects.count()
    assert counts["interaction_rules"] == InteractionRule.objects.count()
