from django.db import models
from django.db.models import Prefetch
from simple_history.models import HistoricalRecords

from aid.core.models import ContentRow
from aid.evidence.models import CitingRow, Source

SEVERITY_ORDER = {"major": 0, "moderate": 1, "minor": 2}
EVIDENCE_LABELS = {
    "clinical_study": "clinical study",
    "case_reports": "case reports",
    "in_vitro": "laboratory (in vitro) studies",
    "theoretical": "theoretical (from how the drugs work)",
}


class DrugClass(ContentRow):
    name = models.CharField(max_length=200, help_text="Name for clinicians.")
    patient_name = models.CharField(max_length=200, help_text="Plain name for patients.")
    position = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    content_fields = ("name", "patient_name")

    class Meta:
        ordering = ["position", "key"]
        verbose_name_plural = "drug classes"

    def __str__(self):
        return self.name


class MedicineQuerySet(models.QuerySet):
    def with_classes(self):
        return self.prefetch_related(Prefetch("classes", queryset=DrugClass.objects.order_by("position")))


class Medicine(ContentRow):
    class Kind(models.TextChoices):
        GENERIC = "generic"
        COMBINATION = "combination", "combination product"
        SUBSTANCE = "substance", "non-drug substance (alcohol, cannabis, illicit drugs)"

    name = models.CharField(max_length=200, help_text="The generic name shown as what an entry was recognized as.")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.GENERIC)
    classes = models.ManyToManyField(DrugClass, related_name="medicines", help_text="Every class the medicine belongs to.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Brand names, other spellings, common misspellings and street names that mean this medicine.",
    )
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(m2m_fields=[classes])

    objects = MedicineQuerySet.as_manager()

    content_fields = ("name", "kind", "aliases", "notes")

    class Meta:
        ordering = ["position", "key"]

    def __str__(self):
        return self.name

    def bundle_values(self):
        values = super().bundle_values()
        values["classes"] = sorted(c.key for c in self.classes.all())
        return values


class InteractionRuleQuerySet(models.QuerySet):
    def with_targets(self):
        return self.prefetch_related("classes", "medicines", "citations__source")


class InteractionRule(CitingRow):
    class Severity(models.TextChoices):
        MAJOR = "major"
        MODERATE = "moderate"
        MINOR = "minor"

    class Mechanism(models.TextChoices):
        PHARMACODYNAMIC = "pharmacodynamic"
        PHARMACOKINETIC = "pharmacokinetic"

    class Evidence(models.TextChoices):
        CLINICAL_STUDY = "clinical_study", "clinical study"
        CASE_REPORTS = "case_reports", "case reports"
        IN_VITRO = "in_vitro", "laboratory (in vitro) studies"
        THEORETICAL = "theoretical"

    severity = models.CharField(max_length=10, choices=Severity.choices)
    mechanism = models.CharField(max_length=16, choices=Mechanism.choices)
    mechanism_detail = models.CharField(max_length=300, help_text="E.g. additive sedation and breathing depression; CYP3A.")
    effect = models.TextField(help_text="What may happen, for clinicians.")
    advice = models.TextField(help_text="What to advise or monitor.")
    patient_text = models.TextField(help_text="Plain words for the handout (Flesch-Kincaid grade 8 or lower).")
    evidence = models.CharField("evidence level", max_length=16, choices=Evidence.choices)
    classes = models.ManyToManyField(
        DrugClass, blank=True, related_name="rules", help_text="The rule applies to medicines in any of these classes …"
    )
    medicines = models.ManyToManyField(
        Medicine, blank=True, related_name="rules", help_text="… or to these medicines."
    )
    sources = models.ManyToManyField(Source, through="RuleCitation", related_name="interaction_rules")
    reviewed_on = models.DateField(help_text="The day the rule was last checked against its sources.")
    position = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(m2m_fields=[classes, medicines])

    objects = InteractionRuleQuerySet.as_manager()

    content_fields = (
        "severity", "mechanism", "mechanism_detail", "effect", "advice", "patient_text", "evidence", "reviewed_on",
    )

    class Meta:
        ordering = ["position", "key"]

    def __str__(self):
        return self.key

    def bundle_values(self):
        values = super().bundle_values()
        values["classes"] = sorted(c.key for c in self.classes.all())
        values["medicines"] = sorted(m.key for m in self.medicines.all())
        return values

    @property
    def evidence_label(self):
        return EVIDENCE_LABELS.get(self.evidence, self.evidence)


class RuleCitation(models.Model):
    rule = models.ForeignKey(InteractionRule, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="rule_citations")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["rule", "source"], name="one_rule_citation_per_source")]

    def __str__(self):
        return self.source.key
