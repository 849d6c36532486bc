"""A medicine list → kratom interaction concerns, most severe first. Plain values in, plain values out.

`check_medicines(text)` is what the page, the command, the handout and the reader call; its result has
the shape documented in the check_interactions command. Nothing here stores or logs the list.
"""

from aid.interactions import resolve
from aid.interactions.models import SEVERITY_ORDER

MAX_ENTRIES = 100
CAVEAT = (
    "Interaction data for kratom are thin: one small human study, case reports and laboratory work. "
    "No rule found is not proof that a combination is safe."
)

# Concerns that grow with the number of medicines sharing a mechanism, not with any one pair.
COMBINED = [
    {
        "key": "sedation",
        "classes": {
            "opioid", "opioid-partial-agonist", "benzodiazepine", "z-drug", "barbiturate", "gabapentinoid",
            "muscle-relaxant", "sedating-antihistamine", "cns-depressant", "alcohol", "cannabis",
        },
        "medicines": {"xylazine", "tianeptine", "quetiapine"},
        "title": "{n} sedating medicines or substances plus kratom",
        "text": (
            "{names} each add to kratom's sedation. Together the risk of oversedation, slowed breathing and "
            "overdose is greater than for any one pair. Review whether all are needed, advise against kratom, "
            "and offer naloxone."
        ),
    },
    {
        "key": "serotonergic",
        "classes": {"ssri", "snri", "tca", "maoi", "serotonergic"},
        "medicines": set(),
        "title": "{n} serotonergic medicines plus kratom",
        "text": (
            "{names} all raise serotonin. Adding kratom, which may slow their clearance, adds to the risk of "
            "serotonin toxicity: watch for agitation, tremor, sweating, fever and fast heart rate."
        ),
    },
    {
        "key": "qt",
        "classes": {"qt-prolonging"},
        "medicines": set(),
        "title": "{n} QT-prolonging medicines plus kratom",
        "text": (
            "{names} can each prolong the QT interval, and mitragynine blocks the same potassium channel in "
            "laboratory studies. Consider an ECG and checking potassium and magnesium."
        ),
    },
    {
        "key": "seizure",
        "classes": {"seizure-threshold", "stimulant"},
        "medicines": set(),
        "title": "{n} medicines that lower the seizure threshold plus kratom",
        "text": (
            "{names} can each make seizures more likely, and seizures are reported with kratom use. "
            "Ask about seizure history and advise against kratom."
        ),
    },
]


class InputError(ValueError):
    """The list cannot be checked (empty, or too long); the message is safe to show."""


def check_medicines(text):
    entries = resolve.split_entries(text)
    if not entries:
        raise InputError("Enter at least one medicine.")
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"Enter at most {MAX_ENTRIES} medicines at a time ({len(entries)} were given).")
    cat = resolve.catalog()
    resolved = [resolve.resolve_entry(entry, cat) for entry in entries]
    return summarise(resolved, cat)


def summarise(resolved, cat):
    recognized, unrecognized, did_you_mean = [], [], []
    for item in resolved:
        for med in item["matches"]:
            recognized.append(
                {
                    "input": item["input"],
                    "name": med["name"],
                    "classes": med["classes"],
                    "class_names": med["class_names"],
                    "key": med["key"],
                    "kind": med["kind"],
                    "match": med["match"],
                    "matched": med["matched"],
                    "in_table": med["in_table"],
                }
            )
        if item["status"] not in ("recognized", "kratom"):
            unrecognized.append(item["input"])
        if item["suggestions"]:
            did_you_mean.append({"input": item["input"], "suggestions": item["suggestions"]})
    interactions = find_interactions(recognized, cat.rules)
    concerned = {i["medicine"] for i in interactions}
    no_known_concern = [
        {"input": r["input"], "name": r["name"], "in_table": r["in_table"]}
        for r in recognized
        if (r["key"] or r["name"]) not in concerned
    ]
    return {
        "content_version": cat.version,
        "recognized": recognized,
        "unrecognized": unrecognized,
        "did_you_mean": did_you_mean,
        "not_recognized": [
            {"input": item["input"], "suggestions": item["suggestions"]}
            for item in resolved
            if item["status"] not in ("recognized", "kratom")
        ],
        "kratom_entries": [item["input"] for item in resolved if item["status"] == "kratom"],
        "interactions": interactions,
        "combined": combined_concerns(recognized, interactions),
        "by_rule": by_rule(interactions),
        "no_known_concern": no_known_concern,
        "caveat": CAVEAT,
    }


def find_interactions(recognized, rules):
    """One concern per medicine and rule; a medicine typed twice (Xanax, alprazolam) lists both entries."""
    found, seen, inputs = [], set(), {}
    for med in recognized:
        inputs.setdefault(med["key"], []).append(med["input"])
    for order, med in enumerate(recognized):
        if not med["key"]:
            continue
        classes = set(med["classes"])
        for position, rule in enumerate(rules):
            if (med["key"], rule["key"]) in seen:
                continue
            if med["key"] in rule["medicines"] or classes & rule["classes"]:
                seen.add((med["key"], rule["key"]))
                found.append((SEVERITY_ORDER.get(rule["severity"], 9), order, position, med, rule))
    found.sort(key=lambda item: item[:3])
    return [
        {
            "input": med["input"],
            "inputs": list(dict.fromkeys(inputs[med["key"]])),
            "drug": med["name"],
            "severity": rule["severity"],
            "mechanism": rule["mechanism"],
            "mechanism_detail": rule["mechanism_detail"],
            "effect": rule["effect"],
            "advice": rule["advice"],
            "patient_text": rule["patient_text"],
            "evidence": rule["evidence"],
            "evidence_label": rule["evidence_label"],
            "rule": rule["key"],
            "medicine": med["key"],
            "sources": [dict(source) for source in rule["sources"]],
        }
        for _, _, _, med, rule in found
    ]


def by_rule(interactions):
    """The same concerns grouped by rule, for display: one card per rule naming every medicine it hits."""
    groups = {}
    for item in interactions:
        group = groups.setdefault(item["rule"], {**item, "drugs": []})
        group["drugs"].append({"drug": item["drug"], "inputs": item["inputs"]})
    for group in groups.values():
        for field in ("input", "inputs", "drug", "medicine"):
            group.pop(field)
    return list(groups.values())


def combined_concerns(recognized, interactions):
    concerns = []
    for group in COMBINED:
        members = {}
        for med in recognized:
            if med["key"] and (set(med["classes"]) & group["classes"] or med["key"] in group["medicines"]):
                members.setdefault(med["key"], med)
        if len(members) < 2:
            continue
        names = [m["name"] for m in members.values()]
        related = [i for i in interactions if i["medicine"] in members]
        sources = list({s["key"]: s for i in related for s in i["sources"]}.values())
        severity = min((i["severity"] for i in related), key=lambda s: SEVERITY_ORDER.get(s, 9), default="moderate")
        concerns.append(
            {
                "key": group["key"],
                "severity": severity,
                "title": upper_first(group["title"].format(n=number_word(len(names)))),
                "text": group["text"].format(names=join_names(names)),
                "inputs": [m["input"] for m in members.values()],
                "drugs": names,
                "sources": sources,
            }
        )
    concerns.sort(key=lambda c: SEVERITY_ORDER.get(c["severity"], 9))
    return concerns


def number_word(n):
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    return words.get(n, str(n))


def upper_first(text):
    return text[:1].upper() + text[1:]


def join_names(names):
    names = [upper_first(n) if i == 0 else n for i, n in enumerate(names)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
