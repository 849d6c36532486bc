from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from aid.interactions.rules import MAX_ENTRIES, InputError, check_medicines

TEMPLATE = "interactions/check.html"


@sensitive_post_parameters("medicines")
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def check(request):
    context = {"max_entries": MAX_ENTRIES, "medicines": "", "result": None, "error": ""}
    status = 200
    if request.method == "POST":
        context["medicines"] = request.POST.get("medicines", "")
        try:
            context["result"] = check_medicines(context["medicines"])
        except InputError as exc:
            context["error"] = str(exc)
            # An emptied box while typing is not a mistake worth a red message: just clear the results.
            status = 200 if request.htmx and not context["medicines"].strip() else 422
            if status == 200:
                context["error"] = ""
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{TEMPLATE}#results"
    return render(request, template, context, status=status)
