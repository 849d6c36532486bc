"""This app's part of the content bundle (see aid.core.bundle): check, load, export.

Files: content/medicines.csv (the medicine dictionary) and content/interactions.yaml (drug classes and
kratom interaction rules). Rules cite sources loaded by the evidence app.
"""

from collections import Counter
from pathlib import Path


from aid.core import readability
from aid.core.readability import MAX_PATIENT_GRADE
from aid.core.bundle import prune, upsert, write_csv, write_yaml

MEDICINES = "medicines.csv"
INTERACTIONS = "interactions.yaml"
MEDICINE_COLUMNS = ["key", "name", "classes", "aliases", "kind", "notes"]
KINDS = ("generic", "combination", "substance")
SEVERITIES = ("major", "moderate", "minor")
MECHANISMS = ("pharmacodynamic", "pharmacokinetic")
RULE_EVIDENCE = ("clinical_study", "case_reports", "in_vitro", "theoretical")
RULE_FIELDS = ("severity", "mechanism", "mechanism_detail", "effect", "advice", "patient_text", "evidence")


def split_list(value):
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def name_key(name):
    return " ".join(name.lower().split())


def check(bundle):
    data = bundle.yaml(INTERACTIONS) or {}
    if not isinstance(data, dict):
        bundle.problem(f"content/{INTERACTIONS}", "must be a mapping with 'classes' and 'rules'")
        data = {}
    classes = check_classes(bundle, data.get("classes") or [])
    medicines = check_medicines(bundle, set(classes))
    rules = check_rules(bundle, data.get("rules") or [], set(classes), {m["key"] for m in medicines})
    bundle.shared["interactions"] = {"classes": classes, "medicines": medicines, "rules": rules}
    severities = Counter(rule.get("severity") for rule in rules)
    bundle.shared.setdefault("counts", {}).update(
        {
            "drug_classes": len(classes),
            "medicines": len(medicines),
            "medicine_names": sum(1 + len(m["aliases"]) for m in medicines),
            "interaction_rules": len(rules),
            **{f"interaction_rules_{s}": severities.get(s, 0) for s in SEVERITIES},
        }
    )


def check_classes(bundle, items):
    classes = {}
    for index, item in enumerate(items):
        where = f"content/{INTERACTIONS}: classes[{index}]"
        if not isinstance(item, dict):
            bundle.problem(where, "must be a mapping")
            continue
        key = item.get("key")
        if not bundle.check_slug(where, key):
            continue
        where = f"content/{INTERACTIONS}: class {key}"
        if key in classes:
            bundle.problem(where, "duplicate class key")
            continue
        bundle.require(where, item, ["name", "patient_name"])
        classes[key] = {"key": key, "name": str(item.get("name") or ""), "patient_name": str(item.get("patient_name") or "")}
    return classes


def check_medicines(bundle, class_keys):
    medicines, keys, owner = [], set(), {}
    for line, row in bundle.csv(MEDICINES, MEDICINE_COLUMNS):
        where = f"content/{MEDICINES}:{line}"
        if not bundle.check_slug(where, row["key"]):
            continue
        where = f"content/{MEDICINES}:{line}: {row['key']}"
        if row["key"] in keys:
            bundle.problem(where, "duplicate medicine key")
            continue
        keys.add(row["key"])
        bundle.require(where, row, ["name", "classes", "kind"])
        if row["kind"] and row["kind"] not in KINDS:
            bundle.problem(where, f"kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        classes = split_list(row["classes"])
        for unknown in [c for c in classes if c not in class_keys]:
            bundle.problem(where, f"class {unknown!r} is not a class in {INTERACTIONS}")
        aliases = split_list(row["aliases"])
        # A name that means two medicines would make the checker guess: each must point at one.
        for name in dict.fromkeys(name_key(n) for n in [row["name"], *aliases] if n):
            if name in owner and owner[name] != row["key"]:
                bundle.problem(where, f"name {name!r} also means {owner[name]!r}")
            owner.setdefault(name, row["key"])
        medicines.append({**row, "classes": classes, "aliases": aliases})
    return medicines


def check_rules(bundle, items, class_keys, medicine_keys):
    rules, keys = [], set()
    for index, item in enumerate(items):
        where = f"content/{INTERACTIONS}: rules[{index}]"
        if not isinstance(item, dict):
            bundle.problem(where, "must be a mapping")
            continue
        key = item.get("key")
        if not bundle.check_slug(where, key):
            continue
        where = f"content/{INTERACTIONS}: rule {key}"
        if key in keys:
            bundle.problem(where, "duplicate rule key")
            continue
        keys.add(key)
        bundle.require(where, item, list(RULE_FIELDS))
        check_choice(bundle, where, item, "severity", SEVERITIES)
        check_choice(bundle, where, item, "mechanism", MECHANISMS)
        check_choice(bundle, where, item, "evidence", RULE_EVIDENCE)
        classes, medicines = item.get("classes") or [], item.get("medicines") or []
        if not classes and not medicines:
            bundle.problem(where, "applies to no class and no medicine")
        for unknown in [c for c in classes if c not in class_keys]:
            bundle.problem(where, f"class {unknown!r} is not a class in {INTERACTIONS}")
        for unknown in [m for m in medicines if m not in medicine_keys]:
            bundle.problem(where, f"medicine {unknown!r} is not in {MEDICINES}")
        grade = readability.grade(str(item.get("patient_text") or "x"))
        if grade > MAX_PATIENT_GRADE:
            bundle.problem(where, f"patient_text reads at grade {grade:.1f}; plain language needs 8 or lower")
        bundle.check_cites(where, item.get("cite"))
        reviewed = bundle.check_reviewed(where, item.get("reviewed_on"))
        rules.append({**item, "classes": classes, "medicines": medicines, "reviewed_on": reviewed})
    return rules


def check_choice(bundle, where, item, field, allowed):
    if item.get(field) and item[field] not in allowed:
        bundle.problem(where, f"{field} {item[field]!r} is not one of {', '.join(allowed)}")


# --- load ---------------------------------------------------------------------------------------


def load(bundle, report, force=False):
    from aid.evidence.models import Source
    from aid.interactions.models import DrugClass, InteractionRule, Medicine, RuleCitation

    data = bundle.shared.get("interactions")
    if data is None:
        check(bundle)
        data = bundle.shared["interactions"]
    classes = {}
    for position, item in enumerate(data["classes"].values()):
        fields = {"name": item["name"], "patient_name": item["patient_name"]}
        classes[item["key"]] = upsert(DrugClass, item["key"], fields, report, force=force)
        set_position(DrugClass, classes[item["key"]], position)
    medicines = {}
    for position, row in enumerate(data["medicines"]):
        fields = {"name": row["name"], "kind": row["kind"], "aliases": row["aliases"], "notes": row["notes"]}
        wanted = [classes[k] for k in row["classes"] if k in classes]
        medicines[row["key"]] = upsert(
            Medicine, row["key"], fields, report, force=force,
            related={"classes": sorted(c.key for c in wanted)},
            apply_related=lambda obj, wanted=wanted: obj.classes.set(wanted),
        )
        set_position(Medicine, medicines[row["key"]], position)
    sources = {s.key: s for s in Source.objects.filter(key__in={k for r in data["rules"] for k in r.get("cite") or []})}

    def relate(rule):
        def apply(obj):
            obj.classes.set([classes[k] for k in rule["classes"]])
            obj.medicines.set([medicines[k] for k in rule["medicines"]])
            obj.citations.all().delete()
            RuleCitation.objects.bulk_create(
                RuleCitation(rule=obj, source=sources[k], position=i) for i, k in enumerate(rule["cite"])
            )
        return apply

    for position, rule in enumerate(data["rules"]):
        fields = {name: rule[name] for name in RULE_FIELDS} | {"reviewed_on": rule["reviewed_on"]}
        related = {
            "classes": sorted(rule["classes"]),
            "medicines": sorted(rule["medicines"]),
            "cite": list(rule["cite"]),
        }
        obj = upsert(InteractionRule, rule["key"], fields, report, force=force, related=related, apply_related=relate(rule))
        set_position(InteractionRule, obj, position)
    prune(InteractionRule, [r["key"] for r in data["rules"]], report)
    prune(Medicine, list(medicines), report)
    prune(DrugClass, list(classes), report)


def set_position(model, obj, position):
    # Positions keep the bundle's order for export; they are not content, so they never count as an edit.
    if obj.position != position:
        model.objects.filter(pk=obj.pk).update(position=position)


# --- export -------------------------------------------------------------------------------------


def export(root):
    from aid.interactions.models import DrugClass, InteractionRule, Medicine

    content = Path(root) / "content"
    content.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "key": m.key,
            "name": m.name,
            "classes": ";".join(c.key for c in m.classes.all()),
            "aliases": ";".join(m.aliases),
            "kind": m.kind,
            "notes": m.notes,
        }
        for m in Medicine.objects.with_classes()
    ]
    write_csv(content / MEDICINES, MEDICINE_COLUMNS, rows)
    classes = [
        {"key": c.key, "name": c.name, "patient_name": c.patient_name} for c in DrugClass.objects.all()
    ]
    rules = []
    for rule in InteractionRule.objects.prefetch_related("citations__source", "classes", "medicines"):
        item = {"key": rule.key}
        item["classes"] = [c.key for c in sorted(rule.classes.all(), key=lambda c: (c.position, c.key))]
        item["medicines"] = [m.key for m in sorted(rule.medicines.all(), key=lambda m: (m.position, m.key))]
        item.update({name: getattr(rule, name) for name in RULE_FIELDS})
        item["cite"] = [c.source.key for c in rule.citations.all()]
        item["reviewed_on"] = rule.reviewed_on
        rules.append(item)
    write_yaml(content / INTERACTIONS, {"classes": classes, "rules": rules})
