"""The content bundle: reading and validating `seeds/`, and the load/check/export driver.

Each content-owning app has a `content.py` with `check(bundle)`, `load(bundle, report, force)` and
`export(root)`. The driver calls them in CONTENT_APPS order (sources first: everything cites them).
"""

import csv
import datetime as dt
import hashlib
import importlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

CONTENT_APPS = ["aid.evidence", "aid.interactions", "aid.regulation"]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EVIDENCE_LEVELS = (
    "systematic_review",
    "controlled_study",
    "cohort",
    "cross_sectional",
    "survey",
    "case_reports",
    "surveillance",
    "animal",
    "in_vitro",
    "regulatory",
    "law",
    "expert_opinion",
    "theoretical",
)


class ContentError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the content bundle")


class Bundle:
    """The files under the content root, read once, with the problems found in them."""

    def __init__(self, root=None):
        self.root = Path(root or settings.AID_CONTENT_DIR)
        self.content = self.root / "content"
        self.problems = []
        self.reviewed_dates = []
        # Parsed pieces one app needs from another (e.g. the set of source keys), filled during check.
        self.shared = {}
        self._version = None

    # --- reading -----------------------------------------------------------------------------
    def files(self):
        return sorted(p for p in self.root.rglob("*") if p.is_file() and not p.name.startswith("."))

    def version(self):
        if self._version is None:
            digest = hashlib.sha256()
            for path in self.files():
                digest.update(path.relative_to(self.root).as_posix().encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
            self._version = digest.hexdigest()[:12]
        return self._version

    def rel(self, path):
        return Path(path).relative_to(self.root).as_posix()

    def yaml(self, rel, *, required=True):
        path = self.content / rel
        if not path.exists():
            if required:
                self.problem(f"content/{rel}", "file is missing")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problem(f"content/{rel}", f"not valid YAML: {str(exc).splitlines()[0]}")
            return None

    def yaml_glob(self, pattern):
        for path in sorted(self.content.glob(pattern)):
            yield path.relative_to(self.content).as_posix(), self.yaml(path.relative_to(self.content))

    def csv(self, rel, columns, *, required=True):
        """Rows of a CSV file as (line number, dict); checks the header against `columns`."""
        path = self.content / rel
        if not path.exists():
            if required:
                self.problem(f"content/{rel}", "file is missing")
            return []
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.problem(f"content/{rel}", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
            return []
        return read_csv(text, columns, f"content/{rel}", self.problem)

    # --- problems ----------------------------------------------------------------------------
    def problem(self, where, problem):
        self.problems.append({"where": where, "problem": problem})

    def require(self, where, item, fields):
        missing = [f for f in fields if item.get(f) in (None, "", [])]
        for field in missing:
            self.problem(where, f"missing {field}")
        return not missing

    def check_slug(self, where, key):
        if not isinstance(key, str) or not SLUG.match(key):
            self.problem(where, f"key {key!r} is not a lowercase slug")
            return False
        return True

    def check_date(self, where, field, value, *, partial=False, required=True):
        """Parse a date field; returns a date (or the partial string when allowed) or None."""
        if value in (None, ""):
            if required:
                self.problem(where, f"missing {field}")
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value)
        if partial and PARTIAL_DATE.match(text):
            return text
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(where, f"{field} {text!r} is not a date (YYYY-MM-DD)")
            return None

    def check_reviewed(self, where, value):
        reviewed = self.check_date(where, "reviewed_on", value)
        if isinstance(reviewed, dt.date):
            self.reviewed_dates.append(reviewed)
        return reviewed

    def check_level(self, where, level, allowed=EVIDENCE_LEVELS, field="level"):
        if level not in allowed:
            self.problem(where, f"{field} {level!r} is not one of {', '.join(allowed)}")

    def check_cites(self, where, cite):
        """Every statement cites at least one known, non-seed source."""
        known = self.shared.get("source_keys", set())
        seeds = self.shared.get("seed_keys", set())
        if not cite:
            self.problem(where, "has no citation")
            return
        if not isinstance(cite, list):
            self.problem(where, "cite must be a list of source keys")
            return
        for key in cite:
            if key in seeds:
                self.problem(where, f"cites seed article {key!r} as evidence")
            elif key not in known:
                self.problem(where, f"citation {key!r} resolves to no source")


def read_csv(text, columns, where, problem):
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        problem(where, f"header lacks column(s): {', '.join(missing)}")
        return []
    rows = []
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            problem(f"{where}:{reader.line_num}", "wrong number of columns")
            continue
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def write_csv(path, columns, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") or "" for c in columns})
    Path(path).write_text(buffer.getvalue(), encoding="utf-8")


def write_yaml(path, data):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


# --- upserting by stable key, without overwriting an editor's change ---------------------------


def plain(value):
    if hasattr(value, "key") and hasattr(value, "_meta"):
        return value.key
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def digest(values):
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


class LoadReport:
    def __init__(self):
        self.counts = {}
        self.conflicts = []

    def count(self, model, action):
        self.counts.setdefault(model._meta.verbose_name_plural, Counter())[action] += 1

    def lines(self):
        for name, counter in self.counts.items():
            parts = ", ".join(f"{n} {action}" for action, n in sorted(counter.items()))
            yield f"{name}: {parts}"
        for conflict in self.conflicts:
            yield f"kept editor's change (use --force to take the bundle's): {conflict}"


def upsert(model, key, fields, report, *, force=False, related=None, apply_related=None):
    """Create or update one row by key; returns the row.

    `related` holds plain values that are not model fields (e.g. cited source keys); `apply_related(obj)`
    writes them after the row is saved. A row whose current content differs from what was last loaded
    was edited in the admin: it is kept, and reported as a conflict, unless `force`.
    """
    incoming = {name: plain(value) for name, value in fields.items()}
    incoming.update(related or {})
    new_hash = digest(incoming)
    obj = model.objects.filter(key=key).first()
    if obj is None:
        obj = model(key=key, bundle_hash=new_hash, **fields)
        obj.save()
        if apply_related:
            apply_related(obj)
        report.count(model, "created")
        return obj
    current_hash = digest(obj.bundle_values())
    if current_hash == new_hash:
        if obj.bundle_hash != new_hash:
            model.objects.filter(pk=obj.pk).update(bundle_hash=new_hash)
        report.count(model, "unchanged")
        return obj
    if obj.bundle_hash and current_hash != obj.bundle_hash and not force:
        report.conflicts.append(f"{model._meta.verbose_name} {key}")
        report.count(model, "kept (edited)")
        return obj
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.bundle_hash = new_hash
    obj.save()
    if apply_related:
        apply_related(obj)
    report.count(model, "updated")
    return obj


def prune(model, keep_keys, report, queryset=None):
    """Delete bundle rows whose key left the bundle; rows added in the admin (no bundle hash) stay."""
    stale = (queryset if queryset is not None else model.objects.all()).exclude(key__in=keep_keys)
    stale = stale.exclude(bundle_hash="")
    for _ in range(stale.count()):
        report.count(model, "deleted")
    stale.delete()


# --- the driver ---------------------------------------------------------------------------------


def content_modules():
    return [importlib.import_module(f"{app}.content") for app in CONTENT_APPS]


def check_bundle(root=None):
    bundle = Bundle(root)
    for module in content_modules():
        module.check(bundle)
    return bundle


def load_bundle(root=None, *, force=False):
    """Validate everything, then write everything in one transaction; returns (bundle, report, loaded)."""
    from aid.core.models import ContentLoad

    bundle = Bundle(root)
    current = ContentLoad.objects.current()
    if current and current.version == bundle.version() and not force:
        return bundle, LoadReport(), False
    for module in content_modules():
        module.check(bundle)
    if bundle.problems:
        raise ContentError(bundle.problems)
    report = LoadReport()
    with transaction.atomic():
        for module in content_modules():
            module.load(bundle, report, force=force)
        ContentLoad.objects.create(
            version=bundle.version(),
            reviewed_on=max(bundle.reviewed_dates, default=None),
            counts=bundle.shared.get("counts", {}),
        )
    return bundle, report, True


def export_bundle(root):
    root = Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    for module in content_modules():
        module.export(root)
    return root
