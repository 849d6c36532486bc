from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from aid.evidence.models import Claim
from aid.reader.forms import ArticleForm, AskForm
from aid.reader.matching import analyze, answer
from aid.reader.presenting import results_context
from aid.regulation.models import Jurisdiction


def _fragment(request):
    return request.htmx and not request.htmx.history_restore_request


# The pasted article lives only in this request: no model, session, log line or cache key holds it.
@sensitive_post_parameters("text", "upload")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def index(request):
    template = "reader/index.html#results" if _fragment(request) else "reader/index.html"
    if request.method == "GET":
        return render(request, "reader/index.html", {"form": ArticleForm()})
    form = ArticleForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=422)
    text = form.cleaned_data["article"]
    context = {"form": ArticleForm(), "analysed": True, **results_context(text, analyze(text))}
    return render(request, template, context)


@sensitive_post_parameters("said")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def ask(request):
    if request.method == "GET":
        return redirect("evidence:index")
    template = "reader/_ask.html#answer" if _fragment(request) else "reader/ask.html"
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"ask_form": form}, status=422)
    said = form.cleaned_data["said"]
    found = answer(said)
    claim = Claim.objects.with_sources().filter(key=found["claim"]).first() if found["claim"] else None
    context = {"ask_form": form, "asked": True, "found": found, "claim": claim,
               "jurisdiction": _jurisdiction_named(said) if found["about_law"] else None}
    return render(request, template, context)


def _jurisdiction_named(said):
    lowered = f" {said.lower()} "
    names = Jurisdiction.objects.filter(level__in=["state", "country"]).values_list("key", "name")
    hits = [(key, name) for key, name in names if f" {name.lower()}" in lowered]
    return max(hits, key=lambda hit: len(hit[1]), default=None)
