import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from aid.core.bundle import EVIDENCE_LEVELS
from aid.core.models import ContentRow

LEVEL_CHOICES = [(level, level.replace("_", " ")) for level in EVIDENCE_LEVELS]
LEVEL_LABELS = {
    "systematic_review": "systematic review",
    "controlled_study": "controlled human study",
    "cohort": "cohort study",
    "cross_sectional": "cross-sectional study",
    "survey": "survey (self-report)",
    "case_reports": "case reports",
    "surveillance": "surveillance data",
    "animal": "animal studies",
    "in_vitro": "laboratory (in vitro) studies",
    "regulatory": "regulator or public-health body",
    "law": "law or regulation",
    "expert_opinion": "expert opinion",
    "theoretical": "theoretical",
}


class Source(ContentRow):
    class Kind(models.TextChoices):
        REGULATOR = "regulator", "regulator"
        PUBLIC_HEALTH = "public_health", "public-health body"
        STUDY = "study", "peer-reviewed study"
        REVIEW = "review", "review"
        NEWS = "news", "news"
        LAW = "law", "law or regulation"
        REFERENCE = "reference", "reference"
        SEED_ARTICLE = "seed_article", "seed article (what patients read; not evidence)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True, help_text="Publisher, agency or journal.")
    date = models.CharField(max_length=10, blank=True, help_text="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
    url = models.URLField(max_length=600, blank=True)
    accessed = models.DateField(null=True, blank=True, help_text="The day the source was read.")
    coi = models.TextField("conflict of interest", blank=True, help_text="Industry links, if any.")
    verified = models.BooleanField(
        default=True, help_text="Unticked when only an abstract, summary or mirror could be read."
    )
    note = models.TextField(blank=True)
    origin = models.CharField(max_length=120, blank=True, editable=False, help_text="The bundle file it came from.")
    filename = models.CharField(max_length=120, blank=True, help_text="Seed articles: the file in seeds/.")
    text = models.TextField(blank=True, help_text="Seed articles: the full text, exactly as given.")
    history = HistoricalRecords(excluded_fields=["text"])

    content_fields = ("kind", "title", "publisher", "date", "url", "accessed", "coi", "verified", "note")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence:source", args=[self.key])

    @property
    def is_seed(self):
        return self.kind == self.Kind.SEED_ARTICLE

    @property
    def year(self):
        return self.date[:4]


class Topic(ContentRow):
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200, help_text="Title for clinicians.")
    patient_title = models.CharField(max_length=200, help_text="Plain title for patients.")
    reviewed_on = models.DateField(help_text="The day the topic was last checked against its sources.")
    history = HistoricalRecords()

    content_fields = ("order", "title", "patient_title", "reviewed_on")

    class Meta:
        ordering = ["order", "key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence:topic", args=[self.key])

    def review_overdue(self, today=None):
        today = today or dt.date.today()
        return (today - self.reviewed_on).days > settings.AID_CONTENT_REVIEW_DAYS


class CitingRow(ContentRow):
    """A bundle row with ordered citations (a `citations` relation with `source` and `position`)."""

    class Meta:
        abstract = True

    def bundle_values(self):
        values = super().bundle_values()
        values["cite"] = [c.source.key for c in self.citations.select_related("source").order_by("position")]
        return values


def _level_label(row):
    return LEVEL_LABELS.get(row.level, row.level)


class Statement(CitingRow):
    class Audience(models.TextChoices):
        CLINICIAN = "clinician"
        PATIENT = "patient"

    class Section(models.TextChoices):
        KEY_POINTS = "key_points", "Key points"
        BENEFITS = "benefits", "Reported benefits and what the evidence shows"
        HARMS = "harms", "Harms and risks"
        UNKNOWNS = "unknowns", "What is not known"
        PRACTICE = "practice", "In practice"

    class Basis(models.TextChoices):
        EVIDENCE = "evidence", "what the evidence shows"
        REPORTED = "reported", "what people report"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="statements")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    section = models.CharField(max_length=12, choices=Section.choices)
    basis = models.CharField(max_length=10, choices=Basis.choices)
    level = models.CharField("evidence level", max_length=20, choices=LEVEL_CHOICES)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, through="StatementCitation", related_name="statements")
    history = HistoricalRecords()

    content_fields = ("topic", "audience", "section", "basis", "level", "text", "position")
    level_label = property(_level_label)

    class Meta:
        ordering = ["topic__order", "audience", "position"]

    def __str__(self):
        return self.key



class StatementCitation(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statement_citations")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["statement", "source"], name="one_citation_per_source")]


class ClaimQuerySet(models.QuerySet):
    def with_sources(self):
        return self.select_related("topic").prefetch_related("citations__source")


class Claim(CitingRow):
    class Verdict(models.TextChoices):
        SUPPORTED = "supported"
        OVERSTATED = "overstated"
        UNSUPPORTED = "unsupported"
        CONTRADICTED = "contradicted"
        UNCERTAIN = "uncertain"

    class Label(models.TextChoices):
        EFFICACY_PAIN = "efficacy_pain", "pain relief"
        EFFICACY_OTHER = "efficacy_other", "other benefits"
        MECHANISM = "mechanism", "how it works"
        DEPENDENCE = "dependence", "dependence and withdrawal"
        INTERACTIONS = "interactions", "interactions"
        ADVERSE_EFFECTS = "adverse_effects", "side effects and toxicity"
        PRODUCT_QUALITY = "product_quality", "product quality"
        DOSING = "dosing", "dosing"
        REGULATION = "regulation", "legal status"

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="claims")
    label = models.CharField(max_length=20, choices=Label.choices, help_text="The reader's topic label.")
    text = models.TextField(help_text="The claim as patients meet it.")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    level = models.CharField("evidence level", max_length=20, choices=LEVEL_CHOICES)
    clinician = models.TextField("clinician explanation")
    patient = models.TextField("patient counterpoint", help_text="Plain words, grade 8 or lower.")
    paraphrases = models.JSONField(default=list, blank=True, help_text="Other ways people say it.")
    cues = models.JSONField(default=list, blank=True, help_text="Regular expressions for the claim's key words.")
    reviewed_on = models.DateField()
    sources = models.ManyToManyField(Source, through="ClaimCitation", related_name="claims")
    history = HistoricalRecords()

    objects = ClaimQuerySet.as_manager()

    content_fields = (
        "topic", "label", "text", "verdict", "level", "clinician", "patient", "paraphrases", "cues", "reviewed_on",
    )
    level_label = property(_level_label)

    class Meta:
        ordering = ["topic__order", "key"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("evidence:claim", args=[self.key])



class ClaimCitation(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claim_citations")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["claim", "source"], name="one_claim_citation_per_source")]


class Passage(ContentRow):
    """A claim sentence in a seed article, by its exact span; how a claim points at what patients read."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    label = models.CharField(max_length=20, choices=Claim.Label.choices)
    verdict = models.CharField(
        max_length=12, choices=Claim.Verdict.choices + [("neutral", "neutral")],
        help_text="This sentence's verdict; a hedged sentence may differ from its claim's.",
    )
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="passages")
    history = HistoricalRecords()

    content_fields = ("source", "start", "end", "quote", "label", "verdict", "claim")

    class Meta:
        ordering = ["source", "start"]

    def __str__(self):
        return f"{self.source.filename} {self.start}-{self.end}"
