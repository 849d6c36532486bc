from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from aid.regulation import tilemap
from aid.regulation.browse import sort_headers, table_options
from aid.regulation.models import LEVELS, STATUS_MEANINGS, STATUSES, Jurisdiction
from aid.regulation.resolve import nearest, resolve

PICKER_GROUPS = (
    ("federal", "United States (federal)"),
    ("state", "US states"),
    ("local", "US cities and counties"),
    ("country", "Countries"),
)
FRAGMENTS = {"legal-entry": "entry", "legal-table": "table"}


def _fragment(request):
    """The partial an htmx request asked for (by its target), or None for a whole page."""
    if request.htmx and not request.htmx.history_restore_request:
        return FRAGMENTS.get(request.htmx.target)
    return None


def _picker(names):
    by_level = {level: [] for level in LEVELS}
    for code, name, level in names:
        by_level[level].append((code, name))
    return [(label, sorted(by_level[level], key=lambda item: item[1])) for level, label in PICKER_GROUPS]


@vary_on_headers("HX-Request")
def index(request):
    names = list(Jurisdiction.objects.values_list("key", "name", "level"))
    pairs = [(code, name) for code, name, _ in names]
    asked = request.GET.get("code", "").strip() or settings.AID_DEFAULT_JURISDICTION
    code = resolve(asked, pairs)
    options = table_options(request.GET)
    fragment = _fragment(request)
    context = {
        "jurisdiction": Jurisdiction.objects.for_code(code) if code else None,
        "asked": asked,
        "suggestions": [] if code else Jurisdiction.objects.filter(key__in=nearest(asked, pairs)),
        "picker": _picker(names),
        "options": options,
        "rows": Jurisdiction.objects.listing(**options),
        "headers": sort_headers(options["sort"]),
        "statuses": [(status, STATUS_MEANINGS[status]) for status in STATUSES],
        "levels": LEVELS,
        # htmx swaps one part; these keep the other part's hidden fields in step.
        "oob": fragment == "table",
        "entry_oob": fragment == "entry",
    }
    if fragment is None:
        context["tiles"] = tilemap.tiles(Jurisdiction.objects.filter(level="state"))
        context["map_size"] = {"width": tilemap.WIDTH, "height": tilemap.HEIGHT, "tile": tilemap.TILE}
    template = f"regulation/index.html#{fragment}" if fragment else "regulation/index.html"
    return render(request, template, context, status=200 if context["jurisdiction"] else 422)


def detail(request, code):
    jurisdiction = Jurisdiction.objects.for_code(code)
    if jurisdiction is None:
        raise Http404("No such jurisdiction")
    if jurisdiction.key != code:
        return redirect(jurisdiction, permanent=True)
    context = {"jurisdiction": jurisdiction, "statuses": [(s, STATUS_MEANINGS[s]) for s in STATUSES]}
    return render(request, "regulation/detail.html", context)
