from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from aid.evidence.models import Claim, Passage, Source, Statement, Topic
from aid.evidence.presenting import number_citations, seed_segments


def _is_fragment(request):
    return bool(request.htmx and not request.htmx.history_restore_request)


def index(request):
    topics = Topic.objects.annotate(n_claims=Count("claims"))
    seeds = Source.objects.filter(kind=Source.Kind.SEED_ARTICLE).annotate(n_passages=Count("passages"))
    return render(request, "evidence/index.html", {"topics": topics, "seeds": seeds.order_by("filename")})


def topic_detail(request, key):
    audience = "patient" if request.GET.get("for") == "patient" else "clinician"
    statements = Statement.objects.filter(audience=audience).prefetch_related("citations__source")
    topic = get_object_or_404(
        Topic.objects.prefetch_related(
            Prefetch("statements", queryset=statements, to_attr="shown"),
            Prefetch("claims", queryset=Claim.objects.order_by("verdict", "key")),
        ),
        key=key,
    )
    references, by_section = number_citations(topic.shown)
    context = {
        "topic": topic,
        "audience": audience,
        "sections": by_section,
        "references": references,
        "topics": Topic.objects.only("key", "title", "patient_title", "order"),
    }
    return render(request, "evidence/topic.html", context)


@vary_on_headers("HX-Request")
def claim_list(request):
    claims = Claim.objects.with_sources().annotate(n_passages=Count("passages"))
    topics = list(Topic.objects.only("key", "title", "order"))
    topic, verdict = request.GET.get("topic", ""), request.GET.get("verdict", "")
    # Only known values reach the query: anything else is answered with a message, not passed on.
    error = ""
    if topic and topic not in {t.key for t in topics}:
        error, topic = "That topic is not one of the topics listed; showing all topics.", ""
    if verdict and verdict not in Claim.Verdict.values:
        error, verdict = "That verdict is not one of the verdicts listed; showing all verdicts.", ""
    if topic:
        claims = claims.filter(topic__key=topic)
    if verdict:
        claims = claims.filter(verdict=verdict)
    context = {
        "claims": claims,
        "topics": topics,
        "verdicts": Claim.Verdict.choices,
        "selected": {"topic": topic, "verdict": verdict},
        "error": error,
    }
    template = "evidence/claims.html#results" if _is_fragment(request) else "evidence/claims.html"
    return render(request, template, context, status=422 if error else 200)


def claim_detail(request, key):
    claim = get_object_or_404(Claim.objects.with_sources(), key=key)
    passages = claim.passages.select_related("source").order_by("source__filename", "start")
    return render(request, "evidence/claim.html", {"claim": claim, "passages": passages})


@vary_on_headers("HX-Request")
def seed_detail(request, key):
    seed = get_object_or_404(Source, key=key, kind=Source.Kind.SEED_ARTICLE)
    passages = list(
        seed.passages.select_related("claim__topic").prefetch_related("claim__citations__source").order_by("start")
    )
    chosen = next((p for p in passages if p.key == request.GET.get("passage")), None)
    if _is_fragment(request) and chosen:
        return render(request, "evidence/seed.html#panel", {"chosen": chosen, "seed": seed})
    counts = {}
    for passage in passages:
        counts[passage.verdict] = counts.get(passage.verdict, 0) + 1
    context = {
        "seed": seed,
        "lines": seed_segments(seed.text, passages),
        "chosen": chosen,
        "counts": sorted(counts.items()),
        "n_linked": sum(1 for p in passages if p.claim_id),
        "n_passages": len(passages),
    }
    return render(request, "evidence/seed.html", context)


def source_detail(request, key):
    source = get_object_or_404(Source, key=key)
    statements = (
        Statement.objects.filter(citations__source=source).select_related("topic").order_by("topic__order", "audience")
    )
    claims = Claim.objects.filter(citations__source=source).select_related("topic")
    rules = source.interaction_rules.all() if hasattr(source, "interaction_rules") else []
    context = {"source": source, "statements": statements, "claims": claims, "rules": rules}
    if source.is_seed:
        context["passages"] = Passage.objects.filter(source=source).select_related("claim").order_by("start")
    return render(request, "evidence/source.html", context)
