"""Medicine names as typed → medicines in the content table (or, failing that, the offline drug dictionary).

Order, and why: our own table first (it knows combination brands, street names and alcohol, which the
dictionary does not); then an exact hit in drug-named-entity-recognition, mapped back to our table by
generic name; only then a spelling correction against our own table, and only when it is close and
unambiguous (a real drug name one letter away from another must not be "corrected"). The dictionary's
own fuzzy mode is never used: it turns "Xanex" into enalaprilat and "weed" into testosterone, and a
missed sedative reads as "no concern". Anything less certain becomes "did you mean …?" or "not recognized".
"""

import logging
import re
import threading
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

log = logging.getLogger(__name__)

SPLIT = re.compile(r"[,;\n\r]+")
BULLET = re.compile(r"^\s*(?:[-*•·]+|\d{1,2}[.)])\s+")
PARENS = re.compile(r"[(\[]([^)\]]*)[)\]]")
STRENGTH = re.compile(
    r"(?<![a-z])\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)*\s*"
    r"(?:mg|mcg|µg|ug|gm|g|ml|l|%|iu|units?|meq|mmol|puffs?|drops?)?"
    r"(?:\s*/\s*(?:ml|hr|h|day|dose|actuation|5\s*ml))?(?![a-z])"
)
FORM_WORDS = (
    "extended release|extended-release|immediate release|delayed release|sustained release|controlled release|"
    "orally disintegrating|as needed|at bedtime|a day|per day|every|hours?|times?|"
    "tablets?|tabs?|capsules?|caps?|patch(?:es)?|transdermal|er|xr|sr|cr|xl|dr|ir|la|cd|odt|ec|"
    "oral|solution|suspension|liquid|syrup|elixir|injection|injectable|inj|iv|im|subq|sc|"
    "cream|ointment|gel|spray|nasal|inhaler|inh|film|lozenges?|gum|pen|vial|powder|chewable|"
    "sublingual|sl|buccal|po|prn|daily|qd|qday|bid|tid|qid|qhs|hs|qam|qpm|q\\d+h|qod|weekly|monthly|"
    "once|twice|nightly|take|takes|taking|mg|mcg"
)
FORMS = re.compile(rf"(?<![a-z0-9])(?:{FORM_WORDS})(?![a-z0-9])")
MAX_ENTRY_CHARS = 120
# Kratom itself is what every entry is checked against, not a medicine to look up.
KRATOM_NAMES = {"kratom", "mitragynine", "mitragyna speciosa", "7 oh", "7-oh", "7 hydroxymitragynine", "7-hydroxymitragynine"}


def split_entries(text):
    """Entries as typed (trimmed), split on commas, semicolons and new lines; blanks dropped."""
    return [part.strip() for part in SPLIT.split(text or "") if part.strip()]


def key_of(text):
    """The form names are compared in: lowercase, no apostrophes or stray dots, single spaces."""
    text = text.lower().replace("’", "").replace("'", "")
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"[^a-z0-9/#.%+µ ]+", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return " ".join(text.split()).strip("/ ")


def candidates(entry):
    """The entry, then progressively stripped of bullets, brackets, '#', strengths and forms."""
    base = key_of(BULLET.sub("", entry))
    inside = [key_of(m) for m in PARENS.findall(BULLET.sub("", entry).lower())]
    outside = key_of(PARENS.sub(" ", BULLET.sub("", entry)))
    seen = []
    for text in [base, base.replace("#", " "), outside, *inside]:
        for variant in (text, strip_strength_and_form(text)):
            variant = " ".join(variant.split())
            if variant and variant not in seen:
                seen.append(variant)
    return seen


def strip_strength_and_form(text):
    text = STRENGTH.sub(" ", text.replace("#", " "))
    for _ in range(2):
        text = FORMS.sub(" ", text)
    return " ".join(text.replace("/", " / ").split()).replace(" / ", "/").strip("/ ")


# --- the catalogue: our medicines and rules, built once per content state ------------------------


@dataclass
class Catalog:
    stamp: tuple
    version: str
    medicines: dict  # key → {"key", "name", "kind", "classes": [keys], "class_names": [names]}
    names: dict  # name key → medicine key
    rules: list  # plain dicts, in bundle order
    choices: list = field(default_factory=list)
    choice_owner: list = field(default_factory=list)


_lock = threading.Lock()
_catalog = None


def content_stamp():
    """One query that changes whenever content is loaded or edited in the admin (history grows)."""
    from aid.core.models import ContentLoad
    from aid.evidence.models import Source
    from aid.interactions.models import DrugClass, InteractionRule, Medicine

    tables = [ContentLoad._meta.db_table] + [
        model.history.model._meta.db_table for model in (Medicine, DrugClass, InteractionRule, Source)
    ]
    ids = ["id"] + ["history_id"] * 4
    parts = ", ".join(
        f"(SELECT MAX({connection.ops.quote_name(col)}) FROM {connection.ops.quote_name(t)})" for t, col in zip(tables, ids)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(cursor.fetchone())


def catalog():
    global _catalog
    stamp = content_stamp()
    current = _catalog
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        if _catalog is None or _catalog.stamp != stamp:
            _catalog = build_catalog(stamp)
        return _catalog


def build_catalog(stamp):
    from aid.core.models import ContentLoad
    from aid.interactions.models import InteractionRule, Medicine

    load = ContentLoad.objects.current()
    medicines, names = {}, {}
    for med in Medicine.objects.with_classes():
        classes = list(med.classes.all())
        medicines[med.key] = {
            "key": med.key,
            "name": med.name,
            "kind": med.kind,
            "classes": [c.key for c in classes],
            "class_names": [c.name for c in classes],
        }
        # The medicine's own name wins over another's alias if an editor ever made them collide.
        names[key_of(med.name)] = med.key
    aliases = [(alias, med.key) for med in Medicine.objects.only("key", "aliases") for alias in med.aliases]
    for alias, key in aliases:
        names.setdefault(key_of(alias), key)
    # Entries are matched stripped of brackets, strengths and forms, so the table is indexed that way too.
    for name, key in [(m["name"], k) for k, m in medicines.items()] + aliases:
        names.setdefault(strip_strength_and_form(key_of(PARENS.sub(" ", name))), key)
    names.pop("", None)
    rules = []
    for rule in InteractionRule.objects.with_targets():
        rules.append(
            {
                "key": rule.key,
                "severity": rule.severity,
                "mechanism": rule.mechanism,
                "mechanism_detail": rule.mechanism_detail,
                "effect": rule.effect,
                "advice": rule.advice,
                "patient_text": rule.patient_text,
                "evidence": rule.evidence,
                "evidence_label": rule.evidence_label,
                "classes": {c.key for c in rule.classes.all()},
                "medicines": {m.key for m in rule.medicines.all()},
                "sources": [
                    {"key": c.source.key, "title": c.source.title, "url": c.source.url,
                     "publisher": c.source.publisher, "date": c.source.date}
                    for c in rule.citations.all()
                ],
            }
        )
    result = Catalog(stamp, load.version if load else "not loaded", medicines, names, rules)
    for name, key in names.items():
        if len(name) >= 3:
            result.choices.append(name)
            result.choice_owner.append(key)
    return result


def reset():
    global _catalog
    with _lock:
        _catalog = None


# --- the offline drug dictionary --------------------------------------------------------------


def dictionary_names(text):
    """Generic names drug-named-entity-recognition finds by exact match; [] when it fails or finds none."""
    tokens = [t for t in re.split(r"[\s/+]+", text) if t]
    if not tokens:
        return []
    try:
        from drug_named_entity_recognition import find_drugs

        found = find_drugs(tokens, is_fuzzy_match=False)
    except Exception as exc:  # the library raises on some inputs; treat as "not found", never a 500
        log.warning("drug dictionary lookup failed: %s", type(exc).__name__)
        return []
    names = []
    for data, start, end in found:
        if len(" ".join(tokens[start:end])) >= 3 and data.get("name") and data["name"] not in names:
            names.append(data["name"])
    return names


# --- one entry ----------------------------------------------------------------------------------


def max_distance(text):
    if len(text) < 4:
        return 0
    return 1 if len(text) < 8 else 2


def resolve_entry(entry, cat):
    """{"input", "status": recognized | suggest | unrecognized | kratom, "matches": [...], "suggestions": [...]}."""
    result = {"input": entry, "status": "unrecognized", "matches": [], "suggestions": []}
    if len(entry) > MAX_ENTRY_CHARS:
        return result
    texts = candidates(entry)
    if KRATOM_NAMES & set(texts):
        result["status"] = "kratom"
        return result
    for text in texts:
        if text in cat.names:
            result.update(status="recognized", matches=[match(cat, cat.names[text], "exact", text)])
            return result
    for text in texts:
        found = dictionary_names(text)
        if found:
            result.update(status="recognized", matches=[dictionary_match(cat, name, text) for name in found])
            return result
    best = texts[-1] if texts else ""
    correction, suggestions = closest(best, cat)
    if correction:
        result.update(status="recognized", matches=[match(cat, correction, "corrected", best)])
    elif suggestions:
        result.update(status="suggest", suggestions=[cat.medicines[k]["name"] for k in suggestions])
    return result


def closest(text, cat):
    """(medicine key to correct to, or None; medicine keys to suggest)."""
    limit = max_distance(text)
    if not text or not cat.choices:
        return None, []
    hits = process.extract(
        text, cat.choices, scorer=DamerauLevenshtein.distance, score_cutoff=max(limit, 1) + 1, limit=30
    )
    by_medicine = {}
    for _, distance, index in hits:
        key = cat.choice_owner[index]
        by_medicine[key] = min(distance, by_medicine.get(key, distance))
    ranked = sorted(by_medicine.items(), key=lambda item: (item[1], cat.medicines[item[0]]["name"]))
    if not ranked:
        return None, []
    (best_key, best), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else None)
    # Correct only when close and clearly closer than any other medicine we know.
    if limit and best <= limit and (runner_up is None or runner_up >= best + 2):
        return best_key, []
    return None, [key for key, _ in ranked[:3]]


def match(cat, key, how, matched):
    med = cat.medicines[key]
    return {**med, "match": how, "matched": matched, "in_table": True}


def dictionary_match(cat, name, matched):
    key = cat.names.get(key_of(name))
    if key:
        return match(cat, key, "dictionary", matched)
    return {
        "key": None, "name": name, "kind": "generic", "classes": [], "class_names": [],
        "match": "dictionary", "matched": matched, "in_table": False,
    }
