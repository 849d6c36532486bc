from django.conf import settings
from django.db import DatabaseError

from aid.core.models import ContentLoad


def clinic(request):
    """Clinic name, and the content version and review date shown in every page's footer."""
    try:
        current = ContentLoad.objects.current()
    except DatabaseError:
        current = None
    return {
        "clinic_name": settings.AID_CLINIC_NAME,
        "content_version": current.version if current else "not loaded",
        "content_reviewed_on": current.reviewed_on if current else None,
    }
