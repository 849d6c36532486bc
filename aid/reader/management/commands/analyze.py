import json
import sys

from django.core.management.base import BaseCommand, CommandError

from aid.core.models import ContentLoad
from aid.reader.inputs import InputError, article_text, decode
from aid.reader.matching import analyze


class Command(BaseCommand):
    help = (
        "Judge every health or legal claim in an article against the evidence. FILE is a .txt or .html file, "
        "or - for standard input; HTML is reduced to its text. --json prints {\"content_version\", "
        "\"sentences\": [{\"start\", \"end\", \"text\", \"topic\", \"claim\", \"verdict\", \"score\"}], "
        "\"summary\": {verdict: count}} where start/end are character offsets into the (plain) text, topic "
        "is efficacy_pain | efficacy_other | mechanism | dependence | interactions | adverse_effects | "
        "product_quality | dosing | regulation | none, claim is the matched claim's key or null, verdict is "
        "supported | overstated | unsupported | contradicted | neutral or null when topic is none, and score "
        "(0-1) is the match strength. Input over 100,000 characters or not text exits 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the article (.txt or .html), or - for standard input.")
        parser.add_argument("--json", action="store_true", help="Print the machine-readable result.")

    def handle(self, *args, file, **options):
        text = self.read(file)
        result = analyze(text)
        load = ContentLoad.objects.current()
        data = {"content_version": load.version if load else None, **result}
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for s in data["sentences"]:
            if s["topic"] != "none":
                claim = f" → {s['claim']}" if s["claim"] else ""
                self.stdout.write(f"[{s['verdict']}] {s['topic']}{claim}: {s['text']}")
        summary = ", ".join(f"{n} {v}" for v, n in data["summary"].items() if n)
        claims = sum(data["summary"].values())
        self.stdout.write(f"{claims} claim{'s' if claims != 1 else ''}: {summary or 'none found'}")

    def read(self, file):
        try:
            if file == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(file, "rb") as handle:
                    data = handle.read(4 * 100_000 + 1)
            text = decode(data)
            return article_text(text, is_html=file.lower().endswith((".html", ".htm")) or None)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}", returncode=2) from None
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from None
