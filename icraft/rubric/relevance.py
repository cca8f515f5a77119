"""Does the answer address its question? Language, talking points and relevance.

Three offline measures, all computed by code (docs/SCORING.md section 10):

- :func:`language_of`: the answer's language from its function words. icraft's rules
  read English; an answer in another language is "not judged: language", never scored
  as if its English cues were missing.
- :func:`cover`: which of the question's talking points (3-6 per bank question,
  ``drills/questions/*.toml``) the answer covers, each with the sentence that covers it.
  A point is covered by a sentence holding enough of the point's content words
  (prefix-stemmed: "estimate" ~ "estimated"), or else by the sentence whose words meet
  the point's by meaning (static word vectors, as :func:`aligned`).
- :func:`relevance`: how well the answer fits the question, from the static word
  embeddings of :mod:`icraft.nlp.embed` (cosine of the answer and the question), the
  answer's shape against the question's type (a story for a behavioral question, a
  design for a design question), the share of the question's own content words the
  answer uses and, for a bank question, the share of its talking points covered.
  Embeddings load lazily, once per process, and only when an answer has a question;
  the question side is cached per question text.

Pure Python apart from the embedder (numpy, lazily): the language check never loads it;
talking points load it only for a point no sentence covers by its words.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from icraft.resources import drills_dir

if TYPE_CHECKING:  # pragma: no cover
    from icraft.rubric.text import Segment

# -------------------------------------------------------------------------------- language

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# The commonest English function words: about 40-55% of the words of English prose
# (and of spoken answers), a few per cent of a keyword list.
ENGLISH = frozenset(
    """the a an and or but if so because of to in on at by for with from as into about than then
    is are was were be been being am it its it's this that these those there here i i'm i've i'd
    me my we we're our us you your he she they them their his her who what which when where why
    how do did does done have has had not no can could would should will just also very more most
    all some any one up out over after before while""".split()
)
# Function words of other languages that are not English words (so "a", "no", "me",
# "he" never count against English). Latin is here for lorem ipsum.
FOREIGN: dict[str, frozenset[str]] = {
    "Spanish": frozenset(
        "el la los las de del que y en un una por para con es fue era sus su lo le se pero como muy "
        "cuando donde porque mi yo nosotros equipo hice tuve estaba esto esta este también".split()
    ),
    "French": frozenset(
        "le la les de des du et est un une pour avec dans qui que je nous vous pas sur au aux ce cette "
        "mais ont été était fait très mon notre équipe".split()
    ),
    "German": frozenset(
        "der die das und ist ich wir ein eine nicht mit auf für den dem des zu von sich auch es war "
        "habe haben wurde sehr mein unser team".split()
    ),
    "Portuguese": frozenset(
        "o os as de da do dos das que e em um uma para com não por mais foi eu nós isso muito meu nossa".split()
    ),
    "Italian": frozenset(
        "il lo la gli le di del della che e è un una per con non sono ho abbiamo io noi questo molto mio".split()
    ),
    "Dutch": frozenset("de het een en van ik wij we niet dat met voor zijn op ook was heb hebben mijn ons".split()),
    "Latin": frozenset(
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
        "et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip "
        "ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla "
        "pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit "
        "anim id est laborum".split()
    ),
}
# Neither list can be trusted on fewer words than this ("Bueno, gracias" is too short to tell).
MIN_LANGUAGE_WORDS = 6
# A language other than English is named when its function words are at least this
# share of the words and clearly more than English's.
MIN_FOREIGN_SHARE = 0.15


# _WORD on an ASCII text: its letters are a-z once lower-cased, so the same words, found
# 2x faster (a class of ranges against one of Unicode categories).
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    return _WORD.findall(text.lower().replace("\u2019", "'"))


words = _words  # the lower-cased words of a text, as every measure here counts them


def english_share(words: Sequence[str]) -> float:
    """Share of ``words`` that are common English function words."""
    return sum(map(ENGLISH.__contains__, words)) / len(words) if words else 0.0


# A keyword list: under this share of function words the answer is not sentences
# (prose has 35-55%). The keyword_stuffing rule's default; off_topic leaves such an
# answer to it.
LIST_FUNCTION_SHARE = 0.15


# Each foreign function word -> the languages it belongs to (built once: one dict look-up
# per word instead of one pass over the words per language).
_FOREIGN_WORD: dict[str, tuple[str, ...]] = {}
for _name, _vocab in FOREIGN.items():
    for _w in _vocab - ENGLISH:
        _FOREIGN_WORD[_w] = (*_FOREIGN_WORD.get(_w, ()), _name)
_BEYOND_LATIN = re.compile("[^\x00-\u024f]")


def language_of(text: str, words: Sequence[str] | None = None, english: float | None = None) -> str | None:
    """The name of the answer's language when it is clearly not English ("Spanish",
    "Latin", "a non-Latin script"), else None (English, or too short to tell).
    ``words``: the text's :func:`words`, when the caller has them already; ``english``:
    their :func:`english_share`, likewise (the engine reads it for keyword_stuffing too)."""
    if _BEYOND_LATIN.search(text):  # only then can most letters be outside the Latin script
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 20 and sum(c > "\u024f" for c in letters) > 0.5 * len(letters):
            return "a non-Latin script"
    if words is None:
        words = _words(text)
    if len(words) < MIN_LANGUAGE_WORDS:
        return None
    en = english_share(words) if english is None else english
    if en >= 0.4:
        return None  # a foreign share over 1.5 x 0.4 would leave more than all the words
    tally = dict.fromkeys(FOREIGN, 0)
    for w in words:
        for name in _FOREIGN_WORD.get(w, ()):
            tally[name] += 1
    best, most = None, 0
    for name, n in tally.items():  # FOREIGN's order breaks ties, as before
        if n > most:
            best, most = name, n
    share = most / len(words)
    if share >= MIN_FOREIGN_SHARE and share > 1.5 * en:
        return best
    return None


def language_note(language: str) -> str:
    """The not-judged reason for an answer in another language."""
    return (
        f"language: the answer reads as {language}, and icraft's rules read English "
        "(answer in English to be scored)"
    )


# -------------------------------------------------------------------------- talking points

# Words that say nothing about a topic: function words, question scaffolding and the
# interview's own vocabulary ("tell me about a time", "walk me through").
_GENERIC = ENGLISH | frozenset(
    """tell time describe give example walk through explain like um uh well okay yeah two me
    you'd you're what's how's your yours such each other own same both few again once only
    too really other way ways thing things something someone lot lots get got make made
    take took use used using would should could might must may shall let let's question questions
    answer more""".split()
)
STEM = 5  # prefix stems: "estimate", "estimated", "estimates" -> "estim"


class _StemOf(dict[str, str]):
    """word -> its content stem, or "" for a word that is no content (short, generic);
    filled on first sight of a word (a few thousand distinct words in a long session)."""

    def __missing__(self, word: str) -> str:
        if len(self) > 50_000:
            self.clear()
        stem = self[word] = word[:STEM] if len(word) >= 3 and word not in _GENERIC else ""
        return stem


_stem_of = _StemOf()


def stems(text: str) -> frozenset[str]:
    """Content stems of ``text``: words of 3+ letters that are not generic, cut to 5 letters."""
    return stems_of_words(_words(text))


def stems_of_words(words: Sequence[str]) -> frozenset[str]:
    """:func:`stems` of a text from its :func:`words`."""
    found = set(map(_stem_of.__getitem__, words))
    found.discard("")
    return frozenset(found)


@lru_cache(maxsize=4096)
def fixed_stems(text: str) -> frozenset[str]:
    """:func:`stems` of a text that recurs (a question, a talking point), cached."""
    return stems(text)


_ID = re.compile(r"\S*\d\S*")


@lru_cache(maxsize=1024)
def has_topic(question: str) -> bool:
    """Whether the question names something to be relevant to: a content word outside
    ids and numbers ("Tell me more." and "Question beh-t-001?" name nothing)."""
    return bool(fixed_stems(_ID.sub(" ", question)))


def _norm_question(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


@lru_cache(maxsize=1)
def _points_index() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Question text (normalised) -> its wording and talking points, from the bank's TOML
    files. Only ``text`` and ``talking_points`` are read here; the bank loader
    (``icraft.practice.bank``) validates the files. A lint looks questions up with
    :func:`_lookup`, which parses only the files that can hold them."""
    index: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    for path in _bank_files():
        index.update(_file_index(path))
    return index


def _bank_files() -> list[Path]:
    return sorted((drills_dir() / "questions").glob("*.toml"))


@lru_cache(maxsize=64)
def _file_index(path: Path) -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """One bank file's part of :func:`_points_index` ({} for a file that does not parse)."""
    index: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return index  # the bank loader reports a broken file; lint just has no points for it
    for q in data.get("question", []):
        if isinstance(q, dict) and isinstance(q.get("text"), str):
            points = tuple(p for p in q.get("talking_points", ()) if isinstance(p, str))
            skills = tuple(k for k in q.get("skills", ()) if isinstance(k, str))
            index[_norm_question(q["text"])] = (q["text"], points, skills)
    return index


@lru_cache(maxsize=1)
def _bank_texts() -> tuple[tuple[Path, str | None], ...]:
    """Each bank file with its raw text normalised as :func:`_norm_question` does, or None
    for a file whose values may not appear verbatim in it (an escape: a backslash)."""
    out = []
    for path in _bank_files():
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raw = "\\"  # unreadable here: left to _file_index, as before
        out.append((path, None if "\\" in raw else _norm_question(raw)))
    return tuple(out)


@lru_cache(maxsize=1024)
def _lookup(norm: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """``_points_index().get(norm)``, parsing only the bank files that can hold it: a
    value without escapes appears verbatim in its file, so a file whose normalised text
    does not contain ``norm`` holds no question with that text (parsing the six files
    took 50-60 ms of a cold lint; a bank question's own file is ~10 ms). The last file's
    entry wins, as in the index."""
    hit = None
    for path, text in _bank_texts():
        if text is None or norm in text:
            hit = _file_index(path).get(norm, hit)
    return hit


_SENTENCE_BREAK = re.compile(r"(?<=[.!?:])\s+")


@lru_cache(maxsize=1024)
def bank_question(question: str | None) -> str | None:
    """The bank's wording of ``question`` when it is a bank question, also behind what an
    interviewer says before it ("Thanks. Next question. Tell me about a time...", "I'd
    like to hear a different example: Tell me about...", as stored and exported by an
    interview), else None. So an answer exported from an
    interview and linted again is judged against the same question and talking points as
    in the interview."""
    if not question:
        return None
    parts = _SENTENCE_BREAK.split(question.strip())
    for k in range(len(parts)):
        hit = _lookup(_norm_question(" ".join(parts[k:])))
        if hit is not None:
            return hit[0]
    return None


def echoes(sentence: str | frozenset[str], question: str, share: float = 0.6) -> bool:
    """Whether ``sentence`` restates ``question``: it holds ``share`` of the question's
    content words (3 or more). "I had to say no to a request from a senior leader once."
    ``sentence``: its text or its :func:`stems`."""
    qs = fixed_stems(question)
    if len(qs) < 3:
        return False
    found = stems(sentence) if isinstance(sentence, str) else sentence
    return len(qs & found) >= share * len(qs)


def echoing(sentence_stems: Sequence[frozenset[str]], question: str, share: float = 0.6) -> set[int]:
    """The sentences (by index, from their :func:`stems`) that restate ``question``
    (:func:`echoes` of each, the question's stems read once)."""
    qs = fixed_stems(question)
    if len(qs) < 3:
        return set()
    need = share * len(qs)
    return {i for i, found in enumerate(sentence_stems) if len(qs & found) >= need}


def _content_words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in _words(text) if len(w) >= 3 and w not in _GENERIC))


@lru_cache(maxsize=64)  # off_topic reads it twice for an answer it flags (the decision, then the figure)
def aligned(question: str, answer: str) -> float | None:
    """How much of the question the answer speaks to, by meaning: each content word of the
    question meets its closest content word of the answer (cosine of their static word
    vectors: "say" meets "said", "leader" meets "VP", "request" meets "asked"), averaged.
    None without the embeddings.

    A specific story reads as only loosely like a generic behavioral question as a whole
    (a strong answer to "say no to a senior leader" had a cosine of 0.03 with it), so the
    whole-text measure alone called on-topic stories off topic; word by word the story
    still meets the question. off_topic needs both to be low (docs/SCORING.md section 10)."""
    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        return None
    qw, aw = _content_words(question), _content_words(answer)
    if not qw or not aw:
        return 0.0
    return float((e.embed(qw) @ e.embed(aw).T).max(axis=1).mean())


# The pure-Python estimate of aligned() is within ~3e-5 of it (float32 vectors and sums
# against float64): a threshold further than this from the estimate is decided by it.
ALIGNED_MARGIN = 1e-3


def aligned_at_least(question: str, answer: str, threshold: float) -> bool | None:
    """``aligned(question, answer) >= threshold`` (None without the embeddings), decided
    by a pure-Python estimate while numpy is not loaded yet (a cold lint: importing it
    cost 60-90 ms) and the estimate is clear of the threshold; by :func:`aligned` itself
    otherwise, so every decision is the one aligned() gives."""
    import sys

    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        return None
    estimate = None
    if "numpy" not in sys.modules:  # once it is loaded the exact figure costs less
        estimate = e.max_mean_estimate(_content_words(question), _content_words(answer))
    if estimate is not None and abs(estimate - threshold) > ALIGNED_MARGIN:
        return estimate >= threshold
    value = aligned(question, answer)
    return None if value is None else value >= threshold


def talking_points_for(question: str | None) -> tuple[str, ...]:
    """The talking points of a bank question asked with this wording (case, spacing and
    an interviewer's lead-in aside), else () (a question of the user's own has none)."""
    bank = bank_question(question)
    hit = None if bank is None else _lookup(_norm_question(bank))
    return () if hit is None else hit[1]


def skills_for(question: str | None) -> tuple[str, ...]:
    """The skills a bank question asked with this wording targets (its ``skills``), else ()
    (a question of the user's own, or one that lists none)."""
    bank = bank_question(question)
    hit = None if bank is None else _lookup(_norm_question(bank))
    return () if hit is None else hit[2]


@dataclass(frozen=True, slots=True)
class PointCoverage:
    """One talking point and the sentence (by index) that covers it, if any."""

    point: str
    sentence: int | None  # index into the answer's sentences; None = not covered
    by_meaning: bool = False  # covered by the sentence's meaning, no sentence holding its words

    @property
    def covered(self) -> bool:
        return self.sentence is not None


def needed(point_stems: frozenset[str]) -> int:
    """Content stems a sentence must share with a point to cover it: one of a short point
    ("the result"), a third of a longer one (two of "how you made your case with data,
    a prototype or a written proposal")."""
    return max(1, math.ceil(len(point_stems) / 3))


# A talking point no sentence covers by its words is covered by the sentence that meets it
# best by meaning, word by word (:func:`point_alignments`), when that reaches this
# (docs/SCORING.md section 10: chosen on tests/data/relevance, benchmarks/bench_points.py).
MIN_POINT_ALIGNED = 0.23


def cover(points: Sequence[str], sentences: Sequence[str],
          sentence_stems: Sequence[frozenset[str]] | None = None,
          sentence_words: Sequence[Sequence[str]] | None = None, by_meaning: bool = True) -> tuple[PointCoverage, ...]:
    """Which points the sentences cover: the sentence sharing the most content stems
    with the point, when it shares at least :func:`needed` of them; for a point no
    sentence covers so, the sentence whose content words meet the point's best by
    meaning (:func:`point_alignments`), when that reaches :data:`MIN_POINT_ALIGNED`.
    ``sentence_stems``, ``sentence_words``: the sentences' :func:`stems` and
    :func:`words`, when the caller has them already. ``by_meaning`` False: by words only
    (all :func:`covered_share` reads)."""
    if not points:
        return ()  # a question outside the bank: no sentence needs reading
    sent_stems = [stems(s) for s in sentences] if sentence_stems is None else sentence_stems
    out = []
    for p in points:
        ps = fixed_stems(p)
        best, best_n = None, 0
        for i, ss in enumerate(sent_stems):
            n = len(ps & ss)
            if n > best_n:
                best, best_n = i, n
        out.append(PointCoverage(p, best if ps and best_n >= needed(ps) else None))
    return by_meaning_too(tuple(out), sentences, sentence_words) if by_meaning else tuple(out)


def by_meaning_too(coverage: tuple[PointCoverage, ...], sentences: Sequence[str],
                   sentence_words: Sequence[Sequence[str]] | None = None) -> tuple[PointCoverage, ...]:
    """``coverage`` (by words) with each point it leaves uncovered covered by the sentence
    that meets it best by meaning, when that reaches :data:`MIN_POINT_ALIGNED`: the
    alignment runs only for those points, all of them in one pass (each word's vector
    cached per process)."""
    todo = [k for k, c in enumerate(coverage) if c.sentence is None and point_words(c.point)]
    if not sentences or not todo:
        return coverage
    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        return coverage  # without the embeddings: by words alone
    groups = _content_groups(sentences, sentence_words)
    figures = e.alignments_of([point_words(coverage[k].point) for k in todo], groups)
    out = list(coverage)
    for k, vals in zip(todo, figures):
        hit = _soft_sentence(coverage[k].point, groups, vals)
        if hit is not None:
            out[k] = PointCoverage(coverage[k].point, hit, True)
    return tuple(out)


# A talking point that asks for the story's result: it names a result, an outcome or an
# effect, or opens on "impact" ("the impact on your delivery"; "the incident and its impact
# on users" asks for the harm, the situation). One that asks for its lesson: "what you
# learned", a lesson or a takeaway ("how you learned it quickly" asks how, not what).
RESULT_POINT = frozenset("result results outcome outcomes effect".split())
_LESSON_POINT = re.compile(r"\bwhat you learned\b|\blessons?\b|\btakeaways?\b")


@lru_cache(maxsize=4096)
def point_asks(point: str) -> str | None:
    """"result" or "lesson" when the talking point asks for the story's result or lesson, else None."""
    words = point_words(point)
    if set(words) & RESULT_POINT or (words and words[0] == "impact"):
        return "result"
    return "lesson" if _LESSON_POINT.search(point.lower()) else None


def by_story_too(coverage: tuple[PointCoverage, ...], result: int | None,
                 lesson: int | None) -> tuple[PointCoverage, ...]:
    """``coverage`` with each uncovered point that asks for the story's result
    (:func:`point_asks`: "the result for the customer", "the impact on your delivery")
    covered by ``result``, the sentence of the story's last result clause, and each that
    asks for its lesson ("what you learned as a mentor") by ``lesson``, the first reflection's (as the story reader finds them:
    docs/SCORING.md section 7). Counted as covered not by words (``by_meaning``)."""
    out = list(coverage)
    for k, c in enumerate(out):
        if c.sentence is None:
            asks = point_asks(c.point)
            hit = result if asks == "result" else lesson if asks == "lesson" else None
            if hit is not None:
                out[k] = PointCoverage(c.point, hit, True)
    return tuple(out)


@lru_cache(maxsize=4096)
def point_words(point: str) -> tuple[str, ...]:
    """A talking point's content words (as :func:`_content_words`), cached per point."""
    return tuple(_content_words(point))


def _content_groups(sentences: Sequence[str], sentence_words: Sequence[Sequence[str]] | None) -> list[list[str]]:
    """Each sentence's distinct content words: 3+ letters, not generic (those with a stem)."""
    ws = [_words(s) for s in sentences] if sentence_words is None else sentence_words
    return [list(dict.fromkeys(filter(_stem_of.__getitem__, x))) for x in ws]


def point_alignments(point: str, groups: Sequence[Sequence[str]], exact: bool = False) -> list[float] | None:
    """For each sentence (its content words), how far it meets ``point`` by meaning: each
    content word of the point meets its closest word of the sentence (cosine of their
    static word vectors: "mitigated" meets "rolled"), averaged, as :func:`aligned` reads a
    question against an answer. None without the embeddings."""
    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        return None
    return e.alignments(point_words(point), groups, exact)


def _soft_sentence(point: str, groups: Sequence[Sequence[str]], vals: list[float] | None = None) -> int | None:
    """The first sentence meeting ``point`` best by meaning, when it reaches
    :data:`MIN_POINT_ALIGNED`; decided on exact figures near the threshold or a tie, so
    every process decides the same. ``vals``: :func:`point_alignments`, when computed."""
    from icraft.nlp.embed import ALIGNMENT_MARGIN

    if vals is None:
        vals = point_alignments(point, groups)
    if not vals:
        return None
    top = max(vals)
    if top < MIN_POINT_ALIGNED - ALIGNMENT_MARGIN:
        return None
    near = [i for i, v in enumerate(vals) if v >= top - ALIGNMENT_MARGIN]
    if abs(top - MIN_POINT_ALIGNED) <= ALIGNMENT_MARGIN or len({vals[i] for i in near}) > 1:
        # Equal figures come from the same dot products (equal in every process); only
        # near-equal ones and a figure at the threshold are computed exactly.
        exact = point_alignments(point, [groups[i] for i in near], exact=True) or [vals[i] for i in near]
        top = max(exact)
        return near[exact.index(top)] if top >= MIN_POINT_ALIGNED else None
    return vals.index(top) if top >= MIN_POINT_ALIGNED else None


# ------------------------------------------------------------------------------- relevance

# Which answer shapes fit which question types (1 = the expected shape, 0 = another
# kind of answer altogether). A technical question is often answered with a design or
# with code; a story never answers a design question.
_FIT: dict[str, dict[str, float]] = {
    "general": {"general": 1.0, "behavioral": 0.6, "technical": 0.3},
    "behavioral": {"behavioral": 1.0},
    "system-design": {"system-design": 1.0, "technical": 0.6, "coding-discussion": 0.4},
    "coding-discussion": {"coding-discussion": 1.0, "technical": 0.6, "system-design": 0.4},
    "technical": {"technical": 1.0, "system-design": 0.8, "coding-discussion": 0.8, "behavioral": 0.3},
    "negotiation": {"negotiation": 1.0},
}
# Weights of the terms (tuned on the calibration answers and rule fixtures paired with
# the bank's other questions: benchmarks/bench_relevance.py, docs/SCORING.md section 10).
W_SHAPE = 0.10
W_WORDS = 0.30
W_POINTS = 0.40


@dataclass(frozen=True, slots=True)
class Relevance:
    """How well an answer fits its question::

        score = similarity + W_SHAPE x shape + W_WORDS x words + W_POINTS x (points - 1/2)

    the last term only for a question with talking points. The off_topic rule compares
    ``score`` with its threshold."""

    score: float
    similarity: float  # cosine of the answer's and the question's mean word vectors, -1..1
    shape: float  # 0..1, the answer's kind against the question's type
    words: float  # 0..1, share of the question's content stems the answer uses
    points: float | None  # 0..1, share of the talking points covered; None: the question has none

    def to_dict(self) -> dict[str, float | None]:
        return {k: None if getattr(self, k) is None else round(getattr(self, k), 3)
                for k in ("score", "similarity", "shape", "words", "points")}


def similarity(answer: str, question: str, estimate: bool = False) -> float | None:
    """Cosine of the answer's and the question's mean word vectors (the question's
    vector cached per question text); None when the embeddings are not installed (the
    caller then judges on words, shape and talking points alone). ``estimate``: within
    :data:`ESTIMATE_MARGIN` of it, cheaper (``Embedder.cosine_estimate``), for a
    decision taken only when it is clear of its threshold by more than that."""
    from icraft.nlp import embed

    e = embed.embedder()
    if e is None:
        return None
    return e.cosine_estimate(answer, question) if estimate else e.cosine(answer, question)


# How far a relevance score computed from an estimated similarity (similarity(...,
# estimate=True)) may be from the exact one: the estimate's own error bound (the terms
# added to it are the same floats either way).
ESTIMATE_MARGIN = 1e-9


def shape_fit(question_type: str, answer_shape: str) -> float:
    return _FIT.get(question_type, {}).get(answer_shape, 0.0)


def relevance(answer: str, question: str, question_type: str, answer_shape: str,
              points_covered: float | None = None) -> Relevance:
    """The relevance of ``answer`` to ``question`` (see :class:`Relevance`);
    ``points_covered`` is the share of the question's talking points the answer covers
    (:func:`cover`), None for a question without talking points."""
    sim, words = terms(answer, question)
    return combine(sim, words, points_covered, shape_fit(question_type, answer_shape))


def terms(answer: str, question: str, answer_stems: frozenset[str] | None = None,
          estimate: bool = False) -> tuple[float | None, float]:
    """The similarity (None without the embeddings; ``estimate``: see :func:`similarity`)
    and the share of the question's content words the answer uses: the terms that do not
    depend on the answer's shape. ``answer_stems``: the answer's :func:`stems`, when the
    caller has them already."""
    if not fixed_stems(question):
        return similarity(answer, question, estimate), 0.0
    found = stems(answer) if answer_stems is None else answer_stems
    return similarity(answer, question, estimate), word_share(question, found)


def word_share(question: str, answer_stems: frozenset[str]) -> float:
    """The share of the question's content stems among the answer's (0.0 for a question without any)."""
    qs = fixed_stems(question)
    return len(qs & answer_stems) / len(qs) if qs else 0.0


def similarity_positive(answer: str, question: str) -> bool:
    """Whether :func:`similarity` is surely above 0 (``Embedder.cosine_positive``: from
    per-word figures, without the answer's vector); False when not shown or without the
    embeddings."""
    from icraft.nlp import embed

    e = embed.embedder()
    return e is not None and e.cosine_positive(answer, question)


def clears(answer: str, question: str, floor: float, words: float, points_covered: float | None) -> bool:
    """Whether the relevance score of ``answer`` is surely at or over ``floor`` whatever
    its shape (its term only adds), decided without the exact similarity: its sign when
    the other terms reach the floor on their own (rounding is monotonic, so a positive
    similarity only raises the sum), else its estimate, clear of the floor by more than
    :data:`ESTIMATE_MARGIN`. False: compute :func:`relevance` (the same decision then,
    exactly). ``words``: :func:`word_share`; ``points_covered``: :func:`covered_share`."""
    if partial_score(0.0, words, points_covered) >= floor and similarity_positive(answer, question):
        return True
    sim = similarity(answer, question, estimate=True)
    return partial_score(sim, words, points_covered) >= floor + ESTIMATE_MARGIN


def partial_score(sim: float | None, words: float, points_covered: float | None) -> float:
    """The score without its shape term: a lower bound of :attr:`Relevance.score`
    (the shape term only adds), so an answer at or over a threshold here passes it
    whatever its shape, and the shape need not be read."""
    score = (sim or 0.0) + W_WORDS * words
    if points_covered is not None:
        score += W_POINTS * (points_covered - 0.5)
    return score


def combine(sim: float | None, words: float, points_covered: float | None, shape: float) -> Relevance:
    score = partial_score(sim, words, points_covered) + W_SHAPE * shape
    return Relevance(score, sim or 0.0, shape, words, points_covered)


def covered_share(coverage: Sequence[PointCoverage]) -> float | None:
    """The relevance score's share of talking points covered: by a sentence holding the
    point's words. A point covered only by meaning counts for depth and the report, not
    here: counting it lowered the relevance AUC (0.950 -> 0.918, docs/SCORING.md section 10)."""
    return sum(c.sentence is not None and not c.by_meaning for c in coverage) / len(coverage) if coverage else None


def sentence_texts(text: str, sentences: Sequence["Segment"]) -> list[str]:
    return [text[s.char_start : s.char_end] for s in sentences]
