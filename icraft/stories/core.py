"""Stories read from answers, and the same story recognised when it is told again.

Pure functions over text: no database, no I/O.

- :func:`read` turns an answer into an :class:`Occurrence`: its STAR parts quoted from
  its own words (the lint engine's STAR reading, :mod:`icraft.rubric.context`), its
  numbers, its names (people, products, teams, technologies: capitalised words that do
  not start a sentence, and words with digits or inner capitals), and the competencies
  it shows, each with the sentence that shows it.
- :func:`similarity` compares two occurrences: the meaning of the whole text (static
  word embeddings, :mod:`icraft.nlp.embed`), its words (rapidfuzz's token-set ratio),
  and the overlap of their numbers and names. Specific numbers and names are what make
  a story *this* story: two stories about the same project share its names but not its
  figures, and a retelling shares both, in other words. The weights and the threshold
  were set on the calibration half of ``benchmarks/data/stories.toml`` and are
  measured on the other half (``benchmarks/bench_stories.py``).
- :func:`cluster` groups occurrences into stories; :func:`title` names a story from
  its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Weights of the four measures and the score from which two tellings are one story
# (benchmarks/bench_stories.py, calibration half).
WEIGHTS = {"meaning": 0.45, "words": 0.15, "numbers": 0.25, "names": 0.15}
SAME_STORY = 0.52
STORY_PARTS = ("situation", "task", "action", "result")
STORY_TYPES = ("behavioral", "general")  # question types whose answers may tell a story

COMPETENCIES: dict[str, tuple[str, ...]] = {
    "technical_leadership": (r"\b(led|lead|drove|architect\w*|design doc|tech(nical)? lead|set the direction|proposed)\b",),
    "execution": (r"\b(shipped|delivered|launched|rolled out|on time|deadline|migrat\w+|finished|released)\b",),
    "cross_team": (r"\b(other teams?|cross[- ]team|product (manager|team)s?|stakeholders?|partner teams?|(legal|sales|finance|design|platform|security) (team|department|review)s?)\b",),
    "conflict_resolution": (r"\b(disagree\w*|conflict|pushed back|push back|argu\w+|tension|compromise|objection\w*)\b",),
    "mentoring": (r"\b(mentor\w*|coach\w*|onboard\w*|junior|new (engineer|hire)s?|taught|teach\w*|pair(ed)? with)\b",),
    "failure_recovery": (r"\b(fail\w*|mistake|outage|incident|broke|went wrong|postmortem|post-mortem|rolled back|my fault)\b",),
    "innovation": (r"\b(prototype\w*|new approach|invent\w*|idea|hackathon|experiment\w*|first time|automat\w+)\b",),
    "communication": (r"\b(explain\w*|present\w*|wrote (a|the) (doc|proposal|memo)|communicat\w+|updates?|demo\w*|walked (them|him|her) through)\b",),
    "data_driven": (r"\b(data|metrics?|measur\w+|dashboards?|a/b test|analy[sz]\w+|profil\w+|benchmark\w*)\b",),
    "customer_focus": (r"\b(customers?|users?|clients?|support tickets?|complain\w*|churn|nps|feedback)\b",),
}
COMPETENCY_CUES = {k: re.compile("|".join(v), re.IGNORECASE) for k, v in COMPETENCIES.items()}

_NUMBER = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?(?:%|\s*(?:percent|k|x|ms|s|m|million|thousand|hours?|days?|weeks?|months?)\b)?", re.I
)
_WORD = re.compile(r"[A-Za-z][\w+#.\-]*[\w+#]|[A-Za-z]")
_SMALL = {"0", "1", "2", "3"}
_STOP_NAMES = {
    "I", "We", "My", "Our", "The", "A", "An", "It", "So", "And", "But", "Then", "As", "In", "At", "On", "After",
    "When", "That", "This", "Um", "Uh", "Well", "Also", "Last", "First", "Next", "Finally", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Q1", "Q2", "Q3", "Q4",
}


@dataclass(frozen=True)
class Quote:
    """Words of the answer: ``text[char_start:char_end]``."""

    label: str
    quote: str
    char_start: int
    char_end: int

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "quote": self.quote, "char_start": self.char_start, "char_end": self.char_end}


@dataclass(frozen=True)
class Occurrence:
    """One telling of a story."""

    text: str
    parts: tuple[Quote, ...] = ()
    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    competencies: tuple[Quote, ...] = field(default=())

    @property
    def labels(self) -> set[str]:
        return {p.label for p in self.parts}

    @property
    def is_story(self) -> bool:
        """A story: what the teller did, and either its outcome or the situation it was
        done in (a spoken retelling often drops the setting and keeps action and result)."""
        labels = self.labels
        return "action" in labels and ("result" in labels or bool(labels & {"situation", "task"}))

    @property
    def is_whole(self) -> bool:
        """A whole story on its own: its setting, what the teller did and how it ended (a
        follow-up's reply that adds the result to the core answer's story is not one)."""
        labels = self.labels
        return {"action", "result"} <= labels and bool(labels & {"situation", "task"})


def numbers_in(text: str) -> frozenset[str]:
    """The figures of a text as plain values, whatever the unit and spelling ("40 percent",
    "40%" and "forty percent" are one; "185k" and "185 thousand" too), without the small
    counts (1-3) every story has."""
    from icraft.nlp.numbers import digits

    # Spoken figures as digits: "nine hundred" 900, "a hundred and eighteen" 118,
    # "zero point eight" 0.8, "two and a half" 2.5.
    text = digits(text).lower()
    found = set()
    for m in _NUMBER.finditer(text):
        raw = m.group()
        lead = re.match(r"\$?([\d,]*\d(?:\.\d+)?)", raw)
        if lead is None:
            continue
        value = float(lead.group(1).replace(",", ""))
        if re.search(r"\d\s*(k|thousand)\b", raw):
            value *= 1000
        elif re.search(r"\d\s*(m|million)\b", raw) and "ms" not in raw:
            value *= 1_000_000
        found.add(f"{value:g}")
    return frozenset(n for n in found if n not in _SMALL)


def names_in(text: str) -> frozenset[str]:
    """Names: capitalised words not starting a sentence, and tokens with digits or inner
    capitals (PostgreSQL, p99, S3), lower-cased."""
    out = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = _WORD.findall(sentence)
        for i, w in enumerate(words):
            inner = any(c.isupper() for c in w[1:]) or (any(c.isdigit() for c in w) and any(c.isalpha() for c in w))
            if inner or (i > 0 and w[0].isupper() and w not in _STOP_NAMES):
                out.add(w.lower().rstrip("."))
    return frozenset(out)


def read(text: str, *, question: str | None = None) -> Occurrence:
    """An answer as a story occurrence (see :attr:`Occurrence.is_story`)."""
    from icraft.core.transcript import CANDIDATE, Turn
    from icraft.rubric.context import AnswerContext

    turn = Turn.from_text(CANDIDATE, text)
    ctx = AnswerContext(answer_index=0, turn_index=0, turn=turn, question=question, question_type="behavioral")
    star = ctx.star
    parts = []
    for clause, label in zip(star.clauses, star.labels):
        if label in STORY_PARTS:
            parts.append(Quote(label, turn.text[clause.char_start:clause.char_end], clause.char_start, clause.char_end))
    competencies = []
    for name, pattern in COMPETENCY_CUES.items():
        m = pattern.search(turn.text)
        if m is None:
            continue
        sentence = next((s for s in ctx.sentences if s.char_start <= m.start() < s.char_end), None)
        a, b = (sentence.char_start, sentence.char_end) if sentence else (m.start(), m.end())
        competencies.append(Quote(name, turn.text[a:b], a, b))
    return Occurrence(turn.text, tuple(parts), numbers_in(turn.text), names_in(turn.text), tuple(competencies))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """How much of the smaller set the other holds (a short retelling keeps a few of the
    figures), counting a one-figure side as two: one shared figure ("30") is a
    coincidence as often as not. None when either has none (no evidence either way)."""
    if not a or not b:
        return None
    return len(a & b) / max(2, min(len(a), len(b)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Shared names over all names: a company or a database named in both is weak evidence
    (two stories from one job share them), many shared names strong."""
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def similarity(a: Occurrence, b: Occurrence, *, meaning: float | None = None) -> float:
    """0..1: how surely two occurrences are one story. ``meaning`` is the cosine of their
    text vectors when the caller has them (computed here otherwise)."""
    from rapidfuzz import fuzz

    if meaning is None:
        from icraft.nlp import embed

        e = embed.embedder()
        meaning = e.similarity(a.text, b.text) if e is not None else 0.0
    scores = {"meaning": max(0.0, meaning), "words": fuzz.token_set_ratio(a.text, b.text) / 100}
    for key, measure, x, y in (("numbers", _overlap, a.numbers, b.numbers), ("names", _jaccard, a.names, b.names)):
        o = measure(x, y)
        if o is not None:
            scores[key] = o
    total = sum(WEIGHTS[k] for k in scores)
    return sum(WEIGHTS[k] * v for k, v in scores.items()) / total


def cluster(occurrences: Sequence[Occurrence], *, threshold: float = SAME_STORY) -> list[list[int]]:
    """Occurrences grouped into stories, in order: each joins the story it is most like
    (its mean similarity to the story's tellings, so one loose link cannot chain two
    stories together) when that reaches ``threshold``, else starts a new one."""
    from icraft.nlp import embed

    e = embed.embedder()
    vectors = e.embed([o.text for o in occurrences]) if e is not None and occurrences else None
    groups: list[list[int]] = []
    for i, occ in enumerate(occurrences):
        best, best_score = None, threshold
        for g, members in enumerate(groups):
            score = sum(
                similarity(occ, occurrences[j], meaning=float(vectors[i] @ vectors[j]) if vectors is not None else 0.0)
                for j in members
            ) / len(members)
            if score >= best_score:
                best, best_score = g, score
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    return groups


def best_match(occ: Occurrence, stories: Sequence[Sequence[Occurrence]], *, threshold: float = SAME_STORY) -> int | None:
    """The index of the story (given as its tellings) ``occ`` tells again: the one it is
    most like on average over the story's tellings, when that reaches ``threshold``
    (:func:`cluster`'s rule); None when it is none of them."""
    from icraft.nlp import embed

    flat = [o for tellings in stories for o in tellings]
    if not flat:
        return None
    e = embed.embedder()
    vectors = e.embed([occ.text, *(o.text for o in flat)]) if e is not None else None
    best, best_score, k = None, threshold, 1
    for i, tellings in enumerate(stories):
        scores = []
        for other in tellings:
            scores.append(similarity(occ, other, meaning=float(vectors[0] @ vectors[k]) if vectors is not None else 0.0))
            k += 1
        if scores and sum(scores) / len(scores) >= best_score:
            best, best_score = i, sum(scores) / len(scores)
    return best


def title(occurrence: Occurrence, *, words: int = 8) -> str:
    """A title from the story's own words: its situation, else its first action, cut at
    ``words`` words, without a leading "I"/"So"/filler."""
    for label in ("situation", "action", "task", "result"):
        part = next((p for p in occurrence.parts if p.label == label), None)
        if part is not None:
            break
    text = part.quote if part is not None else occurrence.text
    tokens = [t for t in re.split(r"\s+", text.strip()) if t]
    while tokens and tokens[0].lower().strip(",.") in {"so", "um", "uh", "well", "and", "then", "basically"}:
        tokens = tokens[1:]
    cut = " ".join(tokens[:words]).rstrip(",.;:")
    return cut[:1].upper() + cut[1:] + ("…" if len(tokens) > words else "")
