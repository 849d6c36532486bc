from django.contrib import admin

from aid.handouts.models import HandoutExport


@admin.register(HandoutExport)
class HandoutExportAdmin(admin.ModelAdmin):
    """The export log is a record: it can be read, never written or changed here."""

    list_display = ("created_at", "user", "channel", "content_version", "jurisdiction", "paper", "pages", "section_list")
    list_filter = ("channel", "paper", "content_version")
    date_hierarchy = "created_at"

    @admin.display(description="sections")
    def section_list(self, obj):
        return ", ".join(obj.sections)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
