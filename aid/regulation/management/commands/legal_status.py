import json

from django.core.management.base import BaseCommand, CommandError

from aid.regulation.models import Jurisdiction
from aid.regulation.resolve import nearest, resolve


class Command(BaseCommand):
    help = (
        "Kratom's legal status for one jurisdiction (CODE: US, US-AL, TH, US-CA-SAN-DIEGO; a name such as "
        "'Texas' or any letter case also works) or, with --all, for every jurisdiction. --json prints, per "
        'entry: {"code", "name", "level", "parent", "status", "status_meaning", "seven_oh_status" (null when '
        'no separate 7-OH rule), "summary", "patient_summary", "instrument", "effective_date", "verified_on", '
        '"review_due_on", "stale" (true when older than its review interval: may be out of date), '
        '"confidence", "law_as_of" (newest source date), "sources": [{"title", "url", "date"}], '
        '"local": [codes of city/county rules inside it]}; with --all, a JSON list of those, sorted by code. '
        "An unknown code exits 2 with the nearest matches."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="Jurisdiction code or name.")
        parser.add_argument("--all", action="store_true", help="Every jurisdiction (use with --json).")
        parser.add_argument("--json", action="store_true", help="Print the machine-readable result.")

    def handle(self, *args, code=None, **options):
        if options["all"] == bool(code):
            raise CommandError("give either a CODE or --all", returncode=2)
        if options["all"]:
            entries = list(Jurisdiction.objects.with_local_rules().order_by("key"))
        else:
            entries = [self.find(code)]
        if options["json"]:
            data = [entry.as_json() for entry in entries]
            self.stdout.write(json.dumps(data if options["all"] else data[0], indent=2, ensure_ascii=False))
            return
        for entry in entries:
            self.stdout.write(self.describe(entry.as_json()))

    def find(self, text):
        names = list(Jurisdiction.objects.values_list("key", "name"))
        code = resolve(text, names)
        if code is None:
            near = nearest(text, names)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            raise CommandError(f"unknown jurisdiction {text!r}{hint}", returncode=2)
        return Jurisdiction.objects.for_code(code)

    def describe(self, data):
        lines = [
            f"{data['name']} ({data['code']}): {data['status']} — {data['status_meaning']}",
            f"  {data['summary']}",
        ]
        if data["instrument"] or data["effective_date"]:
            lines.append(f"  Law: {data['instrument'] or 'not named'}; effective {data['effective_date'] or 'unknown'}")
        if data["seven_oh_status"]:
            lines.append(f"  7-OH products: {data['seven_oh_status']}")
        if data["local"]:
            lines.append(f"  Local rules: {', '.join(data['local'])}")
        stale = " — MAY BE OUT OF DATE" if data["stale"] else ""
        lines.append(f"  Law as of {data['law_as_of'] or 'unknown'}; verified on {data['verified_on']}{stale}")
        lines.extend(f"  Source: {s['title']} ({s['date'] or 'undated'}) {s['url']}" for s in data["sources"])
        return "\n".join(lines) + "\n"
