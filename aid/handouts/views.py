from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from aid.handouts.chartnote import chart_note
from aid.handouts.compose import ChoiceError, compose
from aid.handouts.forms import form_from
from aid.handouts.pdf import Blocked, export

TEMPLATE = "handouts/builder.html"


def _preview(form, context):
    """Compose the handout for a valid form into the context; a choice naming nothing becomes a form error."""
    try:
        handout = compose(form.choices())
    except ChoiceError as exc:
        form.add_error("medicines" if "medicine" in str(exc).lower() else None, str(exc))
        return False
    context.update(handout=handout, chart_note=chart_note(handout))
    return True


@sensitive_post_parameters("medicines")
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def builder(request):
    form = form_from(request)
    context = {"form": form, "handout": None}
    ok = form.is_valid() and _preview(form, context)
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{TEMPLATE}#preview"
    return render(request, template, context, status=200 if ok else 422)


@sensitive_post_parameters("medicines")
@require_POST
def download(request):
    form = form_from(request)
    context = {"form": form, "handout": None}
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=422)
    try:
        result = export(form.choices(), user=request.user)
    except ChoiceError as exc:
        form.add_error(None, str(exc))
        return render(request, TEMPLATE, context, status=422)
    except Blocked as exc:
        _preview(form, context)
        context["blocked"] = exc.problems
        return render(request, TEMPLATE, context, status=409)
    response = HttpResponse(result["pdf"], content_type="application/pdf")
    disposition = "inline" if request.POST.get("disposition") == "inline" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="kratom-handout-{result["version"]}.pdf"'
    # The PDF may list the patient's medicines: no shared or browser cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response
