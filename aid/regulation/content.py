"""This app's part of the content bundle (see aid.core.bundle): check, load, export.

The same columns are read and written by `import_jurisdictions` and `export_jurisdictions`, so
`validate()` and `export_rows()` serve both the bundle and those commands.
"""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from django.db import transaction

from aid.core.readability import MAX_PATIENT_GRADE, grade
from aid.core.bundle import PARTIAL_DATE, LoadReport, prune, read_csv, upsert, write_csv
from aid.regulation.models import CONFIDENCES, LEVELS, STATUSES, Jurisdiction, JurisdictionSource
from aid.regulation.tilemap import STATE_CODES

FILE = "jurisdictions.csv"
SOURCE_SLOTS = 3
SOURCE_COLUMNS = [f"source{n}_{part}" for n in range(1, SOURCE_SLOTS + 1) for part in ("title", "url", "date")]
COLUMNS = [
    "code",
    "name",
    "level",
    "parent",
    "status",
    "seven_oh_status",
    "summary",
    "patient_summary",
    "instrument",
    "effective_date",
    "verified_on",
    "review_days",
    "confidence",
    *SOURCE_COLUMNS,
    "notes",
]
LEVEL_ORDER = {"federal": 0, "country": 0, "state": 1, "local": 2}
CODE_PATTERNS = {
    "federal": re.compile(r"^US$"),
    "country": re.compile(r"^[A-Z]{2}$"),
    "state": re.compile(r"^US-[A-Z]{2}$"),
    "local": re.compile(r"^US-[A-Z]{2}(-[A-Z0-9]+)+$"),
}
# The bundle file's order: federal, states, locals, countries, each by code.
EXPORT_ORDER = {"federal": 0, "state": 1, "local": 2, "country": 3}
URL = re.compile(r"^https?://\S+$")


def expected_parent(code, level):
    if level == "state":
        return "US"
    if level == "local":
        return code[:5]
    return ""


def validate(rows, problem, where, known_codes=()):
    """Check (line, row) pairs; report each problem as `where:line`; return the valid rows as records.

    `known_codes` are codes that may serve as parents without being in `rows` (the database's, on import).
    """
    codes = Counter(row.get("code", "") for _, row in rows)
    available = set(codes) | set(known_codes)
    records = []
    for line, row in rows:
        found = []

        def bad(message, at=f"{where}:{line}", code=row.get("code") or "(no code)", found=found):
            found.append(message)
            problem(at, f"{code}: {message}")

        check_row(row, codes, available, bad)
        if not found:
            records.append(record(row))
    return records


def check_row(row, codes, available, bad):
    code, level = row["code"], row["level"]
    if codes[code] > 1:
        bad(f"code {code!r} appears {codes[code]} times")
    for field in ("code", "name", "summary", "patient_summary", "verified_on"):
        if not row[field]:
            bad(f"missing {field}")
    if level not in LEVELS:
        bad(f"level {level!r} is not one of {', '.join(LEVELS)}")
    elif code and not CODE_PATTERNS[level].match(code):
        bad(f"code {code!r} does not have the form of a {level} code")
    elif row["parent"] != expected_parent(code, level):
        bad(f"parent {row['parent']!r} should be {expected_parent(code, level)!r}")
    elif row["parent"] and row["parent"] not in available:
        bad(f"parent {row['parent']!r} is not a known jurisdiction")
    if row["status"] not in STATUSES:
        bad(f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
    if row["seven_oh_status"] not in ("", *STATUSES):
        bad(f"seven_oh_status {row['seven_oh_status']!r} is not empty or one of {', '.join(STATUSES)}")
    if row["confidence"] not in CONFIDENCES:
        bad(f"confidence {row['confidence']!r} is not one of {', '.join(CONFIDENCES)}")
    if row["effective_date"] and not PARTIAL_DATE.match(row["effective_date"]):
        bad(f"effective_date {row['effective_date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if row["verified_on"]:
        try:
            dt.date.fromisoformat(row["verified_on"])
        except ValueError:
            bad(f"verified_on {row['verified_on']!r} is not a date (YYYY-MM-DD)")
    if row["review_days"] and not (row["review_days"].isdigit() and int(row["review_days"]) > 0):
        bad(f"review_days {row['review_days']!r} is not a positive whole number")
    if row["patient_summary"]:
        score = grade(row["patient_summary"])
        if score > MAX_PATIENT_GRADE:
            bad(f"patient_summary reads at grade {score:.1f}; make it grade {MAX_PATIENT_GRADE:g} or lower")
    check_sources(row, bad)


def check_sources(row, bad):
    slots = [[row[f"source{n}_{part}"] for part in ("title", "url", "date")] for n in range(1, SOURCE_SLOTS + 1)]
    used = [n for n, slot in enumerate(slots, 1) if any(slot)]
    if not used:
        bad("has no source (source1_title and source1_url are required)")
    if used != list(range(1, len(used) + 1)):
        bad("sources must fill source1, source2, source3 in order, without gaps")
    for n in used:
        title, url, date = slots[n - 1]
        if not title:
            bad(f"missing source{n}_title")
        if not URL.match(url):
            bad(f"source{n}_url {url!r} is not an http(s) address")
        if date and not PARTIAL_DATE.match(date):
            bad(f"source{n}_date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def record(row):
    sources = []
    for n in range(1, SOURCE_SLOTS + 1):
        if row[f"source{n}_title"]:
            sources.append(
                {"title": row[f"source{n}_title"], "url": row[f"source{n}_url"], "date": row[f"source{n}_date"]}
            )
    return {
        "code": row["code"],
        "parent": row["parent"] or None,
        "sources": sources,
        "fields": {
            "name": row["name"],
            "level": row["level"],
            "status": row["status"],
            "seven_oh_status": row["seven_oh_status"],
            "summary": row["summary"],
            "patient_summary": row["patient_summary"],
            "instrument": row["instrument"],
            "effective_date": row["effective_date"],
            "verified_on": dt.date.fromisoformat(row["verified_on"]),
            "review_days": int(row["review_days"]) if row["review_days"] else None,
            "confidence": row["confidence"],
            "notes": row["notes"],
        },
    }


def counts(records):
    by_level = Counter(r["fields"]["level"] for r in records)
    return {"jurisdictions": len(records), **{f"jurisdictions_{level}": by_level[level] for level in LEVELS}}


# --- writing ------------------------------------------------------------------------------------


def upsert_records(records, report, *, force=False):
    """Parents before children, so that every parent FK resolves within the same transaction."""
    saved = {}
    for rec in sorted(records, key=lambda r: LEVEL_ORDER[r["fields"]["level"]]):
        parent = saved.get(rec["parent"]) or (
            Jurisdiction.objects.get(key=rec["parent"]) if rec["parent"] else None
        )

        def apply_sources(obj, sources=rec["sources"]):
            obj.sources.all().delete()
            JurisdictionSource.objects.bulk_create(
                JurisdictionSource(jurisdiction=obj, position=n, **source) for n, source in enumerate(sources, 1)
            )

        saved[rec["code"]] = upsert(
            Jurisdiction,
            rec["code"],
            {**rec["fields"], "parent": parent},
            report,
            force=force,
            related={"sources": rec["sources"]},
            apply_related=apply_sources,
        )
    return saved


def import_csv(text, where):
    """Validate every row of `text`, then write all of them in one transaction, or nothing.

    Returns (problems, report). An import is an editor's explicit choice, so it takes the file's values.
    """
    problems = []

    def problem(at, message):
        problems.append({"where": at, "problem": message})

    rows = read_csv(text, COLUMNS, where, problem)
    known = set(Jurisdiction.objects.values_list("key", flat=True))
    records = validate(rows, problem, where, known_codes=known)
    report = LoadReport()
    if problems:
        return problems, report
    with transaction.atomic():
        upsert_records(records, report, force=True)
    return problems, report


def export_rows():
    rows = []
    entries = sorted(Jurisdiction.objects.with_sources(), key=lambda j: (EXPORT_ORDER[j.level], j.key))
    for jurisdiction in entries:
        row = {
            "code": jurisdiction.key,
            "parent": jurisdiction.parent.key if jurisdiction.parent_id else "",
            "verified_on": jurisdiction.verified_on.isoformat(),
            "review_days": jurisdiction.review_days or "",
        }
        for name in ("name", "level", "status", "seven_oh_status", "summary", "patient_summary", "instrument",
                     "effective_date", "confidence", "notes"):
            row[name] = getattr(jurisdiction, name)
        for n, source in enumerate(jurisdiction.ordered_sources()[:SOURCE_SLOTS], 1):
            row.update({f"source{n}_title": source.title, f"source{n}_url": source.url, f"source{n}_date": source.date})
        rows.append(row)
    return rows


# --- the bundle driver's hooks ------------------------------------------------------------------


def check(bundle):
    rows = bundle.csv(FILE, COLUMNS)
    records = validate(rows, bundle.problem, f"content/{FILE}")
    present = {r["code"] for r in records}
    missing_states = [code for code in STATE_CODES if f"US-{code}" not in present]
    if rows and missing_states:
        bundle.problem(f"content/{FILE}", f"no row for state(s): {', '.join(missing_states)}")
    if rows and "US" not in present:
        bundle.problem(f"content/{FILE}", "no row for US (federal)")
    bundle.shared["jurisdictions"] = records
    bundle.shared.setdefault("counts", {}).update(counts(records))


def load(bundle, report, force=False):
    records = bundle.shared["jurisdictions"]
    upsert_records(records, report, force=force)
    prune(Jurisdiction, [r["code"] for r in records], report)


def export(root):
    write_csv(Path(root) / "content" / FILE, COLUMNS, export_rows())
