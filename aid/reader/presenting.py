"""From the matcher's plain results to what the page shows: text segments, panels and the summary."""

from aid.evidence.models import Claim

VERDICT_ORDER = ("supported", "overstated", "unsupported", "contradicted", "neutral")


def summary_line(summary):
    total = sum(summary.values())
    parts = [f"{summary[v]} {v}" for v in VERDICT_ORDER if summary.get(v)]
    return f"{total} claim{'' if total == 1 else 's'}" + (f": {', '.join(parts)}" if parts else "")


def segments(text, sentences):
    """The whole text as [{text, sentence|None}], so gaps between sentences keep their line breaks."""
    out, position = [], 0
    for sentence in sentences:
        if sentence["start"] > position:
            out.append({"text": text[position:sentence["start"]], "sentence": None})
        out.append({"text": text[sentence["start"]:sentence["end"]], "sentence": sentence})
        position = sentence["end"]
    if position < len(text):
        out.append({"text": text[position:], "sentence": None})
    return out


def results_context(text, result):
    keys = {s["claim"] for s in result["sentences"] if s["claim"]}
    claims = {c.key: c for c in Claim.objects.with_sources().filter(key__in=keys)}
    panels, seen = [], {}
    for number, sentence in enumerate(s for s in result["sentences"] if s["topic"] != "none"):
        sentence["number"] = number + 1
        claim = claims.get(sentence["claim"])
        sentence["claim_obj"] = claim
        if claim and claim.key not in seen:
            seen[claim.key] = {"claim": claim, "sentences": []}
            panels.append(seen[claim.key])
        if claim:
            seen[claim.key]["sentences"].append(sentence)
    for sentence in result["sentences"]:
        places = sentence.get("legal_check") or []
        sentence["legal_disagrees"] = [p for p in places if not p["agrees"]]
        sentence["legal_agrees"] = [p for p in places if p["agrees"]]
    return {
        "segments": segments(text, result["sentences"]),
        "panels": panels,
        "summary": result["summary"],
        "summary_line": summary_line(result["summary"]),
        "claim_keys": [p["claim"].key for p in panels],
        "unmatched": [
            s for s in result["sentences"] if s["topic"] != "none" and not s["claim"] and not s.get("legal_check")
        ],
        "legal": [s for s in result["sentences"] if s.get("legal_check")],
        "mixing": [s for s in result["sentences"] if s.get("interaction_check")],
    }
