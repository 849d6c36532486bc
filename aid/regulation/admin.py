import datetime as dt

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aid.regulation.content import SOURCE_SLOTS
from aid.regulation.models import Jurisdiction, JurisdictionSource


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "overdue (may be out of date)"), ("current", "up to date")]

    def queryset(self, request, queryset):
        overdue = Jurisdiction.objects.overdue(dt.date.today())
        if self.value() == "overdue":
            return queryset.filter(pk__in=overdue.values("pk"))
        if self.value() == "current":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class JurisdictionSourceInline(admin.TabularInline):
    model = JurisdictionSource
    extra = 0
    min_num = 1
    # The CSV round trip (import/export_jurisdictions) has three source slots.
    max_num = SOURCE_SLOTS
    fields = ("position", "title", "url", "date")


@admin.register(Jurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin):
    list_display = ("key", "name", "level", "status", "seven_oh_status", "verified_on", "review_due", "confidence")
    list_filter = (ReviewOverdueFilter, "level", "status", "seven_oh_status", "confidence")
    search_fields = ("key", "name", "instrument", "summary")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = [JurisdictionSourceInline]
    fieldsets = [
        (None, {"fields": ("key", "name", "level", "parent")}),
        ("Status", {"fields": ("status", "seven_oh_status", "instrument", "effective_date")}),
        ("Wording", {"fields": ("summary", "patient_summary")}),
        ("Review", {"fields": ("verified_on", "review_days", "confidence", "notes")}),
    ]

    @admin.display(description="review due")
    def review_due(self, obj):
        due = obj.review_due_on
        return f"{due:%Y-%m-%d} (overdue)" if obj.is_stale() else f"{due:%Y-%m-%d}"
