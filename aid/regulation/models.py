import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from aid.core.models import ContentRow

STATUSES = ("banned", "restricted", "regulated", "unregulated", "unclear")
LEVELS = ("federal", "state", "local", "country")
CONFIDENCES = ("high", "medium", "low")

# One line each, shown beside the status; the full definitions live in docs/legal-statuses.md.
STATUS_MEANINGS = {
    "banned": "Selling kratom, and usually having it, is a crime here.",
    "restricted": "Not a controlled drug, but sales are limited (age, product type, or no sale as food or supplement).",
    "regulated": "Legal for adults under a consumer-protection law: age limit, labels, purity rules, 7-OH cap.",
    "unregulated": "No kratom-specific law was found. General food and drug rules still apply.",
    "unclear": "Sources conflict, a change is in progress, or nothing verifiable was found.",
}


def status_choices():
    return [(status, status) for status in STATUSES]


class JurisdictionQuerySet(models.QuerySet):
    def with_sources(self):
        return self.select_related("parent").prefetch_related(
            models.Prefetch("sources", queryset=JurisdictionSource.objects.order_by("position"))
        )

    def with_local_rules(self):
        return self.with_sources().prefetch_related(
            models.Prefetch("children", queryset=Jurisdiction.objects.filter(level="local").order_by("name"))
        )

    def listing(self, status="", level="", sort="name"):
        """The table of all jurisdictions: optional filters; status sorts from strictest to least clear."""
        rows = self.with_sources()
        if status:
            rows = rows.filter(status=status)
        if level:
            rows = rows.filter(level=level)
        descending, column = sort.startswith("-"), sort.lstrip("-")
        if column == "status":
            rows = rows.annotate(
                status_rank=models.Case(
                    *(models.When(status=s, then=models.Value(n)) for n, s in enumerate(STATUSES)),
                    output_field=models.IntegerField(),
                )
            )
        field = {"code": "key", "status": "status_rank"}.get(column, column)
        return rows.order_by(f"-{field}" if descending else field, "key")

    def for_code(self, code):
        """The jurisdiction with this code (any case), sources and local rules loaded; None if unknown."""
        if not code:
            return None
        return self.with_local_rules().filter(key__iexact=code.strip()).first()

    def overdue(self, today=None):
        """Entries whose verification is older than their review interval."""
        today = today or dt.date.today()
        default = settings.AID_LEGAL_REVIEW_DAYS
        condition = Q(review_days__isnull=True, verified_on__lt=today - dt.timedelta(days=default))
        for days in self.exclude(review_days=None).values_list("review_days", flat=True).distinct():
            condition |= Q(review_days=days, verified_on__lt=today - dt.timedelta(days=days))
        return self.filter(condition)


class Jurisdiction(ContentRow):
    """Kratom's legal status in one place. `key` holds the code as written (US, US-AL, US-CA-SAN-DIEGO, TH)."""

    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=[(level, level) for level in LEVELS])
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The enclosing jurisdiction: US for a state, the state for a city or county.",
    )
    status = models.CharField(max_length=12, choices=status_choices())
    seven_oh_status = models.CharField(
        "7-OH status",
        max_length=12,
        blank=True,
        choices=status_choices(),
        help_text="Only when a separate rule targets 7-OH or concentrated alkaloid products; else empty.",
    )
    summary = models.TextField(help_text="For clinicians: what the law says, in our words.")
    patient_summary = models.TextField(help_text="Plain words for the handout: Flesch-Kincaid grade 8 or lower.")
    instrument = models.CharField(max_length=300, blank=True, help_text="The statute, rule or order.")
    effective_date = models.CharField(
        max_length=10, blank=True, help_text="When the rule took effect: YYYY-MM-DD, or YYYY(-MM) if only that is known."
    )
    verified_on = models.DateField(help_text="The day this entry was last checked against its sources.")
    review_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Re-check after this many days; empty = the clinic default (AID_LEGAL_REVIEW_DAYS).",
    )
    confidence = models.CharField(
        max_length=6,
        choices=[(c, c) for c in CONFIDENCES],
        help_text="high: primary text or several reputable reports; medium: secondary reporting; low: vendor "
        "or advocacy sources only, or sources conflict.",
    )
    notes = models.TextField(blank=True, help_text="For editors: open questions, what to re-check.")
    history = HistoricalRecords()

    objects = JurisdictionQuerySet.as_manager()

    content_fields = (
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
        "notes",
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @property
    def code(self):
        return self.key

    def get_absolute_url(self):
        return reverse("regulation:detail", args=[self.key])

    def bundle_values(self):
        values = super().bundle_values()
        values["sources"] = [source.as_row() for source in self.ordered_sources()]
        return values

    def ordered_sources(self):
        return sorted(self.sources.all(), key=lambda source: source.position)

    def local_rules(self):
        return [child for child in self.children.all() if child.level == "local"]

    @property
    def status_meaning(self):
        return STATUS_MEANINGS.get(self.status, "")

    @property
    def review_interval(self):
        return self.review_days or settings.AID_LEGAL_REVIEW_DAYS

    @property
    def review_due_on(self):
        return self.verified_on + dt.timedelta(days=self.review_interval)

    def is_stale(self, today=None):
        """True once the entry is older than its review interval: shown as "may be out of date"."""
        return (today or dt.date.today()) > self.review_due_on

    @property
    def stale(self):
        return self.is_stale()

    @property
    def law_as_of(self):
        """The newest source date (dates may be partial, YYYY or YYYY-MM, which still sort as text)."""
        return max((source.date for source in self.sources.all() if source.date), default="")

    def as_json(self, today=None):
        return {
            "code": self.key,
            "name": self.name,
            "level": self.level,
            "parent": self.parent.key if self.parent_id else None,
            "status": self.status,
            "status_meaning": self.status_meaning,
            "seven_oh_status": self.seven_oh_status or None,
            "summary": self.summary,
            "patient_summary": self.patient_summary,
            "instrument": self.instrument,
            "effective_date": self.effective_date,
            "verified_on": self.verified_on.isoformat(),
            "review_due_on": self.review_due_on.isoformat(),
            "stale": self.is_stale(today),
            "confidence": self.confidence,
            "law_as_of": self.law_as_of,
            "sources": [
                {"title": s.title, "url": s.url, "date": s.date} for s in self.ordered_sources()
            ],
            "local": [child.key for child in self.local_rules()],
        }


class JurisdictionSource(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(default=1, help_text="1, 2 or 3: the order shown.")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=600)
    date = models.CharField(
        max_length=10, blank=True, help_text="The source's own date: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["jurisdiction", "position"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "position"], name="one_source_per_position")
        ]

    def __str__(self):
        return self.title

    def as_row(self):
        return {"title": self.title, "url": self.url, "date": self.date}
