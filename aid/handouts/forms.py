from django import forms
from django.conf import settings

from aid.evidence.models import Claim
from aid.handouts import sections as S
from aid.handouts.compose import Choices
from aid.regulation.models import Jurisdiction

GROUPS = (("federal", "United States (federal)"), ("state", "US states"), ("local", "US cities and counties"),
          ("country", "Countries"))
MAX_MEDICINE_CHARS = 5000


def jurisdiction_choices():
    rows = sorted(Jurisdiction.objects.values_list("key", "name", "level"), key=lambda row: row[1])
    return [(label, [(key, name) for key, name, level in rows if level == group]) for group, label in GROUPS]


class HandoutForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label="Sections",
        choices=[(s.key, s.label) for s in S.SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one section."},
    )
    jurisdiction = forms.ChoiceField(label="Where the patient lives")
    medicines = forms.CharField(
        label="The patient's medicines (optional)",
        required=False,
        max_length=MAX_MEDICINE_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
    )
    claim = forms.MultipleChoiceField(label="Counterpoints from what the patient read", required=False,
                                      widget=forms.CheckboxSelectMultiple)
    paper = forms.ChoiceField(label="Paper", choices=(("letter", "Letter"), ("a4", "A4")), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = jurisdiction_choices()
        self.fields["claim"].choices = list(Claim.objects.values_list("key", "text"))

    def chosen_claims(self):
        """The claims to list as checkboxes: only those the reader sent (or still ticked)."""
        wanted = set(self.data.getlist("claim") if hasattr(self.data, "getlist") else self.data.get("claim", []))
        return [(key, text) for key, text in self.fields["claim"].choices if key in wanted]

    def choices(self):
        data = self.cleaned_data
        return Choices(
            sections=tuple(key for key in S.BY_KEY if key in data["sections"]),
            jurisdiction=data["jurisdiction"],
            paper=data["paper"],
            claims=tuple(data["claim"]),
            medicines=data["medicines"],
        )


def defaults():
    return {
        "sections": list(S.DEFAULT_KEYS),
        "jurisdiction": settings.AID_DEFAULT_JURISDICTION,
        "paper": settings.AID_PAPER_SIZE,
        "claim": [],
    }


def form_from(request):
    """POST carries the whole form; GET (a link, e.g. the reader's claims) fills in only what it names."""
    if request.method == "POST":
        return HandoutForm(request.POST)
    data = defaults()
    for name in ("sections", "claim"):
        if name in request.GET:
            data[name] = [v for value in request.GET.getlist(name) for v in value.split(",") if v]
    for name in ("jurisdiction", "paper"):
        if request.GET.get(name):
            data[name] = request.GET[name].strip().upper() if name == "jurisdiction" else request.GET[name].strip().lower()
    return HandoutForm(data)
