from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from aid.core.models import ContentLoad


def home(request):
    return render(request, "core/home.html")


@login_not_required
@never_cache
def healthz(request):
    """Liveness for a load balancer: database reachable and the content version; nothing secret."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        current = ContentLoad.objects.current()
    except Exception as exc:  # any database failure is "not healthy", never a 500
        return JsonResponse(
            {"ok": False, "database": "unreachable", "reason": type(exc).__name__}, status=503
        )
    return JsonResponse(
        {
            "ok": current is not None,
            "database": "ok",
            "content_version": current.version if current else None,
            "content_loaded": current is not None,
        },
        status=200 if current else 503,
    )
