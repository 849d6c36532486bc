from django.db import models


class ContentLoadQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-loaded_at", "-id").first()


class ContentLoad(models.Model):
    """One successful load of the content bundle; the newest one is what is being served."""

    version = models.CharField(max_length=16, help_text="Hash of the bundle files that were loaded.")
    reviewed_on = models.DateField(null=True, help_text="Newest review date found in the bundle.")
    loaded_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    objects = ContentLoadQuerySet.as_manager()

    class Meta:
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.version} ({self.loaded_at:%Y-%m-%d %H:%M})"


class ContentRow(models.Model):
    """A row that comes from the content bundle, keyed by a stable slug.

    `bundle_hash` is the hash of the row's content as last loaded from the bundle. When the row's current
    content no longer matches it, an editor changed the row in the admin, and a later load must not
    overwrite that silently (see aid.core.bundle.upsert).
    """

    key = models.SlugField(max_length=120, unique=True, help_text="Stable key used in the content files.")
    bundle_hash = models.CharField(max_length=64, blank=True, editable=False)

    # Field names whose values make up the row's content; subclasses list them.
    content_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def bundle_values(self):
        """The row's content in the same shape the loader hashes (related keys added by subclasses)."""
        from aid.core.bundle import plain

        return {name: plain(getattr(self, name)) for name in self.content_fields}
