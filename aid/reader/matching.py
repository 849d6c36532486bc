"""Claim detection, matching and verdicts for "what the patient read".

Plain values in, plain values out. A sentence gets a topic from a linear SVM over TF-IDF features (word and
character n-grams and line shape of the sentence itself, plus the words of its neighbours at half weight), a
canonical claim from similarity to each claim's text and paraphrases plus the claim's cue patterns, and a
verdict from a logistic regression over its words, what it does (hedging, reporting what users say, quoting a
health authority, negating the claim, asking or recommending) and the matched claim and its verdict, with each
sentence's problem probability pulled halfway towards its article's average (the topic, too, leans to what the
rest of the article is about). A legal claim about named states or countries is then checked against the
legal-status table (`legal.py`), and a claim that mixing kratom with a named medicine is safe against the
interaction rules (`mixing.py`); both outrank the model.

The models learn from the claims ledger (claim texts, paraphrases, the labelled seed sentences), from
`training.yaml` (our own labelled sentences) and from the hand-labelled development set when it is present.
They are fitted once per ledger and saved (`load_or_train`), so a new process loads them instead of training.
Nothing is downloaded.
"""

import csv
import hashlib
import json
import logging
import os
import pickle
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from aid.reader.legal import LegalChecker
from aid.reader.mixing import InteractionChecker
from aid.reader.splitting import split

LABELS = (
    "efficacy_pain", "efficacy_other", "mechanism", "dependence", "interactions",
    "adverse_effects", "product_quality", "dosing", "regulation",
)
VERDICTS = ("supported", "overstated", "unsupported", "contradicted", "neutral")
PROBLEM_VERDICTS = ("overstated", "unsupported", "contradicted")
MAX_CHARS = 100_000
HERE = Path(__file__).resolve().parent
TRAINING_FILE = HERE / "training.yaml"
DEV_SET_DIR = HERE.parent.parent / "tests" / "data" / "reader"

# Below this similarity (after cue bonus) a sentence is judged without a canonical claim.
CLAIM_THRESHOLD = 0.34
CUE_BONUS = 0.22
POLARITY_BONUS = 0.12
TOPIC_BOOST = 1.0
VERDICT_C = 2.0
TOPIC_C = 0.5
TOPIC_WEIGHT = None
SHAPE_WEIGHT = 1.0
# "contradicted" is the strongest thing the reader says; below this probability the next verdict wins.
CONTRADICTED_MIN = 0.5
CLAIM_KEY_WEIGHT = 2.0
# ... but a sentence that says what a supported ledger claim says, and that the model finds more likely
# supported than not, stays supported ("Kratom is addictive." is not flagged because myth-busting pages use it).
SUPPORTED_KEEPS = 0.5
# A sentence is flagged when the problem verdicts together hold this much probability; 0.35 balances
# precision and recall of the flag on the development set (cross-validated, 211 articles).
PROBLEM_MIN = 0.35
CLAIM_VERDICTS = ("supported", "overstated", "unsupported", "contradicted", "uncertain")
# The ledger claim a "safe to mix with ..." sentence is shown against when the interaction rules contradict it.
SAFE_MIX_CLAIM = "safe-with-medications"

I = re.IGNORECASE
# Negations that reverse a claim ("not addictive", "without side effects"); "non-opioid receptors" does not.
NEGATION = re.compile(
    r"\b(not|no|never|cannot|can't|can’t|isn't|isn’t|aren't|aren’t|doesn't|doesn’t|don't|don’t|won't|won’t|"
    r"wasn't|wasn’t|nobody|free (of|from)|zero|non-?(addictive|habit[- ]forming|toxic|dangerous))\b|"
    r"\bwithout (any |the )?(\w+ ){0,2}(side[- ]effects|risks?|addict\w*|withdrawal|dependence|habit)",
    I,
)
HEDGE = re.compile(
    r"\b(may|might|could|can potentially|possibly|potentially|perhaps|some (people|users|studies|research)|"
    r"(users|people|many|some) (report|say|describe|claim)\w*|reportedly|anecdotal\w*|it is believed|"
    r"is thought|appears? to|seems? to|suggests?|linked to|associated with|limited (evidence|research)|"
    r"more research|further research|not (yet )?(well )?(understood|studied|known)|preliminary)\b",
    I,
)
AUTHORITY = re.compile(
    r"\b(FDA|Food and Drug Administration|CDC|Centers for Disease Control|NIDA|National Institute|NIH|DEA|"
    r"Drug Enforcement|WHO|World Health|health (department|officials?|alert)|department of (public )?health|"
    r"poison (control|cent(er|re)s?)|attorney general|Mayo Clinic|Cleveland Clinic|public health)\b",
)
INTENSIFIER = re.compile(
    r"\b(proven|guarantee\w*|miracle|cure[sd]?|completely|totally|100 ?%|the best|always|instantly|"
    r"absolutely|definitely|powerful|potent|amazing|incredible|great option|life[- ]?chang\w*|"
    r"without (any )?(intense |serious |major )?side effects|no side effects|perfectly|entirely)\b",
    I,
)
# Advice rather than a claim. A leading connective ("However, it is essential to ...") does not change that;
# "it is important to note that ..." introduces a claim and is not advice.
RECOMMENDATION = re.compile(
    r"^\W*((in addition|additionally|also|however|finally|lastly|instead|therefore|again|above all|most "
    r"importantly),? )?(please |always |so,? )?(consult|talk|speak|ask|check|avoid|do not|don't|don’t|never|be "
    r"(sure|careful|aware|cautious)|make sure|consider|keep|stay|start|stop|seek|call|learn|read|educate|treat it|"
    r"remember|if you|you should|you must|we (recommend|suggest|advise)|talk to|before (using|taking|you)|"
    r"it(?: is|'s|’s) (?:strongly |generally |highly |always )?(?:best|wise|recommended|advisable|advised|"
    r"essential|crucial|vital|important)(?: for \w+(?: \w+)?)? to (?!note|remember|understand|know|mention|"
    r"recogni[sz]e|realize|point out|keep in mind|acknowledge|emphasi[sz]e|stress|highlight)\w+)\b",
    I,
)
DOSE_AMOUNT = re.compile(
    r"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*(?:g|gr|grams?|mg|milligrams?|teaspoons?|tsp|"
    r"tablespoons?|capsules?|tablets?|caps|cups?)\b|\b(?:half|quarter|1/\d) (?:of )?(?:a )?(?:tablet|teaspoon)",
    I,
)
STRONG_REGULATION = re.compile(r"\b(legal|illegal|banned?|schedul\w*|approved|unapproved|lawful)\b", I)
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|my|me|we|our|us)\b")
REPORTING = re.compile(r"\b(touted|marketed|promoted|claimed?|advertised|sold as|believe[sd]?|think|according to|said|says)\b", I)
NUMBER = re.compile(r"\d")
# "Myth: kratom is addictive" denies what follows the label; a myth-busting page says the opposite of its words.
MYTH = re.compile(r"\b(myths?|misconceptions?|fiction|debunk\w*|misinformation)\b", I)


def cue_vector(text):
    """What the sentence does (hedges, quotes an authority, intensifies, ...) as 0/1 features."""
    stripped = text.strip()
    return [
        float(bool(HEDGE.search(text))), float(bool(AUTHORITY.search(text))), float(bool(INTENSIFIER.search(text))),
        float(_negated(text)), float(bool(FIRST_PERSON.search(text))), float(bool(REPORTING.search(text))),
        float(bool(NUMBER.search(text))), float(stripped.endswith("?")), float(bool(RECOMMENDATION.search(stripped))),
        float(bool(STRONG_REGULATION.search(text))), float(bool(DOSE_AMOUNT.search(text))),
        float(bool(MYTH.search(text))),
    ]


@dataclass
class Example:
    text: str
    topic: str
    verdict: str | None = None
    claim: str | None = None
    group: str = ""  # the article it comes from, for leave-one-article-out evaluation


@dataclass
class Ledger:
    """The claims (plain dicts) and labelled examples the matcher learns from."""

    version: str
    claims: list[dict]
    examples: list[Example] = field(default_factory=list)
    jurisdictions: list[dict] = field(default_factory=list)
    # {"medicines", "rules", "classes"}: what the medicine check knows, for claims about mixing.
    interactions: dict = field(default_factory=dict)


# --- training data ----------------------------------------------------------------------------


def claim_examples(claims):
    out = []
    for claim in claims:
        for text in [claim["text"], *claim.get("paraphrases", [])]:
            out.append(Example(text, claim["label"], claim["verdict"], claim["key"], group="claims"))
    return out


def seed_examples(seed_texts, passages):
    """Labelled seed sentences, plus every other line of the seed articles as a `none` example."""
    out = []
    for filename, text in seed_texts.items():
        spans = [p for p in passages if p["seed"] == filename]
        rows = [(p["start"], Example(p["quote"], p["label"], p["verdict"], p.get("claim"), group=f"seed:{filename}"))
                for p in spans]
        for start, end in split(text):
            if not any(p["start"] < end and start < p["end"] for p in spans):
                rows.append((start, Example(text[start:end], "none", None, None, group=f"seed:{filename}")))
        # In reading order, so that each sentence's neighbours are its neighbours in the article.
        out += [example for _, example in sorted(rows, key=lambda row: row[0])]
    return out


def file_examples(path=TRAINING_FILE):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [
        Example(item["text"], item["topic"], item.get("verdict"), item.get("claim"), group="training")
        for item in data
    ]


def dev_articles(directory=DEV_SET_DIR):
    """The hand-labelled development set: [(slug, data)]."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.json"))]


def dev_examples(articles):
    return [
        Example(s["text"], s["topic"], s["verdict"], None, group=f"dev:{slug}")
        for slug, data in articles
        for s in data["sentences"]
    ]


def ledger_from_db(*, include_dev=True):
    """The served claims and seed passages (admin edits included) plus our training files."""
    from aid.core.models import ContentLoad
    from aid.evidence.models import Claim, Passage, Source
    from aid.regulation.models import Jurisdiction

    load = ContentLoad.objects.current()
    claims = [
        {
            "key": c.key, "label": c.label, "verdict": c.verdict, "text": c.text,
            "paraphrases": list(c.paraphrases or []), "cues": list(c.cues or []),
        }
        for c in Claim.objects.order_by("key")
    ]
    seeds = {s.filename: s.text for s in Source.objects.filter(kind=Source.Kind.SEED_ARTICLE)}
    passages = [
        {"seed": p.source.filename, "start": p.start, "end": p.end, "quote": p.quote, "label": p.label,
         "verdict": p.verdict, "claim": p.claim.key if p.claim else None}
        for p in Passage.objects.select_related("source", "claim")
    ]
    examples = claim_examples(claims) + seed_examples(seeds, passages) + file_examples()
    if include_dev:
        examples += dev_examples(dev_articles())
    jurisdictions = [
        {"code": row.pop("key"), **row}
        for row in Jurisdiction.objects.values("key", "name", "level", "status", "seven_oh_status", "verified_on")
    ]
    return Ledger(version=load.version if load else "", claims=claims, examples=examples,
                  jurisdictions=jurisdictions, interactions=interactions_from_db())


RULE_FIELDS = ("key", "severity", "mechanism_detail")


def interactions_from_db():
    """What the medicine check knows, as plain values for the interaction checker."""
    from aid.interactions.models import DrugClass, InteractionRule, Medicine

    return {
        "classes": [{"key": c.key, "name": c.name} for c in DrugClass.objects.order_by("key")],
        "medicines": [
            {"key": m.key, "name": m.name, "aliases": list(m.aliases or []),
             "classes": sorted(c.key for c in m.classes.all())}
            for m in Medicine.objects.with_classes().order_by("key")
        ],
        "rules": [
            {**{f: getattr(r, f) for f in RULE_FIELDS}, "classes": sorted(c.key for c in r.classes.all()),
             "medicines": sorted(m.key for m in r.medicines.all())}
            for r in InteractionRule.objects.with_targets().order_by("key")
        ],
    }


def interactions_from_bundle(content):
    """The same from the content files."""
    bundle = yaml.safe_load((content / "interactions.yaml").read_text(encoding="utf-8")) or {}
    with (content / "medicines.csv").open(encoding="utf-8", newline="") as handle:
        medicines = [
            {"key": row["key"], "name": row["name"],
             "aliases": [a.strip() for a in row["aliases"].split(";") if a.strip()],
             "classes": sorted(c.strip() for c in row["classes"].split(";") if c.strip())}
            for row in csv.DictReader(handle)
        ]
    return {
        "classes": [{"key": c["key"], "name": c["name"]} for c in bundle.get("classes") or []],
        "medicines": medicines,
        "rules": [
            {**{f: r.get(f, "") for f in RULE_FIELDS}, "classes": sorted(r.get("classes") or []),
             "medicines": sorted(r.get("medicines") or [])}
            for r in bundle.get("rules") or []
        ],
    }


# --- the matcher --------------------------------------------------------------------------------


def _features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
    ])


def _shape(texts):
    """Page furniture looks different from prose: headings lack a full stop and are short and title-cased."""
    rows = []
    for text in texts:
        stripped = text.strip()
        words = stripped.split()
        capitalised = sum(1 for w in words if w[:1].isupper()) / max(1, len(words))
        rows.append([
            float(not stripped.endswith((".", "!", "?", "\u201d", '"'))), float(len(words) <= 4),
            float(len(words) <= 8), float(stripped.startswith(("#", "|")) or stripped.endswith((":", "|"))),
            capitalised, float(stripped.endswith("?")),
        ])
    return np.array(rows) * SHAPE_WEIGHT


def _topic_features():
    from sklearn.pipeline import FeatureUnion
    from sklearn.preprocessing import FunctionTransformer

    return FeatureUnion([("text", _features()), ("shape", FunctionTransformer(_shape))])


# How much the neighbouring sentences count towards a sentence's topic, against its own words at 1.
CONTEXT_WEIGHT = 0.5


def neighbours(examples):
    """The previous and next sentence of each example within its article ("" for a standalone sentence)."""
    prevs, nexts = [], []
    for i, example in enumerate(examples):
        ordered = example.group.startswith(("seed:", "dev:"))
        before = examples[i - 1] if i > 0 else None
        after = examples[i + 1] if i + 1 < len(examples) else None
        prevs.append(before.text if ordered and before and before.group == example.group else "")
        nexts.append(after.text if ordered and after and after.group == example.group else "")
    return prevs, nexts


class TopicFeatures:
    """A sentence's own words, characters and shape, plus (weaker) the words of the sentences around it:
    a short line under a heading about withdrawal is about withdrawal even when it never says so."""

    def fit(self, texts):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.own = _topic_features().fit(texts)
        self.context = TfidfVectorizer(sublinear_tf=True, min_df=2).fit(texts)
        return self

    def transform(self, texts, prevs, nexts):
        from scipy.sparse import hstack

        return hstack([
            self.own.transform(texts),
            CONTEXT_WEIGHT * self.context.transform(prevs),
            CONTEXT_WEIGHT * self.context.transform(nexts),
        ]).tocsr()


def _confidence(margins):
    """A 0-1 confidence from the classifier margins: softmax of the best against the rest."""
    values = np.array(list(margins.values())) * 3.0
    values = np.exp(values - values.max())
    return round(float(values.max() / values.sum()), 3)


def _negated(text):
    return bool(NEGATION.search(text))


class Matcher:
    def __init__(self, claims, examples, jurisdictions=(), interactions=None):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        self.legal = LegalChecker(jurisdictions)
        self.mixing = InteractionChecker(**(interactions or {}))
        self.claims = [c for c in claims if c.get("label") in LABELS]
        # The ledger claim a safe-mix sentence is shown against, when the served content has it.
        self.safe_mix_claim = next((c for c in self.claims if c["key"] == SAFE_MIX_CLAIM), None)
        # One alternation per claim: a single regex pass per sentence and claim.
        self.cues = [
            re.compile("|".join(f"(?:{p})" for p in c["cues"]), I) if c.get("cues") else None for c in self.claims
        ]
        self.polarity = [_negated(c["text"]) for c in self.claims]
        self.claim_labels = np.array([c["label"] for c in self.claims])

        self.topic_features = TopicFeatures().fit([e.text for e in examples])
        self.topic_model = LinearSVC(C=TOPIC_C, class_weight=TOPIC_WEIGHT).fit(
            self.topic_features.transform([e.text for e in examples], *neighbours(examples)),
            [e.topic for e in examples],
        )
        self.topics = list(self.topic_model.classes_)

        phrases, owners = [], []
        for index, claim in enumerate(self.claims):
            for text in [claim["text"], *claim.get("paraphrases", [])]:
                phrases.append(text)
                owners.append(index)
        self.phrase_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
        ).fit(phrases + [e.text for e in examples if e.topic != "none"])
        self.phrase_matrix = self.phrase_vectorizer.transform(phrases)
        self.phrase_owner = np.array(owners)
        self.phrase_starts = np.searchsorted(self.phrase_owner, np.arange(len(self.claims)))


        # The verdict is learned from labelled sentences (not the claim texts, which would teach it to copy
        # the matched claim's verdict): words, what the sentence does, and the matched claim with its verdict.
        judged = [e for e in examples if e.topic != "none" and e.verdict in VERDICTS and e.group != "claims"]
        self.verdict_words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit(
            [e.text for e in judged]
        )
        texts = [e.text for e in judged]
        features = self.verdict_features(texts, [e.topic for e in judged], self.claim_scores(texts))
        self.verdict_model = LogisticRegression(C=VERDICT_C, max_iter=3000).fit(features, [e.verdict for e in judged])

    # One row per sentence, one column per claim: best similarity to the claim's wordings, plus cues.
    def claim_scores(self, texts):
        sims = (self.phrase_vectorizer.transform(texts) @ self.phrase_matrix.T).toarray()
        # Phrases are stored claim by claim, so each claim's best wording is a reduce over its slice.
        scores = np.maximum.reduceat(sims, self.phrase_starts, axis=1)
        polarity = np.array(self.polarity)
        for i, text in enumerate(texts):
            for j, pattern in enumerate(self.cues):
                if pattern is not None and pattern.search(text):
                    scores[i, j] += CUE_BONUS
            same = polarity == _negated(text)
            scores[i] += POLARITY_BONUS * (same & (scores[i] > 0.2))
        return scores

    def best_claim(self, topic, row):
        """The best claim on the topic and its score, or (None, 0.0) below the threshold."""
        mask = self.claim_labels == topic
        if not mask.any():
            return None, 0.0
        j = int(np.argmax(np.where(mask, row, -1)))
        return (self.claims[j], float(row[j])) if row[j] >= CLAIM_THRESHOLD else (None, 0.0)

    def verdict_features(self, texts, topics, scores):
        from scipy.sparse import csr_matrix, hstack

        dense = []
        for text, topic, row in zip(texts, topics, scores):
            claim, score = self.best_claim(topic, row)
            cues = cue_vector(text)
            claim_verdict = [0.0] * len(CLAIM_VERDICTS)
            flipped = [0.0] * len(CLAIM_VERDICTS)
            # Which claim it is, too: sentences close to one claim tend to share a verdict beyond its label.
            which = [0.0] * len(self.claims)
            if claim:
                which[self.claims.index(claim)] = CLAIM_KEY_WEIGHT * min(1.0, score)
                index = CLAIM_VERDICTS.index(claim["verdict"]) if claim["verdict"] in CLAIM_VERDICTS else 4
                claim_verdict[index] = min(1.0, score)
                if _negated(text) != _negated(claim["text"]):
                    flipped[index] = 1.0
            rule = [0.0] * len(VERDICTS)
            rule[VERDICTS.index(judge_verdict(text, topic, claim, "supported"))] = 1.0
            topic_hot = [float(topic == label) for label in LABELS]
            dense.append(cues + claim_verdict + flipped + rule + topic_hot + which)
        return hstack([self.verdict_words.transform(texts), csr_matrix(np.array(dense))]).tocsr()

    def judge(self, texts):
        """[{topic, claim, verdict, score}] for each sentence text."""
        if not texts:
            return []
        # `texts` are one article in reading order: each sentence's neighbours are its context.
        margins = article_topics(self.topic_model.decision_function(
            self.topic_features.transform(texts, ["", *texts[:-1]], [*texts[1:], ""])
        ), self.topics)
        results = [None] * len(texts)
        scores = self.claim_scores(texts) if self.claims else np.zeros((len(texts), 0))
        picked = []
        for i, text in enumerate(texts):
            combined = dict(zip(self.topics, margins[i]))
            # A clear match with a canonical claim (cue or close paraphrase) is evidence for its topic.
            for label in LABELS:
                mask = self.claim_labels == label
                if mask.any() and label in combined:
                    combined[label] += TOPIC_BOOST * max(0.0, scores[i, mask].max() - CLAIM_THRESHOLD)
            topic = str(max(combined, key=combined.get))
            if topic == "none":
                results[i] = {"topic": "none", "claim": None, "verdict": None, "score": _confidence(combined)}
                continue
            claim, claim_score = self.best_claim(topic, scores[i])
            picked.append((i, topic, claim, round(min(1.0, claim_score), 3) if claim else _confidence(combined)))
        # One batch through the verdict model for every claim sentence (per-sentence calls are slow).
        if picked:
            rows = [i for i, _, _, _ in picked]
            features = self.verdict_features([texts[i] for i in rows], [t for _, t, _, _ in picked], scores[rows])
            probabilities = article_prior(
                self.verdict_model.predict_proba(features), list(self.verdict_model.classes_)
            )
        for (i, topic, claim, score), p in zip(picked, probabilities if picked else []):
            results[i] = {
                "topic": topic,
                "claim": claim["key"] if claim else None,
                "verdict": self.pick_verdict(texts[i], topic, dict(zip(self.verdict_model.classes_, p)), claim),
                "score": score,
            }
        for i, (text, result) in enumerate(zip(texts, results)):
            self.check_law(text, result, texts[i - 1] if i else "")
            self.check_mixing(text, result)
        return results

    def check_mixing(self, text, result):
        """A claim that mixing kratom with a named medicine is safe is checked against the interaction rules
        (contradicted when one of them is moderate or major); on other sentences about mixing, what the rules
        say about each medicine named is attached for the page, and the verdict is left to the model."""
        if result["topic"] not in ("interactions", "adverse_effects", "none") or "legal_check" in result:
            return
        checked = self.mixing.check(text)
        if not checked:
            return
        if checked["verdict"]:
            result.update(topic="interactions", verdict=checked["verdict"], score=1.0,
                          claim=self.safe_mix_claim["key"] if self.safe_mix_claim else None)
        if result["topic"] == "interactions":
            result["interaction_check"] = checked["medicines"]

    def check_law(self, text, result, before=""):
        """A legal claim about named places is checked against the legal-status table, which outranks the
        model: contradicted wherever the table disagrees (the worst part of the sentence decides), supported
        where every named place agrees and the sentence is about the law."""
        checked = self.legal.check(text, before)
        if not checked or text.strip().endswith("?"):
            return
        if checked["verdict"] == "supported" and result["topic"] not in ("none", "regulation"):
            return
        # The table rows are the counterpoint here, not whichever ledger claim the wording resembled.
        result.update(topic="regulation", claim=None, score=1.0, verdict=checked["verdict"],
                      legal_check=checked["places"])

    def pick_verdict(self, text, topic, probabilities, claim=None):
        fixed = _fixed_verdict(text, topic)
        if fixed:
            return fixed
        # The flag is decided on the problem verdicts together (they share evidence against the sentence);
        # which problem it is comes second, and "contradicted" needs the larger share of that mass.
        problems = {v: probabilities.get(v, 0.0) for v in PROBLEM_VERDICTS}
        mass = sum(problems.values())
        if mass < PROBLEM_MIN or (probabilities.get("supported", 0.0) >= SUPPORTED_KEEPS and _agrees(text, claim)):
            rest = {v: p for v, p in probabilities.items() if v not in PROBLEM_VERDICTS}
            return str(max(rest, key=rest.get))
        if problems["contradicted"] < CONTRADICTED_MIN * mass:
            del problems["contradicted"]
        return str(max(problems, key=problems.get))


# How much the rest of the article counts towards a sentence's claim topic: an article about interactions
# makes "Combining them increases the risk" an interactions sentence. Cross-validated on the development set
# (259 articles): topic accuracy 0.699 → 0.705, problem precision 0.503 → 0.499, recall 0.476 → 0.501.
ARTICLE_TOPIC_WEIGHT = 0.5


def article_topics(margins, topics):
    """Topic margins (one row per sentence of one article) with each claim topic raised or lowered by how
    much the other sentences lean to it, against their average over claim topics (`none` is not moved). A lone
    sentence has no prior."""
    count = len(margins)
    if count < 2:
        return margins
    others = (margins.sum(axis=0, keepdims=True) - margins) / (count - 1)
    claim = np.array([t != "none" for t in topics])
    out = margins.copy()
    out[:, claim] += ARTICLE_TOPIC_WEIGHT * (others[:, claim] - others[:, claim].mean(axis=1, keepdims=True))
    return out


# How far each sentence's problem probability is pulled towards the average of its article's claim sentences:
# a page that overstates throughout is read more strictly, a careful one (a health agency's) more leniently.
# Cross-validated on the development set (259 articles): problem precision 0.476 → 0.503, recall 0.463 → 0.476.
ARTICLE_WEIGHT = 0.5


def article_prior(probabilities, classes):
    """Verdict probabilities (one row per claim sentence of one article) with each row's problem share moved
    towards the article's mean; the problem verdicts keep their proportions, as do the others."""
    problem = np.isin(classes, PROBLEM_VERDICTS)
    mass = probabilities[:, problem].sum(axis=1)
    target = (1 - ARTICLE_WEIGHT) * mass + ARTICLE_WEIGHT * mass.mean()
    out = probabilities.copy()
    out[:, problem] *= (target / np.maximum(mass, 1e-9))[:, None]
    out[:, ~problem] *= ((1 - target) / np.maximum(1 - mass, 1e-9))[:, None]
    return out


def _agrees(text, claim):
    """The sentence states a supported ledger claim the same way round (not denied, not framed as a myth)."""
    return bool(claim) and claim["verdict"] == "supported" and _negated(text) == _negated(claim["text"]) \
        and not MYTH.search(text)


def _fixed_verdict(text, topic):
    """Verdicts the sentence's form decides: a dose with a number (no evidence-based dose exists) and a
    question or recommendation (nothing to judge); None otherwise."""
    stripped = text.strip()
    if topic == "dosing" and DOSE_AMOUNT.search(text):
        return "unsupported"
    if stripped.endswith("?") or RECOMMENDATION.search(stripped):
        return "neutral"
    return None


def judge_verdict(text, topic, claim, learned=None):
    """The sentence's verdict: the claim's verdict moved by what the sentence does with it."""
    fixed = _fixed_verdict(text, topic)
    if fixed:
        return fixed
    if claim is None:
        return learned or "supported"
    verdict = claim["verdict"]
    negated = _negated(text)
    if negated != _negated(claim["text"]):
        # The sentence says the opposite of the canonical claim ("not addictive" against "can cause
        # dependence"): a true claim denied is contradicted, a false claim denied is supported.
        verdict = {"supported": "contradicted", "contradicted": "supported", "overstated": "supported"}.get(
            verdict, verdict
        )
    hedged = bool(HEDGE.search(text))
    attributed = bool(AUTHORITY.search(text))
    if verdict == "uncertain":
        verdict = "supported" if hedged else "overstated"
    if verdict == "overstated" and (hedged or attributed) and not INTENSIFIER.search(text):
        verdict = "supported"
    elif verdict == "unsupported" and attributed and not INTENSIFIER.search(text):
        verdict = "supported"
    elif verdict == "supported" and INTENSIFIER.search(text) and not (hedged or attributed):
        verdict = "overstated"
    return verdict


# --- the process-wide matcher ---------------------------------------------------------------------

logger = logging.getLogger(__name__)
KEEP_MODELS = 3
_lock = threading.Lock()
_cached: dict = {}


def get_matcher():
    """One matcher per process and content version; rebuilt when a new bundle is loaded."""
    from aid.core.models import ContentLoad

    load = ContentLoad.objects.current()
    version = load.version if load else ""
    with _lock:
        if _cached.get("version") != version or "matcher" not in _cached:
            _cached["matcher"] = load_or_train(ledger_from_db())
            _cached["version"] = version
        return _cached["matcher"]


def fingerprint(ledger):
    """What a fitted matcher depends on: the ledger (claims, examples, legal table), this code, scikit-learn."""
    import sklearn

    digest = hashlib.sha256()
    examples = [(e.text, e.topic, e.verdict, e.claim, e.group) for e in ledger.examples]
    digest.update(json.dumps(
        [sklearn.__version__, ledger.claims, examples, ledger.jurisdictions, ledger.interactions],
        default=str, sort_keys=True,
    ).encode())
    for module in ("matching.py", "legal.py", "mixing.py"):
        digest.update((HERE / module).read_bytes())
    return digest.hexdigest()[:20]


def load_or_train(ledger, directory=None):
    """The fitted matcher for this ledger, from the model directory when an earlier process saved it.

    Training takes seconds; loading a saved matcher takes well under one. The file name is the ledger's
    fingerprint, so an admin edit, a new bundle or new code trains afresh. The directory is the app's own
    (`var/reader-models` by default): only files this function wrote are ever loaded from it.
    """
    from django.conf import settings

    directory = Path(directory or settings.AID_READER_MODEL_DIR)
    path = directory / f"matcher-{fingerprint(ledger)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: train again and overwrite it
        logger.warning("Reader model %s could not be loaded; training again", path.name, exc_info=True)
    matcher = Matcher(ledger.claims, ledger.examples, ledger.jurisdictions, ledger.interactions)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)  # atomic: another worker never reads half a file
        for old in sorted(directory.glob("matcher-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP_MODELS]:
            old.unlink(missing_ok=True)
    except OSError:
        logger.warning("Reader model could not be saved to %s; it will be trained again next start", directory)
    return matcher


def summarize(verdicts):
    counts = {v: 0 for v in ("supported", "overstated", "unsupported", "contradicted", "neutral")}
    for verdict in verdicts:
        if verdict:
            counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def analyze(text, matcher=None):
    """{"sentences": [{start, end, text, topic, claim, verdict, score}], "summary": {verdict: count}}."""
    matcher = matcher or get_matcher()
    spans = split(text)
    results = matcher.judge([text[s:e] for s, e in spans])
    sentences = [
        {"start": s, "end": e, "text": text[s:e], **result}
        for (s, e), result in zip(spans, results)
    ]
    return {"sentences": sentences, "summary": summarize(r["verdict"] for r in results)}


def ledger_from_bundle(root=None, *, include_dev=True):
    """The same ledger read straight from the content files (evaluation and benchmarks need no database)."""
    from django.conf import settings

    root = Path(root or settings.AID_CONTENT_DIR)
    content = root / "content"
    claims = [
        {"key": c["key"], "label": c["label"], "verdict": c["verdict"], "text": c["text"],
         "paraphrases": list(c.get("paraphrases") or []), "cues": list(c.get("cues") or [])}
        for c in yaml.safe_load((content / "claims.yaml").read_text(encoding="utf-8")) or []
    ]
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))}
    passages = [
        {"seed": group["seed"], **item}
        for group in yaml.safe_load((content / "seed_sentences.yaml").read_text(encoding="utf-8")) or []
        for item in group.get("sentences") or []
    ]
    examples = claim_examples(claims) + seed_examples(seeds, passages) + file_examples()
    if include_dev:
        examples += dev_examples(dev_articles())
    with (content / "jurisdictions.csv").open(encoding="utf-8", newline="") as handle:
        jurisdictions = list(csv.DictReader(handle))
    return Ledger(version="bundle", claims=claims, examples=examples, jurisdictions=jurisdictions,
                  interactions=interactions_from_bundle(content))


ASK_THRESHOLD = 0.3
LEGAL_WORDS = re.compile(r"\b(legal|illegal|law|laws|ban|banned|allowed|state|country|schedul\w*|dea|fda)\b", I)
MEDICINE_WORDS = re.compile(
    r"\b(medicines?|medications?|meds|drugs?|pills?|prescriptions?|take it with|mix\w*|combin\w*|together|"
    r"alcohol|interact\w*|with my|on my)\b",
    I,
)


def answer(said, matcher=None):
    """What the patient said → {claim, topic, score, about_law, about_medicines, medicines} (claim key or None;
    `medicines` are the medicines or classes named, with what our interaction rules say about each)."""
    matcher = matcher or get_matcher()
    scores = matcher.claim_scores([said])[0] if matcher.claims else np.zeros(0)
    judged = matcher.judge([said])[0]
    medicines = matcher.mixing.named(said)
    claim, score = None, 0.0
    if len(scores):
        candidates = scores.copy()
        if judged["topic"] in LABELS:
            # Prefer a claim on the topic the classifier heard, but let a much better match elsewhere win.
            candidates = candidates + 0.1 * (matcher.claim_labels == judged["topic"])
        if MEDICINE_WORDS.search(said) or medicines:
            candidates = candidates + 0.15 * (matcher.claim_labels == "interactions")
        if LEGAL_WORDS.search(said):
            candidates = candidates + 0.15 * (matcher.claim_labels == "regulation")
        j = int(np.argmax(candidates))
        if scores[j] >= ASK_THRESHOLD:
            claim, score = matcher.claims[j], float(scores[j])
    if judged.get("interaction_check") and judged["claim"] == SAFE_MIX_CLAIM:
        # "It's fine with my Xanax": the interaction rules said what claim this is.
        claim, score = matcher.safe_mix_claim, 1.0
    topic = claim["label"] if claim else judged["topic"]
    return {
        "claim": claim["key"] if claim else None,
        "topic": topic,
        "score": round(min(1.0, score), 3),
        "about_law": topic == "regulation" or bool(LEGAL_WORDS.search(said)),
        "about_medicines": topic == "interactions" or bool(MEDICINE_WORDS.search(said)) or bool(medicines),
        "medicines": medicines,
    }
