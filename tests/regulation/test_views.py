import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from aid.regulation.models import Jurisdiction

pytestmark = pytest.mark.django_db
INDEX = reverse("regulation:index")


def html(response):
    return response.content.decode()


def table_codes(page):
    table = page.split('id="legal-table"', 1)[1]
    return re.findall(r"<td><code>([A-Z0-9-]+)</code></td>", table)


def tile_labels(page):
    return dict(re.findall(r'aria-label="[^"]*?: (\w+)[^"]*" class="tile status-fill-(\w+)"', page))


def test_anonymous_is_sent_to_sign_in(client, content):
    for url in (INDEX, reverse("regulation:detail", args=["US-AL"])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_clinic_default_jurisdiction_is_shown_first(clinician_client, settings):
    settings.AID_DEFAULT_JURISDICTION = "US-AL"
    page = html(clinician_client.get(INDEX))
    entry = page.split('id="legal-entry"', 1)[1].split("</section>", 1)[0]
    assert "Alabama" in entry and "banned" in entry
    assert '<option value="US-AL" selected>' in page


def test_picking_a_state_shows_status_meaning_law_dates_and_sources(clinician_client):
    california = Jurisdiction.objects.for_code("US-CA")
    page = html(clinician_client.get(INDEX, {"code": "US-CA"}))
    entry = page.split('id="legal-entry"', 1)[1].split("</section>", 1)[0]
    assert f'badge status-{california.status}">{california.status}<' in entry
    assert california.status_meaning in entry
    assert california.instrument.replace("&", "&amp;") in entry
    assert california.effective_date in entry
    assert f"{california.verified_on:%-d %B %Y}" in entry
    assert california.law_as_of in entry
    for source in california.ordered_sources():
        assert f'href="{source.url.replace("&", "&amp;")}"' in entry
    for local in california.local_rules():
        assert local.name in entry


def test_a_name_works_as_well_as_a_code(clinician_client):
    page = html(clinician_client.get(INDEX, {"code": "texas"}))
    assert 'id="legal-entry-title">Texas' in page


def test_an_unknown_code_re_renders_with_suggestions_and_422(clinician_client):
    response = clinician_client.get(INDEX, {"code": "Texsa"})
    assert response.status_code == 422
    assert "No jurisdiction matches “Texsa”" in html(response)
    assert 'href="/legal/US-TX/"' in html(response)


def test_the_table_filters_by_status_and_level(clinician_client):
    page = html(clinician_client.get(INDEX, {"status": "banned", "level": "state"}))
    expected = set(Jurisdiction.objects.filter(status="banned", level="state").values_list("key", flat=True))
    assert expected and set(table_codes(page)) == expected


def test_the_table_sorts_by_verified_date_descending(clinician_client):
    page = html(clinician_client.get(INDEX, {"sort": "-verified_on", "level": "country"}))
    codes = table_codes(page)
    dates = [Jurisdiction.objects.get(key=code).verified_on for code in codes]
    assert dates == sorted(dates, reverse=True) and len(codes) >= 40
    assert 'aria-sort="descending"' in page


def test_an_unknown_filter_value_is_ignored(clinician_client):
    page = html(clinician_client.get(INDEX, {"status": "<script>", "sort": "password"}))
    assert len(table_codes(page)) == Jurisdiction.objects.count()


def test_htmx_table_request_gets_only_the_table(clinician_client):
    response = clinician_client.get(
        INDEX, {"status": "unclear"}, headers={"HX-Request": "true", "HX-Target": "legal-table"}
    )
    page = html(response)
    assert "<html" not in page and 'id="legal-table"' in page
    assert set(table_codes(page)) == set(Jurisdiction.objects.filter(status="unclear").values_list("key", flat=True))
    assert response["Vary"].count("HX-Request") == 1


def test_htmx_picker_request_gets_only_the_entry(clinician_client):
    page = html(clinician_client.get(INDEX, {"code": "TH"}, headers={"HX-Request": "true", "HX-Target": "legal-entry"}))
    assert "<html" not in page and "Thailand" in page and 'id="legal-table"' not in page


def test_the_map_has_51_tiles_each_with_the_state_status_in_text(clinician_client):
    page = html(clinician_client.get(INDEX))
    tiles = re.findall(
        r'<a href="/legal/US-(\w\w)/" aria-label="([^"]+)" class="tile status-fill-(\w+)">.*?'
        r'class="tile-code">(\w\w)\*?</text>\s*<text[^>]*class="tile-status">(\w+)</text>',
        page,
        re.S,
    )
    assert len(tiles) == 51
    statuses = dict(Jurisdiction.objects.filter(level="state").values_list("key", "status"))
    for code, label, fill, text_code, word in tiles:
        assert statuses[f"US-{code}"] == fill == word
        assert text_code == code
        assert label.split(": ")[1].startswith(word)


def test_stale_entries_are_marked_on_the_card_the_table_and_the_map(client, clinician):
    with time_machine.travel(dt.datetime(2027, 1, 2, 12, tzinfo=dt.timezone.utc)):
        # Signed in under the frozen clock: the idle session would have expired otherwise.
        client.force_login(clinician)
        page = html(client.get(INDEX, {"code": "US-AK"}))
    assert "May be out of date." in page
    assert re.search(r"<code>US-AK</code>.*?may be out of date", page, re.S)
    assert 'aria-label="Alaska: unclear, may be out of date"' in page
    assert ">AK*</text>" in page


def test_a_fresh_entry_is_not_marked(client, clinician):
    alaska = Jurisdiction.objects.get(key="US-AK")
    with time_machine.travel(dt.datetime.combine(alaska.verified_on, dt.time(12), tzinfo=dt.timezone.utc)):
        client.force_login(clinician)
        page = html(client.get(INDEX, {"code": "US-AK"}))
    assert "May be out of date." not in page
    assert ">AK*</text>" not in page


def test_the_page_uses_a_constant_number_of_queries(clinician_client, django_assert_num_queries):
    # session, user, picker names, the entry (+ sources, local rules), map states, footer version,
    # table (+ sources), session save (3 with its savepoint).
    clinician_client.get(INDEX)
    for params in ({"code": "US"}, {"code": "US-CA", "status": "banned"}, {"code": "TH", "sort": "-status"}):
        with django_assert_num_queries(13):
            assert clinician_client.get(INDEX, params).status_code == 200


def test_detail_page_and_canonical_code(clinician_client):
    response = clinician_client.get(reverse("regulation:detail", args=["US-AL"]))
    assert response.status_code == 200
    assert "Kratom and the law: Alabama" in html(response)
    redirect = clinician_client.get("/legal/us-al/")
    assert redirect.status_code == 301 and redirect["Location"] == "/legal/US-AL/"
    assert clinician_client.get("/legal/XX-NOPE/").status_code == 404


def test_editor_sees_overdue_entries_in_the_admin(client, editor):
    with time_machine.travel(dt.datetime(2027, 1, 2, 12, tzinfo=dt.timezone.utc)):
        client.force_login(editor)
        page = html(client.get("/admin/regulation/jurisdiction/", {"review": "overdue"}))
    assert ">US-AK<" in page
    fresh = Jurisdiction.objects.order_by("-verified_on").first()
    with time_machine.travel(dt.datetime.combine(fresh.verified_on, dt.time(12), tzinfo=dt.timezone.utc)):
        client.force_login(editor)
        page = html(client.get("/admin/regulation/jurisdiction/", {"review": "overdue"}))
    assert f">{fresh.key}<" not in page


def test_editor_can_open_an_entry_with_its_sources_and_history(editor_client):
    alabama = Jurisdiction.objects.get(key="US-AL")
    page = html(editor_client.get(f"/admin/regulation/jurisdiction/{alabama.pk}/change/"))
    assert alabama.ordered_sources()[0].url in page
    assert editor_client.get(f"/admin/regulation/jurisdiction/{alabama.pk}/history/").status_code == 200
