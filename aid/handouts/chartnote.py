"""The chart note: what was covered and which handout was given. No identifiers, no medicine names."""

from aid.handouts.sections import SEVERITY_WORDS


def chart_note(handout):
    topics = [s["label"] for s in handout["sections"] if s["key"] != "claims"]
    lines = [
        "Kratom counselling given: benefits, risks and unknowns discussed using the clinic's kratom handout.",
        f"Topics covered: {'; '.join(topics)}.",
    ]
    if handout["medicines_checked"]:
        counts = handout["concern_counts"]
        total = sum(counts.values())
        detail = ", ".join(
            f"{counts[s]} {SEVERITY_WORDS[s].split()[0].lower()}" for s in ("major", "moderate", "minor") if counts.get(s)
        )
        lines.append(
            f"Medicine list checked for kratom interactions: {total} concern{'s' if total != 1 else ''}"
            f"{f' ({detail})' if detail else ''}, listed on the handout."
        )
    j = handout["jurisdiction"]
    lines.append(f"Legal status shown: {j['name']} ({j['code']}), entry verified {j['verified_on']:%Y-%m-%d}.")
    if handout["claims"]:
        n = len(handout["claims"])
        lines.append(f"Counterpoints given for {n} claim{'s' if n != 1 else ''} from what the patient read.")
    lines.append(
        f'Handout given: "{handout["title"]}", content version {handout["version"]}, '
        f"produced {handout['produced_on']:%Y-%m-%d}."
    )
    return "\n".join(lines)
