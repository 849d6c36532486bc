from django.urls import reverse

URL = reverse("interactions:check")
HTMX = {"HX-Request": "true"}


def test_it_redirects_anonymous_visitors_to_sign_in(client, content):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(URL, {"medicines": "Xanax"})
    assert response.status_code == 302


def test_it_shows_the_form_to_a_clinician(clinician_client):
    response = clinician_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="medicines"' in html and 'hx-post="' + URL + '"' in html
    assert 'hx-trigger="input changed delay:500ms, submit"' in html
    assert 'data-clear-target="medicines"' in html


def test_editors_can_use_it_too(editor_client):
    assert editor_client.get(URL).status_code == 200


def test_a_full_submit_without_javascript_shows_the_results_page(clinician_client):
    response = clinician_client.post(URL, {"medicines": "Lipitor, Norco 10/325, blorbfen"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Hydrocodone/acetaminophen" in html
    assert html.index("Major") < html.index("Moderate") < html.index("Minor")
    assert "not recognized — check spelling" in html
    assert 'class="badge severity-major"' in html
    assert "https://" in html  # sources are linked


def test_htmx_gets_only_the_results_fragment(clinician_client):
    response = clinician_client.post(URL, {"medicines": "Xanax, oxycodone"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<textarea" not in html
    assert "Combined concerns" in html and "Two sedating" in html
    assert "HX-Request" in response["Vary"]


def test_a_correction_is_shown_on_screen(clinician_client):
    html = clinician_client.post(URL, {"medicines": "Oxycodine"}).content.decode()
    assert "oxycodine → oxycodone" in html


def test_a_medicine_with_no_rule_carries_the_caveat(clinician_client):
    html = clinician_client.post(URL, {"medicines": "lisinopril"}).content.decode()
    assert "Recognized, no known kratom interaction" in html
    assert "not proof" in html


def test_an_empty_submit_is_refused_with_a_message_and_422(clinician_client):
    response = clinician_client.post(URL, {"medicines": "  "})
    assert response.status_code == 422
    assert "Enter at least one medicine." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_emptying_the_box_while_typing_just_clears_the_results(clinician_client):
    response = clinician_client.post(URL, {"medicines": ""}, headers=HTMX)
    assert response.status_code == 200
    assert "Enter at least one" not in response.content.decode()


def test_too_many_entries_is_422(clinician_client):
    response = clinician_client.post(URL, {"medicines": ",".join(["aspirin"] * 101)}, headers=HTMX)
    assert response.status_code == 422
    assert "at most 100" in response.content.decode()


def test_a_list_in_the_query_string_is_ignored(clinician_client):
    html = clinician_client.get(URL + "?medicines=Xanax").content.decode()
    assert "Alprazolam" not in html


def test_queries_per_check_are_constant(clinician_client, django_assert_num_queries):
    clinician_client.post(URL, {"medicines": "Xanax"}, headers=HTMX)  # warm the catalogue
    long_list = "Xanax, oxycodone, Norco, Lipitor, sertraline, alcohol, weed, quetiapine, warfarin, lisinopril"
    # Session read and save, user, footer's content version, the catalogue's content stamp: the list adds none.
    for text in ("Xanax", long_list):
        with django_assert_num_queries(7):
            clinician_client.post(URL, {"medicines": text}, headers=HTMX)
    with django_assert_num_queries(7):
        clinician_client.post(URL, {"medicines": long_list})
