from django import forms

from aid.evidence.models import Source
from aid.reader.inputs import InputError, article_text, decode
from aid.reader.matching import MAX_CHARS

MAX_UPLOAD_BYTES = 400_000
UPLOAD_TYPES = (".txt", ".html", ".htm")


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Paste the article's text", required=False, widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_CHARS, strip=False,
    )
    upload = forms.FileField(label="…or upload a .txt or .html file", required=False)
    seed = forms.ChoiceField(label="…or pick a seed article", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        seeds = Source.objects.filter(kind=Source.Kind.SEED_ARTICLE).order_by("filename")
        self.seed_texts = {s.key: s.text for s in seeds}
        self.fields["seed"].choices = [("", "—")] + [(s.key, s.title) for s in seeds]
        self.fields["upload"].widget.attrs["accept"] = ",".join(UPLOAD_TYPES)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if not upload.name.lower().endswith(UPLOAD_TYPES):
            raise forms.ValidationError("Upload a .txt or .html file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // 1000} kB.")
        try:
            text = decode(upload.read())
            return article_text(text, is_html=upload.name.lower().endswith((".html", ".htm")) or None)
        except InputError as exc:
            raise forms.ValidationError(f"This file cannot be read: {exc}.") from None

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "upload", "seed") if data.get(name) and str(data.get(name)).strip()]
        if len(given) != 1 and not self.errors:
            raise forms.ValidationError("Paste a text, upload a file or pick a seed article (one of them).")
        if data.get("text") and data["text"].strip():
            try:
                data["article"] = article_text(data["text"])
            except InputError as exc:
                self.add_error("text", f"This text cannot be analysed: {exc}.")
        elif data.get("upload"):
            data["article"] = data["upload"]
        elif data.get("seed"):
            data["article"] = self.seed_texts[data["seed"]]
        return data


class AskForm(forms.Form):
    said = forms.CharField(
        label="What the patient said or asked", max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "I heard it isn't addictive"}),
    )
