"""The builder's choices → what the handout says: sections, numbered citations, references, grades.

`compose(choices)` returns plain values that the preview, the PDF and the chart note all render, so the
three always agree. The medicine list is read here and dropped: only the concerns it produced (plain
drug names and patient wording) reach the result, and nothing about it is stored or logged.
"""

import datetime as dt
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q

from aid.core.models import ContentLoad
from aid.core.readability import MAX_PATIENT_GRADE, grade
from aid.evidence.models import Claim, ClaimCitation, Statement, StatementCitation
from aid.handouts import sections as S
from aid.regulation.models import Jurisdiction

log = logging.getLogger(__name__)

TITLE = "Kratom: what to know"
NOT_ADVICE = "This handout supports a conversation with your clinician; it is not medical or legal advice."
PAPERS = ("letter", "a4")


class ChoiceError(ValueError):
    """A choice that names nothing we have (section, jurisdiction, claim, paper); safe to show."""


@dataclass(frozen=True)
class Choices:
    sections: tuple = S.DEFAULT_KEYS
    jurisdiction: str = ""
    paper: str = ""
    claims: tuple = ()
    # Never in a repr: a traceback or log line that prints the choices must not carry the list.
    medicines: str = field(default="", repr=False)

    def __post_init__(self):
        object.__setattr__(self, "jurisdiction", (self.jurisdiction or settings.AID_DEFAULT_JURISDICTION).strip())
        object.__setattr__(self, "paper", (self.paper or settings.AID_PAPER_SIZE).strip().lower())

    def medicines_digest(self):
        """A keyed hash of the normalised list: stable for one list, useless for guessing it back."""
        entries = sorted({" ".join(e.lower().split()) for e in self.medicines.replace(";", ",").replace("\n", ",").split(",")} - {""})
        if not entries:
            return ""
        return hmac.new(settings.SECRET_KEY.encode(), "\n".join(entries).encode(), hashlib.sha256).hexdigest()[:32]


def validate(choices):
    """Raise ChoiceError for anything unknown; returns the jurisdiction row (sources loaded)."""
    unknown = [key for key in choices.sections if key not in S.BY_KEY]
    if unknown:
        raise ChoiceError(f"Unknown section {', '.join(unknown)}; choose from {', '.join(S.BY_KEY)}.")
    if not choices.sections:
        raise ChoiceError("Choose at least one section.")
    if choices.paper not in PAPERS:
        raise ChoiceError(f"Unknown paper size {choices.paper!r}; use letter or a4.")
    code = choices.jurisdiction.upper()
    # Codes are short and upper case; an exact match also spares SQLite a LIKE over hostile input.
    jurisdiction = Jurisdiction.objects.with_sources().filter(key=code).first() if len(code) <= 40 else None
    if jurisdiction is None:
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise ChoiceError(f"Unknown jurisdiction {shown!r}.")
    return jurisdiction


class Citations:
    """Numbers sources in order of first citation across the whole handout."""

    def __init__(self):
        self.numbers = {}
        self.references = []

    def marks(self, refs):
        numbers = []
        for ref in refs:
            if ref["id"] not in self.numbers:
                self.numbers[ref["id"]] = len(self.numbers) + 1
                self.references.append(
                    {
                        **ref,
                        "number": self.numbers[ref["id"]],
                        "short_title": short_title(ref["title"]),
                        "short_publisher": short_publisher(ref["publisher"]),
                        "year": (ref["date"] or "")[:4],
                        "printed_url": printed_url(ref["url"]),
                    }
                )
            if self.numbers[ref["id"]] not in numbers:
                numbers.append(self.numbers[ref["id"]])
        return numbers


TITLE_CHARS = 72


def short_publisher(publisher):
    """The journal or body without author lists and volume/page numbers: references must stay short."""
    text = re.sub(r"\s*\([^)]*\)", "", publisher or "")
    text = re.sub(r"\s+\d{4}\s*[;:(].*$", "", text)
    return re.sub(r"\s+\d{4}$", "", text).strip(" .")


def short_title(title):
    if len(title) <= TITLE_CHARS:
        return title
    return title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,:;") + "…"


def printed_url(url):
    """What a reader types: the scheme and a leading www. add nothing on paper."""
    return re.sub(r"^https?://(www\.)?", "", url or "")


def source_ref(source):
    return {
        "id": f"source:{source.key}",
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
    }


def statement_refs(statement):
    return [source_ref(c.source) for c in statement.citations.all()]


def load_statements(chosen):
    """Patient statements of the chosen topics plus the picked ones, citations loaded: two queries."""
    topics = [S.BY_KEY[k].topic for k in chosen if S.BY_KEY[k].topic]
    picked = [key for k in chosen if not S.BY_KEY[k].topic for key in S.BY_KEY[k].statements]
    citations = Prefetch("citations", queryset=StatementCitation.objects.select_related("source").order_by("position"))
    rows = (
        Statement.objects.filter(Q(topic__key__in=topics, audience="patient") | Q(key__in=picked))
        .select_related("topic")
        .prefetch_related(citations)
        .order_by("topic__order", "position")
    )
    return list(rows)


def load_claims(keys):
    if not keys:
        return []
    citations = Prefetch("citations", queryset=ClaimCitation.objects.select_related("source").order_by("position"))
    found = {c.key: c for c in Claim.objects.filter(key__in=keys).prefetch_related(citations)}
    missing = [key for key in keys if key not in found]
    if missing:
        raise ChoiceError(f"Unknown claim {', '.join(missing)}.")
    return [found[key] for key in keys]


def label_for(statement):
    if statement.section == "benefits":
        return S.BASIS_LABELS[statement.basis]
    return S.PART_LABELS[statement.section]


def topic_items(statements, section):
    """(key point, [(label, statement)]) for one topic section."""
    by_part, by_key = {}, {}
    for statement in statements:
        by_part.setdefault(statement.section, []).append(statement)
        by_key[statement.key] = statement
    key_points = by_part.get("key_points", [])
    key_point = by_key.get(section.key_point) or (key_points[0] if key_points else None)
    picked = [by_key[key] for key in section.statements if key in by_key]
    if len(picked) < len(section.statements) or not picked:
        picked = [s for part, count in S.TOPIC_PARTS for s in by_part.get(part, [])[:count]]
    return key_point, [(label_for(statement), statement) for statement in picked if statement is not key_point]


def compose(choices, today=None, medicine_result=None):
    """The whole handout as plain values. `medicine_result` lets a caller pass an already-made check."""
    today = today or dt.date.today()
    jurisdiction = validate(choices)
    claims = load_claims(list(choices.claims))
    statements = load_statements(choices.sections)
    by_topic, by_key = {}, {}
    for statement in statements:
        by_key[statement.key] = statement
        if statement.audience == "patient":
            by_topic.setdefault(statement.topic.key, []).append(statement)
    medicines = None
    if choices.medicines.strip() and "interactions" in choices.sections:
        medicines = medicine_result or check_medicine_list(choices.medicines)

    key_points, sections = [], []
    for key in choices.sections:
        section = S.BY_KEY[key]
        built = {"key": key, "label": section.label, "title": section.label, "items": [], "texts": [], "keys": []}
        if section.topic:
            topic_statements = by_topic.get(section.topic, [])
            if topic_statements:
                built["title"] = topic_statements[0].topic.patient_title
            kp, body = topic_items(topic_statements, section)
            if key == "legal-status":
                key_points.append(law_key_point(jurisdiction, built))
            elif kp:
                key_points.append({"text": kp.text, "marks": list(statement_refs(kp))})
                built["texts"].append(kp.text)
                built["keys"].append(kp.key)
            if key == "legal-status":
                built["jurisdiction"] = jurisdiction_block(jurisdiction, today)
                built["texts"].append(jurisdiction.patient_summary)
                built["keys"].append(f"jurisdiction {jurisdiction.key}")
            if key == "interactions" and medicines is not None:
                built["medicines"] = medicine_block(medicines, by_topic.get("interactions", []))
                built["texts"].extend(c["text"] for c in built["medicines"]["concerns"])
                built["keys"].extend(f"rule {r}" for c in built["medicines"]["concerns"] for r in c["rules"])
                if built["medicines"]["concerns"]:
                    key_points.append({"text": built["medicines"]["summary"], "marks": []})
            for label, statement in body:
                built["items"].append(item(label, statement))
        else:
            built["title"] = section.title or section.label
            for statement_key in section.statements:
                statement = by_key.get(statement_key)
                if statement is not None:
                    built["items"].append(item("", statement))
        built["texts"].extend(i["text"] for i in built["items"])
        built["keys"].extend(i["key"] for i in built["items"])
        sections.append(built)
    if claims:
        # What the patient read comes before the questions and the help, which close the handout.
        closing = [i for i, built in enumerate(sections) if built["key"] in ("questions", "help")]
        sections.insert(closing[0] if closing else len(sections), claims_block(claims))

    cites = Citations()
    # Lines carry their sources until now; numbering them in print order makes [1] the first one read.
    for line in printed_lines(key_points, sections):
        line["marks"] = cites.marks(line["marks"])
    problems = []
    for built in sections:
        built["grade"] = grade(" ".join(built.pop("texts")))
        if built["grade"] > MAX_PATIENT_GRADE:
            problems.append({"section": built["key"], "title": built["title"], "grade": built["grade"], "keys": built["keys"]})
            # No patient data here: a section key and a reading grade.
            log.warning("handout section %s reads at grade %s, above %s", built["key"], built["grade"], MAX_PATIENT_GRADE)
    load = ContentLoad.objects.current()
    return {
        "title": TITLE,
        "lang": "en",
        "clinic": settings.AID_CLINIC_NAME,
        "version": load.version if load else "not loaded",
        "produced_on": today,
        "paper": choices.paper,
        "not_advice": NOT_ADVICE,
        "key_points": key_points,
        "sections": sections,
        "references": cites.references,
        "problems": problems,
        "jurisdiction": {"code": jurisdiction.key, "name": jurisdiction.name, "verified_on": jurisdiction.verified_on},
        "medicines_checked": medicines is not None,
        "concern_counts": concern_counts(sections),
        "claims": [c.key for c in claims],
    }


def printed_lines(key_points, sections):
    """Every cited line, in the order the template prints them."""
    yield from key_points
    for built in sections:
        if built.get("jurisdiction"):
            yield built["jurisdiction"]
        medicines = built.get("medicines") or {}
        yield from medicines.get("concerns", [])
        if medicines.get("none_found"):
            yield medicines["none_found"]
        yield from built.get("claims", [])
        yield from built["items"]


def item(label, statement):
    return {"label": label, "text": statement.text, "marks": list(statement_refs(statement)), "key": statement.key}


def law_key_point(jurisdiction, built):
    text = f"The law in {jurisdiction.name}: {S.STATUS_WORDS[jurisdiction.status].lower()}."
    built["texts"].append(text)
    return {"text": text, "marks": list(jurisdiction_refs(jurisdiction))}


def jurisdiction_refs(jurisdiction):
    return [
        {"id": f"law:{s.url}", "title": s.title, "publisher": "", "date": s.date, "url": s.url}
        for s in jurisdiction.ordered_sources()
    ]


def jurisdiction_block(jurisdiction, today):
    return {
        "code": jurisdiction.key,
        "name": jurisdiction.name,
        "status": jurisdiction.status,
        "status_words": S.STATUS_WORDS[jurisdiction.status],
        "summary": jurisdiction.patient_summary,
        "marks": list(jurisdiction_refs(jurisdiction)),
        "verified_on": jurisdiction.verified_on,
        "stale": jurisdiction.is_stale(today),
    }


def check_medicine_list(text):
    from aid.interactions.rules import InputError, check_medicines

    try:
        return check_medicines(text)
    except InputError as exc:
        raise ChoiceError(str(exc)) from None


def medicine_block(result, interaction_statements):
    """Concerns grouped by what the patient is told, most severe first, each with its plain drug names."""
    grouped = {}
    for found in result["interactions"]:
        group = grouped.setdefault(
            found["patient_text"],
            {"severity": found["severity"], "drugs": [], "rules": [], "sources": [], "text": found["patient_text"]},
        )
        name = plain_name(found)
        if name not in group["drugs"]:
            group["drugs"].append(name)
        if found["rule"] not in group["rules"]:
            group["rules"].append(found["rule"])
        group["sources"].extend(s for s in found["sources"] if s not in group["sources"])
    concerns = []
    for group in grouped.values():
        refs = [{"id": f"source:{s['key']}", **{k: s.get(k, "") for k in ("title", "publisher", "date", "url")}} for s in group["sources"]]
        concerns.append(
            {
                "severity": group["severity"],
                "severity_words": S.SEVERITY_WORDS.get(group["severity"], group["severity"]),
                "drugs": group["drugs"],
                "rules": group["rules"],
                "text": group["text"],
                "marks": list(refs),
            }
        )
    unknowns = [s for s in interaction_statements if s.section == "unknowns"]
    none_found = None
    if not concerns and unknowns:
        none_found = {"text": unknowns[0].text, "marks": list(statement_refs(unknowns[0]))}
    n = len(concerns)
    return {
        "concerns": concerns,
        "none_found": none_found,
        "unchecked": len(result["unrecognized"]),
        "summary": f"We found {n} concern{'s' if n != 1 else ''} with the medicines you take. See the section on medicines.",
    }


def plain_name(found):
    """The drug's name, with what was typed when that differs (the patient may know only the brand)."""
    typed = [i for i in found.get("inputs") or [found["input"]] if i.strip().lower() != found["drug"].lower()]
    return f"{found['drug']} ({', '.join(typed)})" if typed else found["drug"]


def claims_block(claims):
    items = [
        {
            "claim": claim.text,
            "verdict": claim.verdict,
            "verdict_words": S.VERDICT_WORDS.get(claim.verdict, claim.verdict),
            "text": claim.patient,
            "marks": list([source_ref(c.source) for c in claim.citations.all()]),
            "key": claim.key,
        }
        for claim in claims
    ]
    return {
        "key": "claims",
        "label": "What you read",
        "title": "What you may have read, and what we know",
        "items": [],
        "claims": items,
        "texts": [i["text"] for i in items],
        "keys": [f"claim {i['key']}" for i in items],
    }


def concern_counts(sections):
    counts = {}
    for built in sections:
        for concern in (built.get("medicines") or {}).get("concerns", []):
            counts[concern["severity"]] = counts.get(concern["severity"], 0) + 1
    return counts
