from django.conf import settings
from django.db import models


class HandoutExport(models.Model):
    """One handout produced: who, when, which content and options. Never a patient identifier or medicine."""

    class Channel(models.TextChoices):
        WEB = "web", "downloaded or printed from the builder"
        COMMAND = "command", "made with manage.py handout"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    content_version = models.CharField(max_length=16)
    sections = models.JSONField(default=list, help_text="Section keys, in print order.")
    jurisdiction = models.CharField(max_length=40, help_text="Jurisdiction code shown on the handout.")
    paper = models.CharField(max_length=10)
    claims = models.JSONField(default=list, blank=True, help_text="Keys of the reader's claims printed.")
    medicines_checked = models.BooleanField(
        default=False, help_text="Whether a medicine list was checked. The list itself is never kept."
    )
    pages = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Handout {self.created_at:%Y-%m-%d %H:%M} ({self.content_version})"
