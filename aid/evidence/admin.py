import datetime as dt

from django.conf import settings
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aid.evidence.models import Claim, ClaimCitation, Passage, Source, Statement, StatementCitation, Topic


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", f"Overdue (older than {settings.AID_CONTENT_REVIEW_DAYS} days)"), ("current", "Current")]

    def queryset(self, request, queryset):
        cutoff = dt.date.today() - dt.timedelta(days=settings.AID_CONTENT_REVIEW_DAYS)
        if self.value() == "overdue":
            return queryset.filter(reviewed_on__lt=cutoff)
        if self.value() == "current":
            return queryset.filter(reviewed_on__gte=cutoff)
        return queryset


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "kind", "publisher", "date", "verified", "accessed"]
    list_filter = ["kind", "verified"]
    search_fields = ["key", "title", "publisher", "url"]
    readonly_fields = ["origin", "filename", "text"]


class StatementCitationInline(admin.TabularInline):
    model = StatementCitation
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["key", "topic", "audience", "section", "basis", "level"]
    list_filter = ["topic", "audience", "section", "basis", "level"]
    search_fields = ["key", "text"]
    inlines = [StatementCitationInline]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "order", "reviewed_on"]
    list_filter = [ReviewOverdueFilter]


class ClaimCitationInline(admin.TabularInline):
    model = ClaimCitation
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["key", "text", "topic", "verdict", "level", "reviewed_on"]
    list_filter = ["verdict", "topic", "label", ReviewOverdueFilter]
    search_fields = ["key", "text", "paraphrases"]
    inlines = [ClaimCitationInline]


@admin.register(Passage)
class PassageAdmin(SimpleHistoryAdmin):
    list_display = ["key", "source", "verdict", "claim", "quote"]
    list_filter = ["source", "verdict", "label"]
    search_fields = ["quote"]
    readonly_fields = ["source", "start", "end", "quote"]
    autocomplete_fields = ["claim"]
