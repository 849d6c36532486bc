import pytest

from aid.interactions import resolve
from aid.interactions.rules import check_medicines

pytestmark = pytest.mark.usefixtures("content")


def recognized_as(text):
    return {r["input"]: r["name"] for r in check_medicines(text)["recognized"]}


def test_entries_split_on_commas_semicolons_and_new_lines():
    assert resolve.split_entries("Xanax, oxycodon;Norco 10/325\n\n fentanyl patch \r\n,;") == [
        "Xanax", "oxycodon", "Norco 10/325", "fentanyl patch",
    ]


def test_brand_names_resolve_to_the_generic():
    found = recognized_as("Xanax, Lipitor, Zoloft, Valium, Klonopin")
    assert found == {
        "Xanax": "Alprazolam", "Lipitor": "Atorvastatin", "Zoloft": "Sertraline",
        "Valium": "Diazepam", "Klonopin": "Clonazepam",
    }


def test_combination_brands_carry_both_components_classes():
    result = check_medicines("Norco 10/325, Percocet 5/325 mg, Tylenol #3")
    by_input = {r["input"]: r for r in result["recognized"]}
    assert by_input["Norco 10/325"]["name"] == "Hydrocodone/acetaminophen"
    assert by_input["Percocet 5/325 mg"]["name"] == "Oxycodone/acetaminophen"
    assert by_input["Tylenol #3"]["name"] == "Codeine/acetaminophen"
    for item in by_input.values():
        assert {"opioid", "hepatotoxic"} <= set(item["classes"])


def test_strengths_and_forms_are_stripped_before_matching():
    found = recognized_as(
        "Xanax 0.5mg, fentanyl patch, metformin ER 500mg, gabapentin 300 mg tid, quetiapine 25mg qhs, Ambien CR"
    )
    assert found["Xanax 0.5mg"] == "Alprazolam"
    assert found["fentanyl patch"].startswith("Fentanyl")
    assert found["metformin ER 500mg"] == "Metformin"
    assert found["gabapentin 300 mg tid"] == "Gabapentin"
    assert found["quetiapine 25mg qhs"] == "Quetiapine"
    assert found["Ambien CR"] == "Zolpidem"


def test_known_misspellings_and_street_names_resolve():
    found = recognized_as("oxycodon, weed, meth, fentanil")
    assert found["oxycodon"] == "Oxycodone"
    assert found["weed"].startswith("Cannabis")
    assert found["meth"] == "Methamphetamine"
    assert found["fentanil"].startswith("Fentanyl")


def test_a_close_unambiguous_misspelling_is_corrected_and_says_so():
    result = check_medicines("Oxycodine, ibuprofin")
    corrected = {r["input"]: r for r in result["recognized"]}
    assert corrected["Oxycodine"]["name"] == "Oxycodone"
    assert corrected["Oxycodine"]["match"] == "corrected"
    assert corrected["Oxycodine"]["matched"] == "oxycodine"
    assert corrected["ibuprofin"]["match"] == "corrected"


def test_alcohol_and_substances_the_dictionary_lacks_come_from_our_table():
    result = check_medicines("alcohol, heroin")
    assert [(r["name"], r["in_table"]) for r in result["recognized"]] == [("Alcohol", True), ("Heroin", True)]


def test_unknown_entries_are_reported_never_dropped():
    result = check_medicines("Xanax, blorbfen, qqq")
    assert result["unrecognized"] == ["blorbfen", "qqq"]
    assert [n["input"] for n in result["not_recognized"]] == ["blorbfen", "qqq"]
    assert [r["input"] for r in result["recognized"]] == ["Xanax"]


def test_an_uncertain_spelling_becomes_a_suggestion_not_an_answer():
    result = check_medicines("zantak")
    assert result["recognized"] == []
    assert result["unrecognized"] == ["zantak"]
    assert result["did_you_mean"] and result["did_you_mean"][0]["suggestions"]


def test_a_generic_in_the_drug_dictionary_but_not_our_table_is_recognized_without_claiming_safety(monkeypatch):
    from aid.interactions.models import Medicine

    Medicine.objects.filter(key="amlodipine").delete()
    resolve.reset()
    result = check_medicines("amlodipine")
    assert [(r["name"], r["in_table"], r["match"]) for r in result["recognized"]] == [("Amlodipine", False, "dictionary")]
    assert result["no_known_concern"] == [{"input": "amlodipine", "name": "Amlodipine", "in_table": False}]
    assert "not proof" in result["caveat"]


def test_the_dictionary_failing_on_an_input_is_not_an_error(monkeypatch):
    import drug_named_entity_recognition

    def boom(*args, **kwargs):
        raise IndexError("inside the library")

    monkeypatch.setattr(drug_named_entity_recognition, "find_drugs", boom)
    result = check_medicines("Xanax, notadrugatall 5mg")
    assert [r["name"] for r in result["recognized"]] == ["Alprazolam"]
    assert result["unrecognized"] == ["notadrugatall 5mg"]


def test_kratom_itself_is_acknowledged_not_reported_as_a_misspelling():
    result = check_medicines("kratom, Xanax")
    assert result["kratom_entries"] == ["kratom"]
    assert result["unrecognized"] == []


def test_the_catalogue_is_built_once_and_rebuilt_after_an_admin_edit():
    from aid.interactions.models import Medicine

    first = resolve.catalog()
    assert resolve.catalog() is first
    med = Medicine.objects.get(key="alprazolam")
    med.aliases = [*med.aliases, "calm-o-matic"]
    med.save()
    assert resolve.catalog() is not first
    assert recognized_as("calm-o-matic") == {"calm-o-matic": "Alprazolam"}
