import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without request context: the failure may be the database, which sessions and the footer need.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.error("database unavailable: %s", type(sys.exc_info()[1]).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
