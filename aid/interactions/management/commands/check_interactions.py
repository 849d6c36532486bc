import json

from django.core.management.base import BaseCommand, CommandError

from aid.interactions.rules import MAX_ENTRIES, InputError, check_medicines


class Command(BaseCommand):
    help = (
        "Check a medicine list against kratom interaction rules. Entries are split on commas, semicolons "
        f"and new lines (at most {MAX_ENTRIES}); strengths and forms ('10/325', '0.5mg', 'patch') are "
        "ignored. Nothing is stored or logged. Exits 2 on an empty list or more than "
        f"{MAX_ENTRIES} entries. --json prints "
        '{"content_version": str, "recognized": [{"input", "name", "classes": [class key], "class_names", '
        '"key", "kind", "match": "exact"|"dictionary"|"corrected", "matched", "in_table"}], '
        '"unrecognized": [str], "did_you_mean": [{"input", "suggestions": [str]}], "not_recognized": [{"input", "suggestions"}] (every unrecognized entry), "kratom_entries": [str] (entries naming kratom itself), '
        '"interactions": [{"input", "inputs", "drug", "severity": "major"|"moderate"|"minor", "mechanism", '
        '"mechanism_detail", "effect", "advice", "patient_text", "evidence", "evidence_label", "rule", '
        '"medicine", "sources": [{"title", "url", "key", "publisher", "date"}]}] (most severe first), '
        '"combined": [{"key", "severity", "title", "text", "inputs", "drugs", "sources"}], '
        '"by_rule": [the interactions grouped per rule, with "drugs": [{"drug", "inputs"}]], "no_known_concern": [{"input", "name", "in_table"}], "caveat": str}, '
        "where input is each entry as typed."
    )

    def add_arguments(self, parser):
        parser.add_argument("medicines", help='The list, e.g. "Xanax, oxycodon, Norco 10/325".')
        parser.add_argument("--json", action="store_true", help="Print the machine-readable result.")

    def handle(self, *args, medicines, **options):
        try:
            result = check_medicines(medicines)
        except InputError as exc:
            raise CommandError(str(exc), returncode=2)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        for line in text_lines(result):
            self.stdout.write(line)


def text_lines(result):
    for item in result["recognized"]:
        how = f" (corrected from {item['matched']!r})" if item["match"] == "corrected" else ""
        yield f"recognized: {item['input']} → {item['name']}{how} [{', '.join(item['classes']) or 'no class'}]"
    suggestions = {d["input"]: d["suggestions"] for d in result["did_you_mean"]}
    for entry in result["unrecognized"]:
        if entry in suggestions:
            yield f"not recognized: {entry} (did you mean {' or '.join(suggestions[entry])}?)"
        else:
            yield f"not recognized: {entry} (check spelling)"
    for concern in result["combined"]:
        yield f"{concern['severity'].upper()} combined: {concern['title']}"
    for item in result["interactions"]:
        yield f"{item['severity'].upper()}: {item['drug']} ({item['input']}): {item['mechanism_detail']} [{item['evidence']}]"
    for item in result["no_known_concern"]:
        yield f"no known concern: {item['name']} ({item['input']})"
    yield result["caveat"]
    yield f"content version {result['content_version']}"
