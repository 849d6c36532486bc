from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aid.interactions.models import DrugClass, InteractionRule, Medicine, RuleCitation


@admin.register(DrugClass)
class DrugClassAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key", "patient_name")
    search_fields = ("key", "name", "patient_name")


@admin.register(Medicine)
class MedicineAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key", "kind", "class_list")
    list_filter = ("kind", "classes")
    search_fields = ("key", "name", "aliases")
    filter_horizontal = ("classes",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("classes")

    @admin.display(description="classes")
    def class_list(self, obj):
        return ", ".join(c.key for c in obj.classes.all())


class RuleCitationInline(admin.TabularInline):
    model = RuleCitation
    extra = 1
    autocomplete_fields = ()
    raw_id_fields = ("source",)


@admin.register(InteractionRule)
class InteractionRuleAdmin(SimpleHistoryAdmin):
    list_display = ("key", "severity", "mechanism", "evidence", "reviewed_on")
    list_filter = ("severity", "mechanism", "evidence")
    search_fields = ("key", "mechanism_detail", "effect", "advice")
    filter_horizontal = ("classes", "medicines")
    date_hierarchy = "reviewed_on"
    ordering = ("reviewed_on",)
    inlines = [RuleCitationInline]
