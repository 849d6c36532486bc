"""The evidence part of the bundle: seed articles, sources, topics with statements, claims, seed sentences."""

import re
from collections import Counter

from django.db import transaction
from django.db.models import Prefetch, ProtectedError

from aid.core.bundle import prune, upsert, write_yaml
from aid.core.readability import MAX_PATIENT_GRADE, grade
from aid.evidence.models import Claim, ClaimCitation, Passage, Source, Statement, StatementCitation, Topic

TOPIC_KEYS = (
    "overview",
    "pain",
    "mechanism",
    "interactions",
    "dependence",
    "side-effects",
    "product-quality",
    "legal-status",
    "special-populations",
    "talking-with-patients",
)
SOURCE_KINDS = [k for k in Source.Kind.values if k != Source.Kind.SEED_ARTICLE]
SECTIONS = Statement.Section.values
BASES = Statement.Basis.values
AUDIENCES = Statement.Audience.values
LABELS = Claim.Label.values
VERDICTS = Claim.Verdict.values
SENTENCE_VERDICTS = VERDICTS + ["neutral"]
# IPDAS "equal detail": benefits text within half to twice the length of harms text, per topic and audience.
BALANCE = (0.5, 2.0)


def seed_key(filename):
    return "seed-" + filename.split("_", 1)[0]


# --- check -----------------------------------------------------------------------------------------


def check(bundle):
    seeds = {}
    for path in sorted(bundle.root.glob("*.txt")):
        try:
            seeds[path.name] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            bundle.problem(f"seeds/{path.name}", "seed article is not UTF-8 text")
    if not seeds:
        bundle.problem("seeds/", "no seed articles (*.txt)")
    bundle.shared["seed_texts"] = seeds
    bundle.shared["seed_keys"] = {seed_key(name) for name in seeds}

    sources = _check_sources(bundle)
    bundle.shared["source_keys"] = set(sources)
    topics, statements = _check_topics(bundle)
    claims = _check_claims(bundle, topics)
    seed_sentences = _check_seed_sentences(bundle, seeds, claims)
    linked = sum(1 for _, _, s in seed_sentences if s.get("claim"))
    bundle.shared["evidence"] = {
        "sources": sources,
        "topics": topics,
        "claims": claims,
        "seed_sentences": seed_sentences,
    }
    bundle.shared.setdefault("counts", {}).update(
        {
            "sources": len(sources),
            "topics": len(topics),
            "claims": len(claims),
            "statements": statements,
            "seed_claim_sentences": len(seed_sentences),
            "seed_claim_sentences_linked": linked,
        }
    )


def _check_sources(bundle):
    sources = {}
    for rel, items in bundle.yaml_glob("sources/*.yaml"):
        where_file = f"content/{rel}"
        if not isinstance(items, list):
            bundle.problem(where_file, "must be a YAML list of sources")
            continue
        for item in items:
            key = item.get("key") if isinstance(item, dict) else None
            where = f"{where_file}: {key}"
            if not isinstance(item, dict) or not bundle.check_slug(where, key):
                continue
            if key in sources:
                bundle.problem(where, f"duplicate source key (also in {sources[key]['origin']})")
                continue
            bundle.require(where, item, ("kind", "title", "url", "date", "accessed"))
            if item.get("kind") and item["kind"] not in SOURCE_KINDS:
                bundle.problem(where, f"kind {item['kind']!r} is not one of {', '.join(SOURCE_KINDS)}")
            if item.get("url") and not str(item["url"]).startswith(("http://", "https://")):
                bundle.problem(where, "url must start with http:// or https://")
            date = bundle.check_date(where, "date", item.get("date"), partial=True)
            accessed = bundle.check_date(where, "accessed", item.get("accessed"))
            sources[key] = {**item, "date": str(date or ""), "accessed": accessed, "origin": rel}
    return sources


def _check_topics(bundle):
    topics = {}
    statement_keys = set()
    for rel, topic in bundle.yaml_glob("topics/*.yaml"):
        where_file = f"content/{rel}"
        if not isinstance(topic, dict):
            bundle.problem(where_file, "must be a YAML mapping")
            continue
        key = topic.get("key")
        if key != rel.removeprefix("topics/").removesuffix(".yaml"):
            bundle.problem(where_file, f"key {key!r} does not match the file name")
        if key not in TOPIC_KEYS:
            bundle.problem(where_file, f"unknown topic key {key!r}")
            continue
        bundle.require(where_file, topic, ("title", "patient_title", "order"))
        topic["reviewed_on"] = bundle.check_reviewed(where_file, topic.get("reviewed_on"))
        for audience in AUDIENCES:
            items = topic.get(audience) or []
            if not isinstance(items, list) or not items:
                bundle.problem(where_file, f"no {audience} statements")
                continue
            for item in items:
                _check_statement(bundle, where_file, item, statement_keys)
            present = Counter(i.get("section") for i in items if isinstance(i, dict))
            for section in ("benefits", "harms", "unknowns"):
                if not present[section]:
                    bundle.problem(where_file, f"{audience} statements have no '{section}' section")
            benefits, harms = (
                sum(len(str(i.get("text", ""))) for i in items if i.get("section") == section)
                for section in ("benefits", "harms")
            )
            if benefits and harms and not BALANCE[0] <= benefits / harms <= BALANCE[1]:
                bundle.problem(
                    where_file,
                    f"{audience} benefits and harms are not in comparable detail "
                    f"(length ratio {benefits / harms:.2f}, allowed {BALANCE[0]}–{BALANCE[1]})",
                )
            if audience == "patient":
                for section in present:
                    text = " ".join(i.get("text", "") for i in items if i.get("section") == section)
                    score = grade(text)
                    if score > MAX_PATIENT_GRADE:
                        bundle.problem(
                            f"{where_file}: patient {section}",
                            f"Flesch-Kincaid grade {score} is above {MAX_PATIENT_GRADE:g}",
                        )
        topics[key] = topic
    for key in TOPIC_KEYS:
        if key not in topics:
            bundle.problem(f"content/topics/{key}.yaml", "topic is missing")
    return topics, len(statement_keys)


def _check_statement(bundle, where_file, item, seen):
    key = item.get("key") if isinstance(item, dict) else None
    where = f"{where_file}: {key}"
    if not isinstance(item, dict) or not bundle.check_slug(where, key):
        return
    if key in seen:
        bundle.problem(where, "duplicate statement key")
    seen.add(key)
    if not str(item.get("text") or "").strip():
        bundle.problem(where, "statement has no text")
    if item.get("section") not in SECTIONS:
        bundle.problem(where, f"section {item.get('section')!r} is not one of {', '.join(SECTIONS)}")
    if item.get("basis") not in BASES:
        bundle.problem(where, f"basis {item.get('basis')!r} is not one of {', '.join(BASES)}")
    bundle.check_level(where, item.get("level"))
    bundle.check_cites(where, item.get("cite"))


def _check_claims(bundle, topics):
    claims = {}
    items = bundle.yaml("claims.yaml") or []
    if not isinstance(items, list):
        bundle.problem("content/claims.yaml", "must be a YAML list of claims")
        return claims
    for item in items:
        key = item.get("key") if isinstance(item, dict) else None
        where = f"content/claims.yaml: {key}"
        if not isinstance(item, dict) or not bundle.check_slug(where, key):
            continue
        if key in claims:
            bundle.problem(where, "duplicate claim key")
        bundle.require(where, item, ("text", "clinician", "patient"))
        if item.get("topic") not in topics:
            bundle.problem(where, f"topic {item.get('topic')!r} is not a known topic")
        if item.get("label") not in LABELS:
            bundle.problem(where, f"label {item.get('label')!r} is not one of {', '.join(LABELS)}")
        if item.get("verdict") not in VERDICTS:
            bundle.problem(where, f"verdict {item.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
        bundle.check_level(where, item.get("level"))
        bundle.check_cites(where, item.get("cite"))
        item["reviewed_on"] = bundle.check_reviewed(where, item.get("reviewed_on"))
        score = grade(item.get("patient", ""))
        if score > MAX_PATIENT_GRADE:
            bundle.problem(f"{where}: patient", f"Flesch-Kincaid grade {score} is above {MAX_PATIENT_GRADE:g}")
        for cue in item.get("cues") or []:
            try:
                re.compile(cue, re.IGNORECASE)
            except (re.error, TypeError) as exc:
                bundle.problem(where, f"cue {cue!r} is not a valid regular expression: {exc}")
        if not isinstance(item.get("paraphrases") or [], list):
            bundle.problem(where, "paraphrases must be a list")
        claims[key] = item
    return claims


def _check_seed_sentences(bundle, seeds, claims):
    sentences = []
    groups = bundle.yaml("seed_sentences.yaml") or []
    if not isinstance(groups, list):
        bundle.problem("content/seed_sentences.yaml", "must be a YAML list of seeds")
        return sentences
    for group in groups:
        seed = group.get("seed") if isinstance(group, dict) else None
        if seed not in seeds:
            bundle.problem("content/seed_sentences.yaml", f"seed {seed!r} is not a seed article in seeds/")
            continue
        text = seeds[seed]
        last_end = 0
        for item in sorted(group.get("sentences") or [], key=lambda i: (i.get("start") or 0)):
            where = f"content/seed_sentences.yaml: {seed} {item.get('start')}-{item.get('end')}"
            start, end = item.get("start"), item.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                bundle.problem(where, "start/end are not valid offsets into the seed article")
                continue
            if start < last_end:
                bundle.problem(where, "overlaps the previous claim sentence")
            last_end = max(last_end, end)
            if text[start:end] != item.get("quote"):
                bundle.problem(where, f"quote is not verbatim at its offsets (the text there is {text[start:end][:60]!r})")
            if item.get("label") not in LABELS:
                bundle.problem(where, f"label {item.get('label')!r} is not one of {', '.join(LABELS)}")
            if item.get("verdict") not in SENTENCE_VERDICTS:
                bundle.problem(where, f"verdict {item.get('verdict')!r} is not one of {', '.join(SENTENCE_VERDICTS)}")
            if item.get("claim") and item["claim"] not in claims:
                bundle.problem(where, f"claim {item['claim']!r} is not in claims.yaml")
            sentences.append((seed, text, item))
    return sentences


# --- load ------------------------------------------------------------------------------------------


def _citer(through, owner_field):
    def apply(obj, keys):
        through.objects.filter(**{owner_field: obj}).delete()
        by_key = Source.objects.in_bulk(keys, field_name="key")
        through.objects.bulk_create(
            through(**{owner_field: obj}, source=by_key[key], position=i) for i, key in enumerate(dict.fromkeys(keys))
        )

    return apply


def load(bundle, report, force=False):
    data = bundle.shared["evidence"]
    for name, text in bundle.shared["seed_texts"].items():
        fields = {
            "kind": Source.Kind.SEED_ARTICLE,
            "title": _seed_title(name, text),
            "publisher": "Seed article (promotional web page given to the project)",
            "date": "",
            "url": "",
            "accessed": None,
            "coi": "Promotional content: what patients read, not evidence.",
            "verified": True,
            "note": "",
        }
        source = upsert(Source, seed_key(name), fields, report, force=force)
        if source.text != text or source.filename != name:
            Source.objects.filter(pk=source.pk).update(text=text, filename=name)
    for key, item in data["sources"].items():
        fields = {name: item.get(name) or "" for name in Source.content_fields}
        fields["accessed"] = item["accessed"]
        fields["verified"] = bool(item.get("verified", True))
        source = upsert(Source, key, fields, report, force=force)
        if source.origin != item["origin"]:
            Source.objects.filter(pk=source.pk).update(origin=item["origin"])

    cite_statement = _citer(StatementCitation, "statement")
    statement_keys = []
    for key, item in data["topics"].items():
        fields = {name: item[name] for name in Topic.content_fields}
        topic = upsert(Topic, key, fields, report, force=force)
        for audience in AUDIENCES:
            for position, s in enumerate(item[audience]):
                statement_keys.append(s["key"])
                fields = {
                    "topic": topic,
                    "audience": audience,
                    "section": s["section"],
                    "basis": s["basis"],
                    "level": s["level"],
                    "text": " ".join(str(s["text"]).split()),
                    "position": position,
                }
                upsert(
                    Statement, s["key"], fields, report, force=force,
                    related={"cite": list(dict.fromkeys(s["cite"]))},
                    apply_related=lambda obj, keys=s["cite"]: cite_statement(obj, keys),
                )
    prune(Statement, statement_keys, report)

    topics = Topic.objects.in_bulk(field_name="key")
    cite_claim = _citer(ClaimCitation, "claim")
    for key, item in data["claims"].items():
        fields = {
            "topic": topics[item["topic"]],
            "label": item["label"],
            "text": " ".join(str(item["text"]).split()),
            "verdict": item["verdict"],
            "level": item["level"],
            "clinician": " ".join(str(item["clinician"]).split()),
            "patient": " ".join(str(item["patient"]).split()),
            "paraphrases": list(item.get("paraphrases") or []),
            "cues": list(item.get("cues") or []),
            "reviewed_on": item["reviewed_on"],
        }
        upsert(
            Claim, key, fields, report, force=force,
            related={"cite": list(dict.fromkeys(item["cite"]))},
            apply_related=lambda obj, keys=item["cite"]: cite_claim(obj, keys),
        )
    prune(Claim, list(data["claims"]), report)

    seeds = {s.filename: s for s in Source.objects.filter(kind=Source.Kind.SEED_ARTICLE)}
    claims = Claim.objects.in_bulk(field_name="key")
    passage_keys = []
    for seed, _text, item in data["seed_sentences"]:
        key = f"{seed_key(seed)}-{item['start']}-{item['end']}"
        passage_keys.append(key)
        fields = {
            "source": seeds[seed],
            "start": item["start"],
            "end": item["end"],
            "quote": item["quote"],
            "label": item["label"],
            "verdict": item["verdict"],
            "claim": claims.get(item.get("claim")),
        }
        upsert(Passage, key, fields, report, force=force)
    prune(Passage, passage_keys, report)
    prune(Topic, list(data["topics"]), report)
    keep = list(data["sources"]) + [seed_key(name) for name in bundle.shared["seed_texts"]]
    _prune_sources(keep, report)


def _prune_sources(keep, report):
    """Remove sources that left the bundle, unless something still cites them (another app's rows may only
    drop their citation later in the same load; the next load removes the source then)."""
    for source in Source.objects.exclude(key__in=keep).exclude(bundle_hash=""):
        try:
            with transaction.atomic():
                source.delete()
            report.count(Source, "deleted")
        except ProtectedError:
            pass


def _seed_title(filename, text):
    first = text.strip().splitlines()[0] if text.strip() else filename
    return f"Seed article {filename.split('_', 1)[0]}: {first[:80]}{'…' if len(first) > 80 else ''}"


# --- export ----------------------------------------------------------------------------------------


def _date_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def export(root):
    content = root / "content"
    by_file = {}
    for source in Source.objects.exclude(kind=Source.Kind.SEED_ARTICLE).order_by("origin", "id"):
        item = {
            "key": source.key,
            "kind": source.kind,
            "title": source.title,
            "publisher": source.publisher,
            "date": source.date,
            "url": source.url,
            "accessed": _date_value(source.accessed),
            "coi": source.coi,
            "verified": source.verified,
        }
        if source.note:
            item["note"] = source.note
        by_file.setdefault(source.origin or "sources/admin.yaml", []).append(item)
    for rel, items in by_file.items():
        write_yaml(content / rel, items)
    for seed in Source.objects.filter(kind=Source.Kind.SEED_ARTICLE):
        (root / seed.filename).write_text(seed.text, encoding="utf-8")

    statements = Statement.objects.prefetch_related("citations__source").order_by("position")
    for topic in Topic.objects.prefetch_related(Prefetch("statements", queryset=statements)):
        data = {
            "key": topic.key,
            "order": topic.order,
            "title": topic.title,
            "patient_title": topic.patient_title,
            "reviewed_on": topic.reviewed_on.isoformat(),
        }
        for audience in AUDIENCES:
            data[audience] = [
                {
                    "key": s.key,
                    "section": s.section,
                    "basis": s.basis,
                    "level": s.level,
                    "text": s.text,
                    "cite": [c.source.key for c in s.citations.all()],
                }
                for s in topic.statements.all()
                if s.audience == audience
            ]
        write_yaml(content / "topics" / f"{topic.key}.yaml", data)

    claims = [
        {
            "key": c.key,
            "topic": c.topic.key,
            "label": c.label,
            "text": c.text,
            "verdict": c.verdict,
            "level": c.level,
            "clinician": c.clinician,
            "patient": c.patient,
            "cite": [cc.source.key for cc in c.citations.all()],
            "paraphrases": c.paraphrases,
            "cues": c.cues,
            "reviewed_on": c.reviewed_on.isoformat(),
        }
        for c in Claim.objects.with_sources()
    ]
    write_yaml(content / "claims.yaml", claims)

    groups = {}
    for p in Passage.objects.select_related("source", "claim").order_by("source__filename", "start"):
        groups.setdefault(p.source.filename, []).append(
            {
                "start": p.start,
                "end": p.end,
                "quote": p.quote,
                "label": p.label,
                "verdict": p.verdict,
                "claim": p.claim.key if p.claim else None,
            }
        )
    write_yaml(content / "seed_sentences.yaml", [{"seed": s, "sentences": items} for s, items in groups.items()])
