"""Turn what a person typed ("Texas", "us-tx", "Thailand") into a jurisdiction code, or suggest the nearest."""

import re

from rapidfuzz import fuzz

PARENTHESIS = re.compile(r"\s*\(.*?\)\s*")


def _plain(text):
    return " ".join(PARENTHESIS.sub(" ", text).casefold().split())


def resolve(text, entries):
    """The code whose code or name equals `text` (any case, parenthetical notes ignored); else None.

    `entries` is an iterable of (code, name) pairs.
    """
    wanted = _plain(text or "")
    if not wanted:
        return None
    entries = list(entries)
    for code, _ in entries:
        if code.casefold() == wanted:
            return code
    for short in (False, True):
        # "San Diego" for "San Diego, California"; only when no full name matched.
        matches = [code for code, name in entries if _plain(name.split(",")[0] if short else name) == wanted]
        if matches:
            # A name that fits two places is ambiguous: no silent answer.
            return matches[0] if len(matches) == 1 else None
    return None


def nearest(text, entries, limit=3, cutoff=60):
    """Up to `limit` codes whose code or name is closest to `text`, best first."""
    wanted = _plain(text or "")
    scored = []
    for code, name in entries:
        # Codes are short: compare them whole, or "AT" would match inside "Texas".
        # "TX" should suggest US-TX: also compare the code without its "US-" prefix.
        short = code.casefold().removeprefix("us-")
        score = max(fuzz.ratio(wanted, code.casefold()), fuzz.ratio(wanted, short), fuzz.WRatio(wanted, _plain(name)))
        if score >= cutoff:
            scored.append((-score, code))
    return [code for _, code in sorted(scored)[:limit]]
