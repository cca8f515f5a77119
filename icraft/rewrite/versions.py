"""Three better versions of an answer, built by code from the candidate's own sentences.

- **minimal**: the smallest edits that fix the cheapest findings (drop fillers and
  hedges, and in a negotiation the concessions; a placeholder asking for the
  candidate's own part where only "we" acts, for the result and for its number).
- **medium** (a restructure): the minimal patch, then restructured: run-on sentences
  split, a story's sentences that tell two STAR parts split into one part per sentence
  and put into STAR order (an opening outcome with its figure stays first), the answer
  first for a design or a negotiation, and for a story only when its opening buried the
  point (``no_answer_first`` fired). It never moves what the ideal would move back.
- **ideal** (a model answer): the medium rewrite, its words and order unchanged, with a
  placeholder for every missing piece (result, metric, decision, trade-off, lesson, ...)
  inside the part it belongs to, never an invented fact and never a placeholder for a
  part the answer already tells.

An answer on which no rule fires gets no versions at all (``Versions.nothing_to_fix``):
three "+0" rewrites of a strong answer would only add noise.

Each version is built by *climbing*: every step is applied, the text re-linted by
the same engine, and the step kept only if the overall score does not drop; a step
that would lower it is reported in ``skipped`` with the score it would have had.
Each version starts from the one before it, so ``ideal >= medium >= minimal >=
original`` holds by construction, and the tests check it on the calibration set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from icraft.core.errors import IcraftError
from icraft.core.findings import AnswerResult
from icraft.rewrite import placeholders as ph
from icraft.rubric import lexicon as lx
from icraft.rubric.questions import is_followup
from icraft.rewrite import star
from icraft.rewrite.diff import Chunk, word_diff
from icraft.rewrite.facts import new_facts
from icraft.rewrite.fixers import MEDIUM, MINIMAL, fixer, steps_for
from icraft.rewrite.gains import Delta, Relinter, compare
from icraft.rewrite.text import (
    Edit,
    and_cuts,
    append_clause,
    capitalize_first,
    cut_at,
    drop_concessions,
    drop_fillers,
    drop_hedges,
    drop_preamble,
    ensure_terminal,
    join_sentences,
    split_run_on,
    split_sentences,
    strip_connective,
    strip_placeholders,
    team_action_end,
)

if TYPE_CHECKING:
    from icraft.core.transcript import Turn

IDEAL = "ideal"
TITLES = {MINIMAL: "minimal patch", MEDIUM: "medium rewrite", IDEAL: "ideal answer"}
# What kind of version each is: they differ in kind, and each builds on the one before.
KINDS = {MINIMAL: "patch", MEDIUM: "restructure", IDEAL: "model answer"}

Step = tuple[str, Callable[[str], tuple[str, list[Edit]]]]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A step that was tried and dropped because re-linting scored it lower."""

    step: str
    would_score: int
    score: int
    new_rules: tuple[str, ...]
    once_filled: bool = False  # the scores are those once the placeholders are filled

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "would_score": self.would_score, "score": self.score,
                "new_rules": list(self.new_rules), "once_filled": self.once_filled}


@dataclass(frozen=True, slots=True)
class Pending:
    """A rule the version still fails that filling a placeholder really fixes.

    Claimed only when re-linting the version with that placeholder replaced by its
    neutral example (:func:`icraft.rewrite.placeholders.fill`) passes the rule; a rule
    whose evidence lies elsewhere in the text ("a lot of problems" two sentences away
    from ``[metric]``) still fails then and is not claimed. When only filling all
    placeholders together passes it, ``placeholder`` names them all ("situation, task").
    ``points`` is the rule's cost in the version (scored without its findings, see
    :mod:`icraft.rewrite.gains`), the same measure as every other per-rule gain.
    """

    placeholder: str  # label, e.g. "metric", or "situation, task" for a joint fill
    rule_id: str
    points: int

    def to_dict(self) -> dict[str, Any]:
        return {"placeholder": self.placeholder, "rule_id": self.rule_id, "points": self.points}


@dataclass(frozen=True, slots=True)
class Version:
    name: str
    text: str
    edits: tuple[Edit, ...]
    result: AnswerResult
    delta: Delta
    placeholders: tuple[ph.Placeholder, ...]
    pending: tuple[Pending, ...]
    score_when_filled: int
    filled_example: str  # the text score_when_filled was linted on (examples, not facts)
    skipped: tuple[Skipped, ...]
    diff: tuple[Chunk, ...]

    @property
    def title(self) -> str:
        return TITLES[self.name]

    @property
    def score(self) -> int:
        return self.result.score.overall

    @property
    def kind(self) -> str:
        return KINDS[self.name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "text": self.text,
            "score": self.result.score.to_dict(),
            "gain": self.delta.overall,
            "category_gains": self.delta.categories,
            "rules_fixed": self.delta.fixed,
            "rules_new": self.delta.new,
            "rules": [r.to_dict() for r in self.delta.rules],
            "residual": self.delta.residual,
            "edits": [e.to_dict() for e in self.edits],
            "placeholders": [p.to_dict() for p in self.placeholders],
            "pending": [p.to_dict() for p in self.pending],
            "score_when_filled": self.score_when_filled,
            "filled_example": self.filled_example,
            "skipped": [s.to_dict() for s in self.skipped],
            "diff": [c.to_dict() for c in self.diff],
            "findings": [f.rule_id for f in self.result.findings if f.measurable],
        }


@dataclass(frozen=True, slots=True)
class Versions:
    original: str
    question: str | None
    question_type: str
    baseline: AnswerResult  # the original re-linted as text, the base of every gain
    versions: tuple[Version, ...]
    notes: tuple[str, ...] = ()
    source: str = "rules"  # "rules" (built by code) or an LLM id

    def get(self, name: str) -> Version:
        return next(v for v in self.versions if v.name == name)

    @property
    def nothing_to_fix(self) -> bool:
        """No rule fired on the original: there are no versions to show."""
        return not self.versions

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "question_type": self.question_type,
            "original": self.original,
            "original_score": self.baseline.score.to_dict(),
            "original_findings": [f.rule_id for f in self.baseline.findings if f.measurable],
            "rubric_version": self.baseline.score.rubric_version,
            "written_by": self.source,
            "notes": list(self.notes),
            "nothing_to_fix": self.nothing_to_fix,
            "versions": [v.to_dict() | ({"parts": story_parts(v.text)} if self.question_type == "behavioral" else {})
                         for v in self.versions],
        }


def story_parts(text: str) -> list[dict[str, Any]]:
    """A story's STAR parts as a version tells them: for each part, whether the
    candidate's own words tell it (the engine's clause classifier) and the placeholders
    that ask for more of it. What the model answer's "parts:" line shows."""
    told = _told_parts(text)
    asks: dict[str, list[str]] = {role: [] for role in star.ORDER}
    for p in dict.fromkeys(ph.found_in(text)):
        asks.setdefault(p.star_role, []).append(p.label)
    return [{"part": role, "told": role in told, "asks": asks[role]} for role in star.ORDER
            if role in told or asks[role]]


# -- steps --------------------------------------------------------------------------------


def _per_sentence(fn: Callable[..., tuple[str, list[Edit]]]) -> Callable[..., tuple[str, list[Edit]]]:
    def run(text: str, *args: Any) -> tuple[str, list[Edit]]:
        out, edits = [], []
        for s in split_sentences(text):
            new, e = fn(s, *args)
            out.append(new)
            edits.extend(e)
        return join_sentences(out), edits

    return run


_drop_fillers = _per_sentence(drop_fillers)
_drop_hedges = _per_sentence(drop_hedges)
_split_run_ons = _per_sentence(lambda s, rule: split_run_on(s, rule=rule))


def _moved_indices(order: Sequence[int]) -> set[int]:
    """Indices not in the longest increasing run of ``order``: the sentences that moved."""
    n = len(order)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if order[j] < order[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    k = max(range(n), key=lambda i: best[i])
    keep = set()
    while k != -1:
        keep.add(order[k])
        k = prev[k]
    return set(order) - keep


# -- fixers: the edits that fix one rule (rewrite/fixers.py); run in the order registered --------


@fixer("no_answer_first", version=MINIMAL, step="drop the preamble", every_type=True)
def _drop_preamble(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return drop_preamble(text, rule)


@fixer("filler_spike", version=MINIMAL, step="drop fillers", every_type=True)
def _drop_fillers_fix(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return _drop_fillers(text, rule)


@fixer("hedging", version=MINIMAL, step="drop hedges", every_type=True)
def _drop_hedges_fix(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return _drop_hedges(text, rule)


@fixer("early_concession", version=MINIMAL, step="drop concessions", when_fired=True)
def _drop_concessions(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return drop_concessions(text, rule)


@fixer("rambling", version=MEDIUM, step="split run-on sentences", every_type=True)
def _split_run_ons_fix(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return _split_run_ons(text, rule)


@fixer("no_star_structure", version=MEDIUM, step="one STAR part per sentence")
def _split_parts(text: str, question_type: str = "", *, rule: str | None = None) -> tuple[str, list[Edit]]:
    """A sentence that tells two STAR parts joined by "and" becomes two sentences ("We
    added a cache and things got better." -> "We added a cache. Things got better."), so
    each part can stand in its place and the result stands out."""
    out: list[str] = []
    edits: list[Edit] = []
    for sent in split_sentences(text):
        rest = sent
        while True:
            for i in and_cuts(rest):
                head, tail = cut_at(rest, i)
                a, b = star.cued_roles([head, tail])
                if star.OTHER not in (a, b) and a != b:
                    edits.append(Edit("split_part", rest, f"{head} {tail}",
                                      f"one STAR part per sentence: the {a} and the {b} apart", rule))
                    out.append(head)
                    rest = tail
                    break
            else:
                out.append(rest)
                break
    return (join_sentences(out), edits) if edits else (text, [])


@fixer("no_star_structure", version=MEDIUM, step="STAR order")
def _star_reorder(text: str, question_type: str = "", *, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Sentences into STAR order. A story that opens with its outcome and its figure keeps
    it first (the candidate's own headline: "In the end the migration finished two weeks
    early and we cut hosting costs by 30%. At my last company...")."""
    sents = split_sentences(text)
    rs = star.roles(sents)
    headline = (len(sents) > 2 and star.cued_roles(sents[:1]) == [star.RESULT] and star.ACTION in rs[1:]
                and bool(lx.METRIC.search(strip_placeholders(sents[0]).lower())))
    keep = 1 if headline else 0
    order = list(range(keep)) + [keep + i for i in star.star_order(sents[keep:])]
    if order == sorted(order):
        return text, []
    moved = _moved_indices(order)
    edits = [
        Edit("reorder", sents[i], f"moved into the {rs[i]} part", "STAR order: situation, task, action, result",
             rule)
        for i in sorted(moved)
    ]
    out = [capitalize_first(ensure_terminal(sents[i])) for i in order]
    if keep:
        out[0], dropped = strip_connective(out[0])
        if dropped:
            edits.append(Edit("drop_connective", dropped, "", "nothing to connect to at the opening"))
    return join_sentences(out), edits


def _answer_first(question_type: str, rule: str | None = None) -> Callable[[str], tuple[str, list[Edit]]]:
    """Open with the answer: the outcome of a story (a result told after the actions,
    never a worry or context sentence), the recommendation of a design, the counter of
    a negotiation; when the answer has none, the placeholder that asks for it."""

    def run(text: str) -> tuple[str, list[Edit]]:
        sents = split_sentences(text)
        i = star.headline_index(sents, question_type)
        if i is None and question_type == "behavioral":
            i = next((k for k, s in enumerate(sents) if s.strip() == ph.RESULT.text), None)
        if i is None or i == 0:
            return text, []
        what = "outcome" if question_type == "behavioral" else "recommendation"
        head, dropped = strip_connective(sents[i])
        edits = [Edit("answer_first", sents[i], "moved to the opening",
                      f"answer first: open with the {what} so the interviewer knows where you are going",
                      rule)]
        if dropped:
            edits.append(Edit("drop_connective", dropped, "", "nothing to connect to at the opening"))
        rest = [s for k, s in enumerate(sents) if k != i]
        return join_sentences([capitalize_first(ensure_terminal(head)), *rest]), edits

    return run


@fixer("no_answer_first", version=MEDIUM, step="answer first")
def _answer_first_fix(text: str, question_type: str, *, rule: str) -> tuple[str, list[Edit]]:
    return _answer_first(question_type, rule)(text)


@fixer("no_ownership", version=MINIMAL, step="add [your part]", when_fired=True)
def _your_part(text: str, question_type: str = "", *, rule: str | None = None) -> tuple[str, list[Edit]]:
    """Ask for the candidate's own part in a sentence of its own after the sentence where
    the team acts ("We decided to rewrite it. [your part: what did you do yourself?]"),
    never inside it ("We looked at the dashboards [your part...] and found..." split one
    clause in two). "We" is never turned into "I": only the candidate knows which of the
    team's actions were theirs."""
    if ph.YOUR_PART.text in text:
        return text, []
    sents = split_sentences(text)
    for i, sent in enumerate(sents):
        if team_action_end(sent) is not None:
            sents[i] = ensure_terminal(sent)
            sents.insert(i + 1, ph.YOUR_PART.text)
            return join_sentences(sents), [Edit(
                "placeholder", "", ph.YOUR_PART.text,
                "only 'we' acts here: say what you did yourself (icraft cannot know which part was yours)",
                rule)]
    return text, []


@fixer("weak_anchor", version=MEDIUM, step="answer first")
def _counter_first(text: str, question_type: str = "", *, rule: str | None = None) -> tuple[str, list[Edit]]:
    """A negotiation answer opens with the candidate's number (after a thank-you, if the
    answer starts with one): the placeholder for it, since only they know it."""
    if ph.ANCHOR.text in text:
        return text, []
    sents = split_sentences(text)
    pos = 1 if sents and re.match(r"(?i)\W*(thank|thanks|i appreciate)", sents[0]) else 0
    sents.insert(pos, ph.ANCHOR.text)
    return join_sentences(sents), [Edit("placeholder", "", ph.ANCHOR.text,
                                        "counter with your number before anything else", rule)]


def _insert_placeholder(p: ph.Placeholder, rule: str | None,
                        question_type: str = "behavioral") -> Callable[[str], tuple[str, list[Edit]]]:
    """Put ``p`` where its content belongs: a metric inside the result sentence, the
    others as their own sentence after the last sentence of their STAR role. An answer
    that is not a story has no STAR roles: what sets the scene (an assumption, an
    estimate) goes right after its opening recommendation (or first), the rest last."""

    def run(text: str) -> tuple[str, list[Edit]]:
        if p.text in text:
            return text, []
        sents = split_sentences(text)
        reason = f"missing {p.label}: fill it with what really happened"
        rs = star.roles(sents) if sents else []
        if p is ph.NUMBER:
            # the figure a vague quantity stands for, in the sentence that says it (where the
            # linter looks for it), whatever the question type
            idx = next((i for i, s in enumerate(sents) if "[" not in s and lx.VAGUE_QUANTITY.search(s.lower())
                        and not lx.METRIC.search(s.lower())), None)
            if idx is None:
                return text, []
            sents[idx] = append_clause(sents[idx], p.text)
            return join_sentences(sents), [Edit("placeholder", "", p.text,
                                                "a vague quantity: give the number it stands for", rule)]
        if p is ph.EXAMPLE:
            # right after the claim about yourself it backs ("I'm a hard worker."), where the
            # linter looks for it, not at the end of a long answer
            claims = [i for i, s in enumerate(sents) if lx.TRAIT_CLAIM.search(strip_placeholders(s).lower())]
            if claims:
                sents.insert(claims[0] + 1, p.text)
                return join_sentences(sents), [Edit("placeholder", "", p.text, reason, rule)]
        if p is ph.METRIC:
            # the last sentence that tells a result, even in a clause ("We added a cache and
            # things got better."), else the last one read as the result
            told = [i for i in star.telling(sents, star.RESULT) if not sents[i].startswith("[")]
            read_as = [i for i, r in enumerate(rs) if r == star.RESULT]
            idx = told[-1] if told else (read_as[-1] if read_as else None)
            if idx is not None and not sents[idx].startswith("["):
                if ph.NUMBER.text in sents[idx]:
                    return text, []  # its number is asked for there already
                sents[idx] = append_clause(sents[idx], p.text)  # "it went fine, [metric: by how much?]."
                return join_sentences(sents), [Edit("placeholder", "", p.text, reason, rule)]
        if question_type != "behavioral":
            pos = len(sents)
            if p.star_role == star.SITUATION:
                pos = 1 if star.headline_index(sents, question_type) == 0 else 0
            sents.insert(pos, p.text)
            return join_sentences(sents), [Edit("placeholder", "", p.text, reason, rule)]
        rank = star.ORDER.index(p.star_role)
        pos = 0
        for i, r in enumerate(rs):
            if star.ORDER.index(r) <= rank:
                pos = i + 1
        if rs and rs[0] == star.RESULT and p.star_role != star.RESULT:
            pos = max(pos, 1)  # the outcome was moved to the opening: keep it there
        sents.insert(pos, p.text)
        return join_sentences(sents), [Edit("placeholder", "", p.text, reason, rule)]

    return run


# Content cues for "complete": the lint engine's own lexicon, so "missing" means what
# the linter would look for.
_HAS = {"metric": lx.METRIC, "decision": lx.REASONING, "trade-off": lx.TRADEOFF}


_STAR_PARTS = (ph.SITUATION, ph.TASK, ph.ACTION, ph.RESULT, ph.LESSON)


def _told_parts(*texts: str) -> set[str]:
    """The STAR parts the classifier finds in any of ``texts`` (placeholders removed):
    a version never asks for a part the answer already tells, whichever rule fired."""
    out: set[str] = set()
    for text in texts:
        sents = split_sentences(strip_placeholders(text))
        out.update(role for role in star.ORDER if star.has_role(sents, role))
    return out


def _missing_content(text: str, question_type: str, parts: set[str],
                     fired: frozenset[str] | set[str] = frozenset()) -> list[ph.Placeholder]:
    """The placeholders a complete answer of ``question_type`` would fill in ``text``.

    ``parts`` are the STAR parts told (:func:`_told_parts` of ``text`` and of the answer
    in the candidate's own order: an outcome moved to the opening reads as context there,
    but it is still the result). Situation, task and action are asked
    for only when the linter's ``no_star_structure`` fired: the classifier's cues are
    narrower than the rule ("I was the backend lead" is a task), and asking for a part
    the answer already tells is noise."""
    out: list[ph.Placeholder] = []
    if question_type == "behavioral" and "no_star_structure" in fired:
        for role, p in ((star.SITUATION, ph.SITUATION), (star.TASK, ph.TASK), (star.ACTION, ph.ACTION)):
            if role not in parts:
                out.append(p)
    if star.RESULT not in parts and question_type in ("behavioral", "technical"):
        out.append(ph.RESULT)
    lower = text.lower()
    # A number is content in a story (the result) and a design (the estimate); a coding
    # walkthrough or a negotiation is not missing "requests per second".
    if not _HAS["metric"].search(lower) and question_type in ("behavioral", "system-design"):
        out.append(ph.metric_for(question_type))
    if question_type == "general":
        # A general answer is complete with its claims backed, not with a design decision.
        if not (_HAS["metric"].search(lower) or lx.EXAMPLE.search(lower)):
            out.append(ph.EXAMPLE)
        return out
    if not _HAS["decision"].search(lower) and question_type != "negotiation":
        out.append(ph.DECISION)
    if not _HAS["trade-off"].search(lower) and question_type != "negotiation":
        out.append(ph.TRADEOFF)
    if question_type == "behavioral" and star.LESSON not in parts:
        out.append(ph.LESSON)
    return out


# -- building ---------------------------------------------------------------------------


def _climb(
    relint: Relinter, text: str, steps: Sequence[Step]
) -> tuple[str, list[Edit], list[Skipped]]:
    edits: list[Edit] = []
    skipped: list[Skipped] = []
    cur = relint(text)
    cur_filled = relint(ph.fill(text)) if ph.found_in(text) else cur
    for name, fn in steps:
        new_text, new_edits = fn(text)
        if not new_edits or new_text == text:
            continue
        res = relint(new_text)
        # nor once filled: a split that parts "a lot" from the [number] asked for it keeps
        # the score as written and loses it once the number is there
        filled = relint(ph.fill(new_text)) if ph.found_in(new_text) else res
        if res.score.overall >= cur.score.overall and filled.score.overall >= cur_filled.score.overall:
            text, cur, cur_filled = new_text, res, filled
            edits.extend(new_edits)
        elif res.score.overall < cur.score.overall:
            introduced = tuple(sorted(relint.fired(res) - relint.fired(cur)))
            skipped.append(Skipped(name, res.score.overall, cur.score.overall, introduced))
        else:
            introduced = tuple(sorted(relint.fired(filled) - relint.fired(cur_filled)))
            skipped.append(Skipped(name, filled.score.overall, cur_filled.score.overall, introduced,
                                   once_filled=True))
    return text, edits, skipped


# Where a sentence ends, in the text the engine reads (placeholders removed).
_SENTENCE_BREAK = re.compile(r"[.!?]\s")


def _evidence_at(result: AnswerResult, rule: str, text: str, marks: Sequence[ph.Placeholder]) -> bool:
    """Whether filling ``p`` can be what fixes ``rule``: a finding that quotes the
    phrases at fault (``detail["phrases"]``: "a lot", "significantly") is fixed only
    where those phrases are, so every one must sit in the sentence the placeholder ends
    ("went down a lot, [metric]."), where the linter looks for their number; a finding
    about something *missing* (no metric, no lesson) points at where it belongs and any
    placeholder for it may fix it."""
    findings = [f for f in result.findings if f.rule_id == rule and f.measurable]
    if not any(f.detail.get("phrases") for f in findings):
        return True
    linted = strip_placeholders(text)
    sentences = []
    for p in marks:
        # its offset in the text linted, before the comma that sets it off
        pos = len(strip_placeholders(text[: text.find(p.text)]).rstrip(" ,;:"))
        sentences.append((max((m.end() for m in _SENTENCE_BREAK.finditer(linted, 0, pos)), default=0), pos))
    # a quote may end in the full stop the removed placeholder stood before ("a lot.")
    return all(any(a <= span.char_start and span.char_start + len(span.quote.rstrip(".,;:!?")) <= b
                   for a, b in sentences)
               for f in findings for span in f.spans)


def _pending(relint: Relinter, text: str) -> tuple[list[Pending], int, str]:
    """Placeholder-dependent gains of ``text``, its score once every placeholder is
    filled, and the filled text that score is the lint of.

    Each placeholder is filled alone with its example and the text re-linted: a rule it
    stands for that then passes is pending on it. A rule that passes only when all are
    filled together is pending on all of them. Nothing is claimed from the rule lists
    alone: filling ``[metric]`` does not fix "a lot of work" in another sentence.
    """
    result = relint(text)
    fired = relint.fired(result)
    marks = [ph.bind(p, relint.rubric) for p in dict.fromkeys(ph.found_in(text))]
    if not marks:
        return [], result.score.overall, text
    out: list[Pending] = []
    claimed: set[str] = set()
    for p in marks:
        wanted = [r for r in p.rules if r in fired and r not in claimed]
        if not wanted:
            continue
        passes = fired - relint.fired(relint(ph.fill(text, p)))
        for rule in wanted:
            if rule in passes and _evidence_at(result, rule, text, [p]):
                claimed.add(rule)
                out.append(Pending(p.label, rule, relint.cost(text, rule)))
    filled = ph.fill(text)
    all_filled = relint(filled)
    jointly = fired - relint.fired(all_filled) - claimed
    for rule in sorted(jointly):
        for_it = [p for p in marks if rule in p.rules]
        if for_it and len(for_it) < len(marks):  # it may pass only through another's example
            alone = text
            for p in for_it:
                alone = ph.fill(alone, p)
            if rule in relint.fired(relint(alone)):
                continue
        if for_it and _evidence_at(result, rule, text, for_it):
            labels = [p.label for p in for_it]
            out.append(Pending(", ".join(labels), rule, relint.cost(text, rule)))
    return out, all_filled.score.overall, filled


def make_version(
    relint: Relinter, original: str, name: str, text: str, edits: Sequence[Edit], skipped: Sequence[Skipped] = ()
) -> Version:
    """Re-lint ``text`` and measure everything a version reports; refuse invented facts."""
    invented = new_facts(original, text)
    if invented:  # a bug in a step (or a model's invention): never shown as "better"
        raise IcraftError(f"the {name} version added facts not in the answer: {', '.join(invented)}")
    pending, filled, filled_text = _pending(relint, text)
    return Version(
        name=name,
        text=text,
        edits=tuple(edits),
        result=relint(text),
        delta=compare(relint, original, text),
        placeholders=tuple(ph.bind(p, relint.rubric) for p in dict.fromkeys(ph.found_in(text))),
        pending=tuple(pending),
        score_when_filled=filled,
        filled_example=filled_text,
        skipped=tuple(skipped),
        diff=tuple(word_diff(original, text)),
    )


def _recorded(result: AnswerResult) -> str:
    """Why the recorded lint of an answer differs from its re-lint as text: timing rules, or
    (an interview's export, docs/FORMATS.md) it was not scored there, or judged only by
    the rules its follow-up checks."""
    from icraft.rubric.scoring import not_judged_reason

    reason = not_judged_reason(result)
    if reason is not None:
        return f"the recorded lint did not judge it ({reason})"
    if result.delivery is not None and result.delivery.measurable:
        return f"the recorded lint scored {result.score.overall} with timing rules"
    return f"the recorded lint scored {result.score.overall} on {', '.join(result.judged)} only"


def build_versions(
    answer: str | Turn,
    result: AnswerResult,
    *,
    question: str | None = None,
    question_type: str | None = None,
    rubric: Any = None,
    relint: Relinter | None = None,
) -> Versions:
    """Build, re-lint and verify the three versions of ``answer``.

    ``result`` is the original's lint result: it fixes the question type (a rewrite is
    judged by the same rules). Gains are measured against the original re-linted as
    plain text, because the versions are plain text: timing rules that only a recording
    can measure would otherwise show up as gains.
    """
    original = answer if isinstance(answer, str) else answer.text
    original = " ".join(original.split())
    qtype = question_type or result.question_type
    if relint is None:
        relint = Relinter(question=question if question is not None else result.question, question_type=qtype,
                          rubric=rubric)
    base = relint(original)
    fired = relint.fired(base)
    notes: list[str] = []
    if base.score.overall != result.score.overall:
        notes.append(f"gains are measured against the answer re-linted as text ({base.score.overall}); "
                     + _recorded(result))
    if not fired:  # nothing to fix: no versions rather than three "+0" rewrites
        return Versions(original=original, question=relint.question, question_type=qtype, baseline=base,
                        versions=(), notes=tuple(notes))

    minimal_steps = steps_for(MINIMAL, relint.rubric, qtype, fired)
    # The cheapest content fixes: say how it ended, and by how much (the minimal
    # placeholders), for the rules that fired, the rule with the lower priority first.
    added: set[str] = set()
    asks: list[tuple[ph.Placeholder, str]] = []
    for rule in relint.rubric.by_priority():
        for p in ph.for_rule(rule.id, qtype, relint.rubric):
            if p.minimal and rule.id in fired and p.label not in added:
                added.add(p.label)
                asks.append((p, rule.id))
    # the result's "by how much?" before a vague quantity's number: where both would go into
    # the result sentence, the metric asks it
    for p, rule_id in sorted(asks, key=lambda a: a[0] is ph.NUMBER):
        minimal_steps.append((f"add [{p.label}]", _insert_placeholder(p, rule_id, qtype)))
    mtext, medits, mskip = _climb(relint, original, minimal_steps)
    minimal = make_version(relint, original, MINIMAL, mtext, medits, mskip)

    medium_steps = steps_for(MEDIUM, relint.rubric, qtype, fired)
    if qtype == "behavioral" and "no_answer_first" not in fired:
        # A story is told in STAR order; its outcome goes first only when the opening buried
        # the point. Moving it there regardless made the model answer move it back (a trial).
        medium_steps = [s for s in medium_steps if s[0] != "answer first"]
    dtext, dedits, dskip = _climb(relint, mtext, medium_steps)
    medium = make_version(relint, original, MEDIUM, dtext, medits + dedits, dskip)

    ideal_steps: list[Step] = []
    seen: set[str] = set()
    told = _told_parts(dtext, mtext)  # read once: the STAR placeholders and the missing content
    for rule in sorted(relint.fired(relint(dtext))):
        for p in ph.for_rule(rule, qtype, relint.rubric):
            if p.text not in seen and not (p in _STAR_PARTS and p.star_role in told):
                seen.add(p.text)
                ideal_steps.append((f"add [{p.label}]", _insert_placeholder(p, rule, qtype)))
    # A reply to a follow-up ("Why Kafka?") answers that one point: asking it for the
    # whole story would make it long enough to be judged as one, and score lower.
    followup = is_followup(relint.question)
    for p in ([] if followup else _missing_content(dtext, qtype, told, fired=fired)):
        if p.text not in seen:
            seen.add(p.text)
            stands_for = ph.rules_of(p, relint.rubric)
            ideal_steps.append((f"add [{p.label}]", _insert_placeholder(p, stands_for[0] if stands_for else None,
                                                                          qtype)))
    # The model answer: the medium rewrite's structure, never undone, with a placeholder
    # for every part a strong answer has and this one lacks, each inside its part.
    itext, iedits, iskip = _climb(relint, dtext, ideal_steps)
    ideal = make_version(relint, original, IDEAL, itext, medits + dedits + iedits, iskip)

    return Versions(
        original=original,
        question=relint.question,
        question_type=qtype,
        baseline=base,
        versions=(minimal, medium, ideal),
        notes=tuple(notes),
    )
