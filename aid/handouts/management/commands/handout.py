import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aid.handouts import sections as S
from aid.handouts.compose import PAPERS, ChoiceError, Choices
from aid.handouts.pdf import Blocked, export


class Command(BaseCommand):
    help = (
        "Write the patient handout PDF, the same one the Handout page gives, and print a one-line summary "
        "(pages, bytes, reading grade). Sections: " + ", ".join(S.BY_KEY) + " (default: "
        + ",".join(S.DEFAULT_KEYS) + "). The medicine list is used for this run only: never stored or "
        "logged. Exits 2 on an unknown section, jurisdiction or paper size, 1 when a section reads above "
        'grade 8 (an editor must simplify it). --json prints {"out": str, "pages": int, "bytes": int, '
        '"grades": {section: float}, "max_grade": float, "content_version": str, "jurisdiction": str, '
        '"paper": "letter"|"a4", "sections": [str], "claims": [str], "medicines_checked": bool, "cached": bool}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--sections", default="", help="Comma-separated section keys, in any order.")
        parser.add_argument("--jurisdiction", default="", help="Jurisdiction code, e.g. US, US-AL, GB (default: the clinic's).")
        parser.add_argument("--meds", default="", help='The patient\'s medicines, e.g. "Xanax, Norco 10/325".')
        parser.add_argument("--claims", default="", help="Comma-separated claim keys to add counterpoints for.")
        parser.add_argument("--paper", default="", help="letter or a4 (default: AID_PAPER_SIZE).")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--json", action="store_true", help="Print the machine-readable summary.")

    def handle(self, *args, **options):
        choices = parse(options)
        try:
            result = export(choices, channel="command")
        except ChoiceError as exc:
            raise CommandError(str(exc), returncode=2)
        except Blocked as exc:
            detail = "; ".join(f"{p['section']} reads at grade {p['grade']} ({', '.join(p['keys'])})" for p in exc.problems)
            raise CommandError(f"not exported: above grade 8 — {detail}; simplify them in the admin", returncode=1)
        out = Path(options["out"])
        out.write_bytes(result["pdf"])
        summary = {
            "out": str(out),
            "pages": result["pages"],
            "bytes": result["bytes"],
            "grades": result["grades"],
            "max_grade": max(result["grades"].values(), default=0.0),
            "content_version": result["version"],
            "jurisdiction": result["jurisdiction"],
            "paper": choices.paper,
            "sections": list(choices.sections),
            "claims": list(choices.claims),
            "medicines_checked": bool(choices.medicines.strip()) and "interactions" in choices.sections,
            "cached": result["cached"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(
            f"{out}: {summary['pages']} pages, {summary['bytes']} bytes, grade {summary['max_grade']} at most "
            f"({', '.join(f'{k} {g}' for k, g in summary['grades'].items())}), content version {summary['content_version']}"
        )


def parse(options):
    keys, unknown = S.parse_keys([options["sections"]]) if options["sections"] else (list(S.DEFAULT_KEYS), [])
    if unknown:
        raise CommandError(f"unknown section {', '.join(unknown)}; choose from {', '.join(S.BY_KEY)}", returncode=2)
    if not keys:
        raise CommandError("choose at least one section", returncode=2)
    paper = options["paper"].strip().lower()
    if paper and paper not in PAPERS:
        raise CommandError(f"unknown paper size {paper!r}; use letter or a4", returncode=2)
    claims = tuple(c.strip() for c in options["claims"].split(",") if c.strip())
    return Choices(sections=tuple(keys), jurisdiction=options["jurisdiction"], paper=paper, claims=claims,
                   medicines=options["meds"])
