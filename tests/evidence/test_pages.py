import re

import pytest
from django.urls import reverse

from aid.evidence.models import Claim, Passage, Source, Statement, Topic


def test_index_lists_the_ten_topics_and_the_seed_articles(clinician_client):
    html = clinician_client.get(reverse("evidence:index")).content.decode()
    for topic in Topic.objects.all():
        assert topic.title in html or topic.title.replace("&", "&amp;") in html
    assert html.count(reverse("evidence:seed", args=["seed-000"])) == 1
    assert Topic.objects.count() == 10


def test_topic_page_shows_cited_statements_side_by_side_with_references(clinician_client):
    topic = Topic.objects.get(key="pain")
    response = clinician_client.get(reverse("evidence:topic", args=["pain"]))
    html = response.content.decode()
    assert "Reported benefits and what the evidence shows" in html and "Harms and risks" in html
    assert "What is not known" in html
    assert f"Last reviewed {topic.reviewed_on:%-d %B %Y}" in html
    statements = Statement.objects.filter(topic=topic, audience="clinician")
    for statement in statements:
        assert f'id="s-{statement.key}"' in html
    # every citation marker points at a numbered reference that exists on the page
    markers = set(re.findall(r'href="#ref-(\d+)"', html))
    assert markers and all(f'id="ref-{n}"' in html for n in markers)
    cited = Source.objects.filter(statement_citations__statement__in=statements).distinct()
    assert len(markers) == cited.count()
    # patient statements are not mixed in
    patient = Statement.objects.filter(topic=topic, audience="patient").first()
    assert f'id="s-{patient.key}"' not in html


def test_switching_to_patient_wording(clinician_client):
    topic = Topic.objects.get(key="dependence")
    html = clinician_client.get(reverse("evidence:topic", args=["dependence"]) + "?for=patient").content.decode()
    assert topic.patient_title in html.replace("&#x27;", "'")
    assert "Switch to clinician wording" in html
    for statement in Statement.objects.filter(topic=topic, audience="patient"):
        assert f'id="s-{statement.key}"' in html


def test_unknown_topic_is_404(clinician_client):
    assert clinician_client.get(reverse("evidence:topic", args=["nope"])).status_code == 404


@pytest.mark.parametrize("verdict", ["contradicted", "supported"])
def test_claims_can_be_filtered_by_verdict(clinician_client, verdict):
    html = clinician_client.get(reverse("evidence:claims"), {"verdict": verdict}).content.decode()
    shown = Claim.objects.filter(verdict=verdict)
    hidden = Claim.objects.exclude(verdict=verdict)
    assert shown.exists()
    for claim in shown:
        assert reverse("evidence:claim", args=[claim.key]) in html
    for claim in hidden:
        assert reverse("evidence:claim", args=[claim.key]) not in html


def test_claims_filter_answers_htmx_with_a_fragment(clinician_client):
    topic = Claim.objects.first().topic
    response = clinician_client.get(
        reverse("evidence:claims"), {"topic": topic.key}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and 'id="results"' in html
    assert f"{topic.claims.count()} claim" in html
    assert response["Vary"].count("HX-Request") == 1


def test_claim_page_shows_verdict_explanation_counterpoint_and_sources(clinician_client):
    claim = Claim.objects.with_sources().first()
    html = clinician_client.get(reverse("evidence:claim", args=[claim.key])).content.decode()
    assert claim.get_verdict_display().capitalize() in html
    assert "What to tell the patient" in html
    for citation in claim.citations.all():
        assert reverse("evidence:source", args=[citation.source.key]) in html


def test_seed_article_highlights_every_claim_sentence_with_a_verdict_word(clinician_client):
    seed = Source.objects.get(key="seed-000")
    passages = Passage.objects.filter(source=seed)
    html = clinician_client.get(reverse("evidence:seed", args=[seed.key])).content.decode()
    assert "It is not evidence" in html
    for passage in passages:
        assert f'id="p-{passage.key}"' in html
    assert html.count('class="badge verdict-') >= passages.count()


def test_choosing_a_highlight_shows_the_claim_panel(clinician_client):
    passage = Passage.objects.exclude(claim=None).select_related("claim", "source").first()
    url = reverse("evidence:seed", args=[passage.source.key])
    full = clinician_client.get(url, {"passage": passage.key}).content.decode()
    assert passage.claim.patient.replace("'", "&#x27;") in full
    fragment = clinician_client.get(url, {"passage": passage.key}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="panel"' in fragment
    assert reverse("evidence:claim", args=[passage.claim.key]) in fragment


def test_source_page_lists_what_cites_it(clinician_client):
    source = Source.objects.filter(statement_citations__isnull=False).first()
    html = clinician_client.get(reverse("evidence:source", args=[source.key])).content.decode()
    assert "What cites it" in html
    statement = Statement.objects.filter(citations__source=source).first()
    assert f"#s-{statement.key}" in html


@pytest.mark.parametrize(
    "url_name,args,queries",
    [
        ("evidence:index", [], 8),
        ("evidence:topic", ["pain"], 12),
        ("evidence:claims", [], 10),
        ("evidence:seed", ["seed-004"], 10),
    ],
)
def test_pages_cost_a_fixed_number_of_queries(clinician_client, django_assert_num_queries, url_name, args, queries):
    url = reverse(url_name, args=args)
    clinician_client.get(url)  # warm the session
    with django_assert_num_queries(queries):
        assert clinician_client.get(url).status_code == 200


@pytest.mark.parametrize("query", [{"topic": "no-such-topic"}, {"verdict": "nonsense"}, {"topic": "pain\x00"}])
def test_unknown_filter_values_get_a_message_and_422(clinician_client, query):
    response = clinician_client.get(reverse("evidence:claims"), query)
    assert response.status_code == 422
    assert b'role="alert"' in response.content
    assert response.content.decode().count('class="card"') == Claim.objects.count()
