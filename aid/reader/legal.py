"""Checks a sentence's legal claims against the legal-status table.

"Kratom is banned in Alabama, Tennessee and Indiana" names places and says what the law is there; the
legal-status table (`seeds/content/jurisdictions.csv`, editable in the admin) says what we verified. A
present-tense claim that disagrees with a verified row is contradicted, one that agrees is supported, and
anything we cannot judge safely (history, bills, "may be banned", rows marked unclear or restricted) is left to
the statistical model. Plain values in, plain values out: `jurisdictions` are dicts with code, name, level,
status, seven_oh_status and verified_on.
"""

import re

I = re.IGNORECASE

# Other names people use for a row's place; the row's own name (without a bracketed note) always counts.
ALIASES = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England"),
    "VN": ("Vietnam",),
    "KR": ("Korea",),
    "CZ": ("Czech Republic",),
    "US-DC": ("Washington, D.C.", "Washington DC", "Washington D.C.", "D.C."),
    "US": ("United States", "USA", "U.S.A.", "U.S.", "US", "America"),
}
BANNED_WORDS = re.compile(
    r"\b(illegal|unlawful|banned|bans?|prohibit(s|ed)?|outlaw(s|ed)?|criminali[sz]ed|controlled substances?|"
    r"schedule (i|1)|scheduled)\b",
    I,
)
LEGAL_WORDS = re.compile(r"\b(legal|lawful|allowed|permitted|unregulated|decriminali[sz]ed|legali[sz]ed)\b", I)
UNREGULATED = re.compile(r"\b(unregulated|no (rules|regulations?|restrictions?)|not regulated)\b", I)
# "legal history", "legal status": the word names a subject and says nothing about what the law is.
LEGAL_SUBJECT = re.compile(
    r"\blegal (history|status|situation|landscape|questions?|issues?|challenges?|battles?|framework|system|action|"
    r"grey|gray|limbo|purgatory|advice|experts?|age)\b",
    I,
)
NEGATED = re.compile(r"\b(not|no longer|isn't|isn’t|aren't|aren’t|never|neither|nor)\b", I)
# History, proposals and possibilities are not claims about today's law.
NOT_PRESENT = re.compile(
    r"\b(was|were|became|had been|used to|passed|voted|propos\w*|consider\w*|would|could|may|might|plans?|"
    r"planned|bills?|introduc\w*|signed|pending|until|expected|will|potential\w*|possible|agenda|advocat\w*|"
    r"calls? for|calling for|push\w* for|urg\w*|said)\b",
    I,
)
# "Alabama banned kratom in 2016" is history; "banned in Alabama" and "has banned" are about today.
PAST_BAN = re.compile(r"\b(?<!is )(?<!are )(?<!been )(?<!be )(?<!remains )(?<!now )banned\b(?! in\b)", I)
PRESENT_BAN = re.compile(r"\b(has|have|is|are|remains?|currently|now|still)\b[^.]{0,40}\b(banned|illegal|ban)\b", I)
CLAUSE_BREAK = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|(?=\b(?:except|other than|apart from|besides)\b)", I)
EXCEPTION = re.compile(r"^\W*(except|other than|apart from|besides)\b", I)
SEVEN_OH = re.compile(
    r"\b7[- ]?OH\b|7-hydroxy|hydroxymitragynine|\b(ingredient|compound|derivative|alkaloid|extract)s?\b", I
)
# "7-OH is sold in gas stations. Florida has banned it.": a sentence that names neither kratom nor 7-OH is about
# whichever of the two the sentence before named last.
KRATOM = re.compile(r"\bkratom\b|\bleaf\b|\bleaves\b|mitragyna", I)
# "In the US, kratom is illegal in some states": the claim is about the states, not the country named.
SUBNATIONAL = re.compile(
    r"\b(some|certain|several|many|a few|most|other|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:U\.S\.\s+|US\s+)?(states|provinces|counties|cities|towns|municipalities|jurisdictions|places)\b",
    I,
)
# "Union County, Mississippi" names a local place, whose rules the state row does not give.
LOCAL_BEFORE = re.compile(r"[A-Z][\w.]*(?: [A-Z][\w.]*)*,\s*$")
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}
STATE_COUNT = re.compile(
    r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:(?:U\.S\.|US|American|other)\s+)?states\b", I
)
US_STATES = 50
# Which table statuses a claim agrees with; statuses missing from both sets are not judged.
AGREES = {"banned": {"banned"}, "legal": {"regulated", "unregulated"}, "unregulated": {"unregulated"}}
DISAGREES = {"banned": {"regulated", "unregulated"}, "legal": {"banned"},
             "unregulated": {"regulated", "restricted", "banned"}}
# The federal row is "restricted" (not scheduled, but not a lawful supplement either): "illegal in the US" is
# wrong, "legal in the US" is left to the model.
FEDERAL_DISAGREES = {"banned": {"restricted"}}


def _names(jurisdictions):
    """[(compiled name pattern, row)] longest names first, so "West Virginia" wins over "Virginia"."""
    pairs = []
    for row in jurisdictions:
        if row.get("level") not in ("federal", "state", "country"):
            continue
        names = {re.sub(r"\s*\(.*\)$", "", row["name"]), *ALIASES.get(row["code"], ())}
        pairs += [(name, row) for name in names]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return [(re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w])"), row) for name, row in pairs]


class LegalChecker:
    def __init__(self, jurisdictions):
        self.names = _names(jurisdictions)
        self.banned_states = sum(1 for r in jurisdictions if r.get("level") == "state" and r["status"] == "banned"
                                 and r["code"] != "US-DC")

    def places(self, clause):
        """Rows named in the clause, in reading order (each once; a longer name hides a shorter one inside)."""
        found, taken = [], []
        for pattern, row in self.names:
            for match in pattern.finditer(clause):
                span = range(match.start(), match.end())
                if any(match.start() in t or match.end() - 1 in t for t in taken):
                    continue
                taken.append(span)
                if row.get("level") == "state" and self._after_local_place(clause[: match.start()]):
                    continue
                if all(row is not other for _, other in found):
                    found.append((match.start(), row))
        return [row for _, row in sorted(found, key=lambda pair: pair[0])]

    def _after_local_place(self, before):
        """True for the state in "Union County, Mississippi"; false in a list of states."""
        match = LOCAL_BEFORE.search(before)
        if not match:
            return False
        place = match.group(0).rstrip(", \t")
        return not any(pattern.search(place) for pattern, _ in self.names)

    def claimed(self, clause):
        """"banned", "legal" or None: what the clause says the law is, today."""
        clause = LEGAL_SUBJECT.sub(" ", clause)
        banned, legal = bool(BANNED_WORDS.search(clause)), bool(LEGAL_WORDS.search(clause))
        if banned == legal or NOT_PRESENT.search(clause):
            return None
        if banned and PAST_BAN.search(clause) and not PRESENT_BAN.search(clause):
            return None
        if UNREGULATED.search(clause):
            return "unregulated"
        claim = "banned" if banned else "legal"
        if NEGATED.search(clause):
            claim = "legal" if claim == "banned" else "banned"
        return claim

    def check(self, text, before=""):
        """{"verdict", "places": [...]} when the sentence makes a checkable claim, else None. `before` is the
        sentence before it, which says what a sentence naming neither kratom nor 7-OH is about."""
        if not (BANNED_WORDS.search(text) or LEGAL_WORDS.search(text)):
            return None
        seven_oh = bool(SEVEN_OH.search(text)) or self._means_7oh(text, before)
        places, previous = [], None
        for clause in CLAUSE_BREAK.split(text):
            if not clause or not clause.strip():
                continue
            claim = self.claimed(clause)
            if EXCEPTION.match(clause) and previous:
                # "legal everywhere except Alabama and Indiana": the exceptions are the other way round.
                claim = claim or {"banned": "legal", "legal": "banned", "unregulated": "banned"}[previous]
            previous = claim or previous
            if claim is None:
                continue
            places += self._judge_places(clause, claim, seven_oh)
            places += self._judge_count(clause, claim)
        judged = [p for p in places if p["agrees"] is not None]
        if not judged:
            return None
        verdict = "supported" if all(p["agrees"] for p in judged) else "contradicted"
        return {"verdict": verdict, "places": judged}

    @staticmethod
    def _means_7oh(text, before):
        if not before or KRATOM.search(text):
            return False
        last_7oh = max((m.start() for m in SEVEN_OH.finditer(before)), default=-1)
        last_kratom = max((m.start() for m in KRATOM.finditer(before)), default=-1)
        return last_7oh > last_kratom

    def _judge_places(self, clause, claim, seven_oh):
        out = []
        subnational = bool(SUBNATIONAL.search(clause))
        for row in self.places(clause):
            if subnational and row.get("level") in ("federal", "country"):
                continue
            status = (row.get("seven_oh_status") or "") if seven_oh else row["status"]
            disagrees = FEDERAL_DISAGREES.get(claim, set()) if row.get("level") == "federal" else DISAGREES[claim]
            agrees = True if status in AGREES[claim] else False if status in disagrees else None
            out.append({"code": row["code"], "name": row["name"], "claimed": claim, "status": status or "unknown",
                        "verified_on": str(row.get("verified_on") or ""), "agrees": agrees})
        return out

    def _judge_count(self, clause, claim):
        match = STATE_COUNT.search(clause)
        if not match or re.search(r"\ball\b|\bmost\b|\bmany\b|\bsome\b", clause, I):
            # "all 50 states" is the claims ledger's job; "most" and "some" are not a count.
            return []
        said = match.group(1).lower()
        number = int(said) if said.isdigit() else NUMBER_WORDS[said]
        actual = self.banned_states if claim == "banned" else US_STATES - self.banned_states
        at_least = re.search(r"\b(at least|more than|over)\s+" + re.escape(match.group(1)), clause, I)
        agrees = number <= actual if at_least else number == actual
        return [{"code": "US", "name": match.group(0), "claimed": claim, "status": f"{actual} states",
                 "verified_on": "", "agrees": agrees}]
