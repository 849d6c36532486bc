"""Checks what a sentence says about mixing kratom with medicines against our interaction rules.

"Kratom is safe to take with gabapentin" names a medicine and says the mix is safe; the interaction rules
(`seeds/content/interactions.yaml`, editable in the admin) say gabapentinoids with kratom are a major
concern. A claim that a mix is safe (or free of interactions) is contradicted when any medicine it names has
a moderate or major rule. Warnings and other mentions are not judged here (how strong a warning may be is
the statistical model's call); the page still shows what our rules say about each medicine named, so the
clinician can open the medicine check.

Plain values in, plain values out: `medicines` are dicts with key, name, aliases and classes; `rules` are
dicts with key, severity, classes, medicines and mechanism_detail; `classes` are dicts with key and name.
"""

import re

I = re.IGNORECASE
SEVERITY_RANK = {"minor": 1, "moderate": 2, "major": 3}

# Prose names for drug classes ("benzos", "antidepressants"): (pattern, class keys, name when several). A
# class missing from the content is skipped, so an editor can rename or drop classes without breaking this.
CLASS_WORDS = (
    (r"opioids|opiates|opioid (pain ?killers|medications?|medicines?|drugs)", ["opioid"], ""),
    (r"benzodiazepines?|benzos", ["benzodiazepine"], ""),
    (r"sleeping pills|sleep(ing)? (aids|medications?|medicines?)", ["z-drug"], ""),
    (r"barbiturates?", ["barbiturate"], ""),
    (r"gabapentinoids?", ["gabapentinoid"], ""),
    (r"muscle relaxants?", ["muscle-relaxant"], ""),
    (r"(sedating )?antihistamines?", ["sedating-antihistamine"], ""),
    (r"(cns|central nervous system) depressants?|sedatives?|tranquili[sz]ers?|depressants", ["cns-depressant"], ""),
    (r"antipsychotics?", ["antipsychotic"], ""),
    (r"ssris?|selective serotonin reuptake inhibitors?", ["ssri"], ""),
    (r"snris?", ["snri"], ""),
    (r"tricyclic( antidepressants?)?|tcas?", ["tca"], ""),
    (r"maois?|mao inhibitors?|monoamine oxidase inhibitors?", ["maoi"], ""),
    (r"antidepressants?", ["ssri", "snri", "tca", "maoi", "antidepressant-other"], "Antidepressants"),
    (r"stimulants?|amphetamines?", ["stimulant"], ""),
    (r"anti-?seizure (medications?|medicines?|drugs)|anticonvulsants?|antiepileptics?", ["antiepileptic"], ""),
    (r"caffeine|coffee|energy drinks?", ["stimulant-mild"], ""),
)
# A sentence about mixing: a word for taking two things together.
MIXING = re.compile(
    r"\b(with|and|combin\w*|mix\w*|together|alongside|along with|while (taking|on|using)|on top of|plus|"
    r"interact\w*|concurrent\w*|co-?use)\b",
    I,
)
# ... that says the mix itself is safe ("safe to take with", "can be safely combined", "no interactions with");
# "a safe alternative to opioids" says nothing about mixing.
SAFE = re.compile(
    r"\bsafe(ly)?\s+(to\s+)?(take|use|combine|mix|consume|pair|stack)\w*\b[^.;]{0,40}?"
    r"\b(with|and|alongside|together)\b|"
    r"\b(safe(ly)?|fine|okay|ok|harmless)\s+(with|alongside|together|in combination)\b|"
    r"\b(can|could|may)\s+(also\s+)?(be\s+)?(safely\s+)?(combined|mixed|taken together|used together|paired|stacked)\b"
    r"[^.;]{0,20}?\bsafe|\bsafely\s+(be\s+)?(combined|mixed|taken|used|paired|stacked)\b|"
    r"\bno\s+(known\s+|serious\s+|significant\s+|major\s+|dangerous\s+|adverse\s+|harmful\s+)?"
    r"(drug\s+)?(interactions?|problems|issues|risks?)\s+(with|between|when\s+(combined|mixed|taken|used))\b|"
    r"\b(does|do|will)(n't| not|n’t)\s+interact\b|\bcompatible\s+with\b|"
    r"\b(taken|used|combined|mixed)\s+(with|alongside)\b[^.;]{0,40}?\bsafely\b",
    I,
)
# "not safe", "never safe", "unsafe", "is it safe ...?" are not claims of safety.
UNSAFE = re.compile(
    r"\b(not|never|isn't|isn’t|aren't|aren’t|no longer|hardly|un)\s*(\w+\s+){0,2}safe|\bunsafe\b|"
    r"\bif\b|\bwhether\b",
    I,
)
# A warning anywhere in the sentence means it is not a plain claim of safety ("safe alone, but never with ...").
WARNING = re.compile(
    r"\b(avoid\w*|never|do not|don't|don’t|should not|shouldn't|shouldn’t|danger\w*|risk\w*|caution\w*|careful|"
    r"harm\w*|serious|severe|fatal|deaths?|overdose|warn\w*|but|however|except)\b",
    I,
)
# Names shorter than this (and slang in our alias lists, like "ice" or "speed") are too ambiguous in prose.
MIN_NAME = 4
# Words as names are compared: "St. John's wort" and "st johns wort." meet as "st john's wort".
WORD = re.compile(r"[A-Za-z0-9](?:[\w'’-]*[A-Za-z0-9])?")


def _words(text):
    return [(m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in WORD.finditer(text)]


def _plain_name(name):
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip()


class InteractionChecker:
    def __init__(self, medicines=(), rules=(), classes=()):
        self.rules = [dict(r) for r in rules]
        self.class_names = {c["key"]: c["name"] for c in classes}
        self.medicines = {m["key"]: m for m in medicines}
        names = {}
        # Generic and brand names; lower-case slang aliases are left out ("pot", "blues", "speed").
        for med in medicines:
            candidates = [_plain_name(med["name"])] + [a for a in med.get("aliases") or [] if a[:1].isupper()]
            for name in candidates:
                if len(name) >= MIN_NAME and "/" not in name and "kratom" not in name.lower():
                    names.setdefault(" ".join(w for _, _, w in _words(name)), med["key"])
        known_classes = {c for r in self.rules for c in r.get("classes", ())}
        for med in medicines:
            known_classes.update(med.get("classes") or ())
        self.class_patterns = []
        for words, keys, label in CLASS_WORDS:
            keys = [k for k in keys if k in known_classes]
            if keys:
                label = label or _plain_name(self.class_names.get(keys[0], keys[0]))
                self.class_patterns.append((re.compile(rf"\b({words})\b", I), keys, label))
        # Looked up by runs of up to `longest` words: one dictionary probe per run, however many names there are.
        self.names = names
        self.longest = max((len(n.split()) for n in names), default=0)

    def rules_for(self, classes=(), medicine=None):
        classes = set(classes)
        return [r for r in self.rules if classes & set(r.get("classes", ())) or medicine in r.get("medicines", ())]

    def named(self, text):
        """[{name, said, key, kind, severity, rules}] for each medicine or class the text names, in order
        (`said` is the name as the text wrote it, `name` ours)."""
        hits, taken = [], []
        words = _words(text) if self.names else []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):  # the longest name wins
                key = self.names.get(" ".join(w for _, _, w in words[i:i + size]))
                if key:
                    start, end = words[i][0], words[i + size - 1][1]
                    hits.append((start, "medicine", key, text[start:end]))
                    taken.append(range(start, end))
                    i += size - 1
                    break
            i += 1
        for index, (pattern, _keys, _label) in enumerate(self.class_patterns):
            # A word that is also a medicine's name ("caffeine") is that medicine.
            hits += [(m.start(), "class", index, m.group(1)) for m in pattern.finditer(text)
                     if not any(m.start() in span for span in taken)]
        found, seen = [], set()
        for _start, kind, key, said in sorted(hits):
            if (kind, key) in seen:
                continue
            seen.add((kind, key))
            if kind == "medicine":
                med = self.medicines[key]
                rules = self.rules_for(med.get("classes") or (), key)
                name = _plain_name(med["name"])
            else:
                _pattern, keys, name = self.class_patterns[key]
                rules = self.rules_for(keys)
                key = keys[0]
            top = max((r["severity"] for r in rules), key=lambda s: SEVERITY_RANK.get(s, 0), default="none")
            found.append({
                "name": name, "said": said, "key": key, "kind": kind, "severity": top,
                "rules": [{"key": r["key"], "severity": r["severity"], "detail": r.get("mechanism_detail", "")}
                          for r in sorted(rules, key=lambda r: -SEVERITY_RANK.get(r["severity"], 0))],
            })
        return found

    def check(self, text):
        """None when the sentence is not about mixing kratom with a named medicine; otherwise
        {"verdict": "contradicted" | None, "says_safe": bool, "medicines": [...]}."""
        if not MIXING.search(text):
            return None
        medicines = self.named(text)
        if not medicines:
            return None
        says_safe = bool(SAFE.search(text)) and not UNSAFE.search(text) and not WARNING.search(text) \
            and not text.strip().endswith("?")
        concern = [m for m in medicines if SEVERITY_RANK.get(m["severity"], 0) >= SEVERITY_RANK["moderate"]]
        return {
            "verdict": "contradicted" if says_safe and concern else None,
            "says_safe": says_safe,
            "medicines": medicines,
        }
