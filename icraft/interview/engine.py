"""The interviewer: a pure state machine.

Phases: greeting -> warmup -> core <-> followup -> candidate_questions -> closing -> done.
The engine takes events (the candidate's turn and how long it took) and returns the
interviewer's next utterances and phase. It does no I/O: storage, terminals, the
TUI and voice drive it (see :class:`icraft.modes.interview.InterviewRunner`). Its whole state is a
JSON-able dict (:meth:`Engine.snapshot`), so a session can be resumed exactly, and
given the same state and events it makes the same decisions (replay after a crash
relies on this).

Reproducibility of a whole interview: the same options (``seed`` included), the same
``recent_ids`` (questions asked in earlier sessions, which selection avoids) and the
same answers with the same timings give the same interview. The history is an input:
in a data directory with more history the same seed can pick other questions, by
design (a candidate should not get the same questions every run).

Injected collaborators: ``bank`` (question selection), ``lint`` (scores an answer;
the rubric's ``lint_answer`` by default) and ``wording`` (how things are said:
templates offline, a model when configured).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Callable, Sequence

from icraft.core.dialogue import Step, Utterance
from icraft.core.errors import InputError
from icraft.core.findings import AnswerResult, relocate
from icraft.core.transcript import CANDIDATE, Turn
from icraft.interview import selection as sel
from icraft.interview.followups import (
    DIFFERENT_EXAMPLE,
    MAX_FOLLOWUPS,
    Followup,
    choose_followup,
    gaps_of,
    retell_kinds,
)
from icraft.interview.resume import Anchor, CompanyNotes, ResumeFacts
from icraft.interview.selection import AskedQuestion, QuestionBank
from icraft.interview.wording import LEADS, RESUME_LEAD, Context, OfflineWording, Wording, retold_lead
from icraft.jd.practice import JobFocus
from icraft.rubric.intents import CONTROL, Intent, classify


def _retells() -> frozenset[str]:
    """Follow-up kinds whose reply is a new answer to the question, judged by every rule."""
    return retell_kinds() | {DIFFERENT_EXAMPLE}


class Phase(StrEnum):
    GREETING = "greeting"
    WARMUP = "warmup"
    CORE = "core"
    FOLLOWUP = "followup"
    CANDIDATE_QUESTIONS = "candidate_questions"
    CLOSING = "closing"
    DONE = "done"


ANSWERING = (Phase.WARMUP, Phase.CORE, Phase.FOLLOWUP, Phase.CANDIDATE_QUESTIONS)
STRONG, WEAK = 80, 55  # answer scores that move difficulty up / down
MAX_EMPTY = 3  # consecutive empty turns before the question is skipped
MAX_CANDIDATE_QUESTIONS = 2
WARMUP_FALLBACK = "To warm up: tell me a bit about yourself and what you've been working on lately."
CANDIDATE_QUESTIONS_PROMPT = "That's all my questions. What would you like to ask me?"
STORY_PREFIX = "story:"  # the id of a question asking for a story of the bank (--stories): story:ID

# lint(turn, question=..., question_type=..., rules=..., main_parts=None) -> AnswerResult
# (main_parts: a joined account's answers to the main question, see lint_answer)
LintFn = Callable[..., AnswerResult]


PHASE_NAMES = {
    Phase.GREETING: "Greeting",
    Phase.WARMUP: "Warm-up",
    Phase.CORE: "Core question",
    Phase.FOLLOWUP: "Follow-up",
    Phase.CANDIDATE_QUESTIONS: "Your questions",
    Phase.CLOSING: "Closing",
    Phase.DONE: "Done",
}


def default_lint(answer: Turn, *, question: str | None, question_type: str, rules: Sequence[str] | None,
                 main_parts: Sequence[tuple[int, int]] | None = None) -> AnswerResult:
    """``rules`` given: the reply to a follow-up checked against the rules it probed
    (or the joined account against the gaps still open), judged by them at any length.
    ``main_parts``: a question's joined account, these ranges its answers to the main
    question (:func:`icraft.rubric.lint_answer`)."""
    from icraft.rubric import lint_answer

    return lint_answer(answer, question=question, question_type=question_type, rules=rules, probed=rules is not None,
                       main_parts=main_parts)


@dataclass(frozen=True)
class InterviewOptions:
    role: str = "backend"
    type: str = "mixed"
    level: str = "mid"
    minutes: int = 30
    focus: tuple[str, ...] = ()
    # Question choice ties are broken with this seed; with the same recent_ids and answers
    # it reproduces the interview (see the module docstring).
    seed: int = 0
    resume: ResumeFacts | None = None
    company: CompanyNotes | None = None
    # From the cross-session memory: an opening line and the rules to probe first.
    memory_opening: str | None = None
    weak_rules: tuple[str, ...] = ()
    # A job posting (`--jd`): questions say which of its requirements they probe.
    jd: JobFocus | None = None
    # `--stories`: the story bank's weakest stories {"id", "title"}, asked for first (a warm-up).
    warmup_stories: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("role", self.role, sel.ROLES),
            ("type", self.type, sel.INTERVIEW_TYPES),
            ("level", self.level, sel.LEVELS),
        ):
            if value not in allowed:
                raise InputError(f"unknown {name} '{value}'", f"choose one of: {', '.join(allowed)}")
        from icraft.config import setting

        setting("interview.minutes").check(self.minutes, name="--minutes")  # the bounds live in one place

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["resume"] = self.resume.to_dict() if self.resume else None
        d["company"] = self.company.to_dict() if self.company else None
        d["jd"] = self.jd.to_dict() if self.jd else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> InterviewOptions:
        return cls(
            **{
                **d,
                "focus": tuple(d.get("focus", ())),
                "weak_rules": tuple(d.get("weak_rules", ())),
                "warmup_stories": tuple(d.get("warmup_stories", ())),
                "resume": ResumeFacts.from_dict(d["resume"]) if d.get("resume") else None,
                "company": CompanyNotes.from_dict(d["company"]) if d.get("company") else None,
                "jd": JobFocus.from_dict(d["jd"]) if d.get("jd") else None,
            }
        )


@dataclass
class _State:
    phase: str = Phase.GREETING.value
    answers: int = 0  # non-empty candidate turns so far (requests included: positions, see answer())
    core_asked: int = 0
    asked_ids: list[str] = field(default_factory=list)
    planned_minutes: float = 0.0
    elapsed_ms: int = 0
    difficulty: int = 3
    current: dict[str, Any] | None = None  # AskedQuestion of the current core question
    pending: dict[str, Any] | None = None  # {"text", "question_id"} awaiting an answer
    followup: dict[str, Any] | None = None  # the follow-up being answered {"kind", "rules", "text"}
    asked_followups: list[str] = field(default_factory=list)
    gaps: list[list[Any]] = field(default_factory=list)  # [[rule, points]] the current question still lacks
    account: list[str] = field(default_factory=list)  # the candidate's answers to the current question
    last_followup: str | None = None  # the last follow-up of the previous question, not asked again at once
    empties: int = 0
    candidate_questions: int = 0
    anchors_used: int = 0
    stories_asked: int = 0  # warm-up stories (options.warmup_stories) asked so far
    probes: dict[str, Any] = field(default_factory=dict)  # question id -> the posting's Probe it probes
    scores: list[dict[str, Any]] = field(default_factory=list)  # core answers {"question_id", "answer", "overall"}
    skipped: list[str] = field(default_factory=list)
    ended_early: bool = False
    # Core answers that told a story {"question_id", "text"}: a story told again for another
    # question is noticed, and a different example asked for (DIFFERENT_EXAMPLE).
    told: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, state: dict[str, Any]) -> _State:
        """A stored snapshot; keys of older versions (``short``, before the rubric's
        too_short rule) are dropped so an interview paused then can still be continued."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in state.items() if k in known})


class Engine:
    """The interview's :class:`~icraft.modes.base.Dialogue`."""

    kind = "interview"

    def __init__(
        self,
        options: InterviewOptions,
        *,
        bank: QuestionBank,
        lint: LintFn = default_lint,
        wording: Wording | None = None,
        recent_ids: Sequence[str] = (),
        state: dict[str, Any] | None = None,
    ) -> None:
        self.options = options
        self.bank = bank
        self.lint = lint
        self.wording: Wording = wording or OfflineWording()
        self.recent_ids = tuple(recent_ids)
        self.s = _State.load(state) if state else _State(difficulty=sel.BASE_DIFFICULTY[options.level])

    # -- state ---------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return Phase(self.s.phase)

    @property
    def pending_text(self) -> str | None:
        return self.s.pending["text"] if self.s.pending else None

    @property
    def pending_question_id(self) -> str | None:
        return self.s.pending.get("question_id") if self.s.pending else None

    @property
    def answer_phase(self) -> Phase:
        """The phase the next answer counts in: the full story asked for after a too-short
        core answer is a core answer, though it follows a follow-up question."""
        if self.phase is Phase.FOLLOWUP and (self.s.followup or {}).get("kind") in _retells():
            return Phase.CORE
        return self.phase

    @property
    def difficulty(self) -> int:
        return self.s.difficulty

    @property
    def core_asked(self) -> int:
        return self.s.core_asked

    @property
    def elapsed_ms(self) -> int:
        """The candidate's answering time so far (the sum of the answers' times)."""
        return self.s.elapsed_ms

    @property
    def used_minutes(self) -> float:
        """Interview time used so far: the larger of the planned estimates and the clock."""
        return max(self.s.planned_minutes, self.s.elapsed_ms / 60000)

    def snapshot(self) -> dict[str, Any]:
        return asdict(self.s)

    def _ctx(self) -> Context:
        o = self.options
        return Context(
            role=o.role,
            type=o.type,
            level=o.level,
            minutes=o.minutes,
            company=o.company.name if o.company else None,
            memory_opening=o.memory_opening,
            has_resume=bool(o.resume and o.resume.anchors),
            posting=o.jd.title if o.jd else None,
        )

    def _set(self, phase: Phase) -> None:
        self.s.phase = phase.value

    def _ask(
        self, text: str, phase: Phase, kind: str, question_id: str | None = None, *, bare: str | None = None
    ) -> Utterance:
        """Say ``text`` and wait for the answer; ``bare`` (default ``text``) is what a repeat says."""
        self.s.pending = {"text": bare or text, "question_id": question_id}
        self.s.empties = 0
        self._set(phase)
        return Utterance(text, phase, kind, question_id)

    # -- events --------------------------------------------------------------------------

    def start(self) -> Step:
        """Greeting and the warm-up question."""
        if self.phase is not Phase.GREETING:
            raise InputError("this interview has already started")
        greeting = Utterance(self.wording.greeting(self._ctx()), Phase.GREETING, "greeting")
        warm = self._pick("warmup")
        if warm is not None:
            self.s.asked_ids.append(warm.id)
        text = warm.text if warm else WARMUP_FALLBACK
        ask = self._ask(text, Phase.WARMUP, "question", warm.id if warm else None)
        return Step((greeting, ask), self.phase)

    def resume_prompt(self) -> Step:
        """What to say when a stopped session is continued: the pending question again."""
        if self.phase not in ANSWERING or not self.s.pending:
            raise InputError(f"the interview cannot be continued from phase {self.phase}")
        text = RESUME_LEAD + self.s.pending["text"]
        return Step((Utterance(text, self.phase, "resume", self.s.pending.get("question_id")),), self.phase)

    def finish_early(self) -> Step:
        """The candidate stopped (end of input): close now, scoring what was answered."""
        if self.phase is Phase.DONE:
            return Step((), self.phase)
        self.s.ended_early = True
        return Step((self._closing(),), self.phase)

    def answer(self, turn: Turn | str, *, elapsed_ms: int | None = None) -> Step:
        """The candidate's turn; returns what the interviewer says next."""
        phase = self.phase
        if phase not in ANSWERING:
            raise InputError(f"the interview is not waiting for an answer (phase {phase})")
        if isinstance(turn, str):
            turn = Turn.from_text(CANDIDATE, turn)
        if elapsed_ms:
            self.s.elapsed_ms += int(elapsed_ms)
        intent = classify(turn.text)
        qid = self.pending_question_id
        index: int | None = None
        if intent is not Intent.EMPTY:
            # Positions count every candidate turn with words, as Transcript.answers() does,
            # so a scored answer's index finds its turn in the stored session; a request
            # (repeat, a moment, skip) takes a position but is not an answer: no index.
            if intent not in CONTROL:
                index = self.s.answers
            self.s.answers += 1
            self.s.empties = 0
        base = {"intent": intent, "answer_index": index, "answered_phase": phase, "question_id": qid}

        if intent is Intent.EMPTY:
            self.s.empties += 1
            if self.s.empties < MAX_EMPTY:
                text = f"Take your time. Whenever you're ready: {self.pending_text}"
                return Step((Utterance(text, phase, "reprompt", qid),), phase, **base)
            intent = Intent.SKIP
            base["intent"] = intent
        if intent is Intent.REPEAT:
            return Step((Utterance(f"Sure. {self.pending_text}", phase, "repeat", qid),), phase, **base)
        if intent is Intent.MOMENT:
            text = "Of course, take a moment. Answer whenever you're ready."
            return Step((Utterance(text, phase, "moment", qid),), phase, **base)

        if phase is Phase.CANDIDATE_QUESTIONS:
            if intent in (Intent.SKIP, Intent.NONE):
                return Step((self._closing(),), self.phase, **base)
            reply = self.wording.candidate_reply(turn.text, notes=self.options.company)
            self.s.candidate_questions += 1
            if self.s.candidate_questions >= MAX_CANDIDATE_QUESTIONS:
                return Step((Utterance(reply, phase, "reply"), self._closing()), self.phase, **base)
            more = self._ask(f"{reply} Anything else you'd like to ask?", phase, "reply")
            return Step((more,), self.phase, **base)

        if intent is Intent.SKIP:
            if phase is Phase.CORE and self.s.current:
                self.s.skipped.append(self.s.current["id"])
                self._adjust_difficulty(None)
            return Step(self._next_core(lead=LEADS[1]), self.phase, **base)

        if phase is Phase.WARMUP:
            return Step(self._next_core(lead=LEADS[0]), self.phase, **base)

        assert self.s.current is not None
        q = AskedQuestion.from_dict(self.s.current)
        fu = self.s.followup or {}
        if phase is Phase.CORE or fu.get("kind") in _retells():
            # A core answer, the whole answer asked for again (after a too-short or an
            # off-topic one), or the different example asked for instead of a story told
            # before: judged by every rule.
            result = relocate(
                self.lint(turn, question=q.text, question_type=self._scored_type(q), rules=None), answer=index or 0
            )
            overall = None if result.refused else result.score.overall  # "No.", another language: not judged
            self.s.scores.append({"question_id": q.id, "answer": index, "overall": overall})
            self.s.gaps = [list(g) for g in gaps_of(result.findings)]
            self.s.account = [turn.text]
            self._adjust_difficulty(overall)  # a one-liner scores low (too_short); one word is not judged
            told_before = self._told_before(q, turn.text)
            if told_before is not None and DIFFERENT_EXAMPLE not in self.s.asked_followups:
                out: tuple[Utterance, ...] = (self._different_example(q, told_before),)
            else:
                out = self._followup_or_next(q, turn.text, result)
            return Step(out, self.phase, **base, result=result, core=True)

        # Other follow-ups are checked against the rules they probe only, so a short
        # "by 30%" is not marked down for lacking a whole STAR story.
        result = None
        if fu.get("rules"):
            raw = self.lint(
                turn, question=fu.get("text"), question_type=self._scored_type(q), rules=tuple(fu["rules"])
            )
            result = relocate(raw, answer=index or 0)
        self.s.account.append(turn.text)
        self._close_gaps(q)
        told_before = self._told_before(q, turn.text)  # a story from another question, told in a reply
        if (told_before is not None and DIFFERENT_EXAMPLE not in self.s.asked_followups
                and len(self.s.asked_followups) < MAX_FOLLOWUPS):
            out: tuple[Utterance, ...] = (self._different_example(q, told_before),)
        else:
            out = self._followup_or_next(q, turn.text, None)
        checked = tuple(fu["rules"]) if result is not None else None
        return Step(out, self.phase, **base, result=result, core=False, checked_rules=checked)

    # -- decisions -----------------------------------------------------------------------

    def _scored_type(self, q: AskedQuestion) -> str:
        # Warm-up and closing questions ("Tell me about yourself") are general questions,
        # never judged as STAR stories.
        from icraft.rubric.questions import scoring_type

        return scoring_type(q.type) or "general"

    def _adjust_difficulty(self, overall: int | None) -> None:
        d = self.s.difficulty
        if overall is not None and overall >= STRONG:
            d += 1
        elif overall is None or overall < WEAK:
            d -= 1
        self.s.difficulty = max(sel.MIN_DIFFICULTY, min(sel.MAX_DIFFICULTY, d))

    def _close_gaps(self, q: AskedQuestion) -> None:
        """Drop what the question's answers together now show: numbers given in reply to
        "what did you do yourself?" close the missing-numbers gap, so the next follow-up
        does not ask "by how much?" of an answer full of figures."""
        open_rules = tuple(r for r, _ in self.s.gaps if r not in self.s.asked_followups)
        if not open_rules:
            return
        joined = Turn.from_text(CANDIDATE, " ".join(self.s.account))
        still = {f.rule_id for f in self.lint(joined, question=q.text, question_type=self._scored_type(q),
                                              rules=open_rules).findings if f.measurable}
        self.s.gaps = [g for g in self.s.gaps if g[0] not in open_rules or g[0] in still]

    def _told_before(self, q: AskedQuestion, answer: str) -> str | None:
        """When ``answer`` tells a story already told in this interview for another
        question: that earlier telling (the first one); else None. A story answer is kept
        in the state so a later one can be compared with it (:mod:`icraft.stories.core`).
        Only a whole story counts (setting, action and result, in this telling or the
        earlier one): two answers that only say what was done are no story heard twice."""
        from icraft.stories import core

        if self._scored_type(q) not in core.STORY_TYPES:
            return None
        occ = core.read(answer, question=q.text)
        if not occ.is_story:
            return None
        earlier: dict[str, list[str]] = {}
        for t in self.s.told:
            if t["question_id"] != q.id:
                earlier.setdefault(t["question_id"], []).append(t["text"])
        self.s.told.append({"question_id": q.id, "text": answer})
        if not earlier:
            return None
        groups = [[core.read(t) for t in texts] for texts in earlier.values()]
        groups = [g for g in groups if occ.is_whole or any(o.is_whole for o in g)]
        found = core.best_match(occ, groups)
        return None if found is None else groups[found][0].text

    def _different_example(self, q: AskedQuestion, earlier: str) -> Utterance:
        """What an interviewer says on hearing the same story twice: asks for another one.
        The reply is judged as a core answer (``answer_phase``)."""
        from icraft.stories import core

        title = core.title(core.read(earlier))
        fu = Followup(
            DIFFERENT_EXAMPLE,
            retold_lead(title) + q.text,
        )
        self.s.asked_followups.append(fu.kind)
        text = self.wording.followup(fu, question=q, answer=earlier, findings=())
        self.s.followup = {"kind": fu.kind, "rules": [], "text": text}
        return self._ask(text, Phase.FOLLOWUP, "followup", q.id)

    def _followup_or_next(self, q: AskedQuestion, answer: str, result: AnswerResult | None) -> tuple[Utterance, ...]:
        fu: Followup | None = None
        minutes = sel.followup_minutes(q.type)
        if len(self.s.asked_followups) < MAX_FOLLOWUPS and sel.fits(
            self.used_minutes, minutes, self.options.minutes, first=False
        ):
            fu = choose_followup(
                [(r, p) for r, p in self.s.gaps],
                asked_kinds=self.s.asked_followups,
                bank_followups=q.followups,
                priority_rules=self.options.weak_rules,
                question_type=self._scored_type(q),
                avoid=(self.s.last_followup,) if not self.s.asked_followups and self.s.last_followup else (),
            )
        if fu is None:
            return self._next_core()
        self.s.asked_followups.append(fu.kind)
        self.s.planned_minutes += minutes
        findings = result.findings if result else ()
        text = self.wording.followup(fu, question=q, answer=answer, findings=findings)
        self.s.followup = {"kind": fu.kind, "rules": list(fu.rules), "text": text}
        return (self._ask(text, Phase.FOLLOWUP, "followup", q.id),)

    def _pick(self, qtype: str, fits: Callable[[AskedQuestion], bool] | None = None) -> AskedQuestion | None:
        o = self.options
        return sel.pick(
            self.bank,
            type=qtype,
            role=o.role,
            level=o.level,
            skills=o.focus,
            asked=self.s.asked_ids,
            recent=self.recent_ids,
            difficulty=self.s.difficulty,
            seed=o.seed + len(self.s.asked_ids),
            fits=fits,
            prefer=(lambda q: o.jd.relevance(q.text, q.skills)) if o.jd else None,
        )

    def _story_warmup(self) -> AskedQuestion | None:
        """With ``--stories``: the next of the bank's weakest stories to tell again, as a
        behavioral core question (id ``story:ID``), before any other; else None."""
        stories = self.options.warmup_stories
        if self.s.stories_asked >= len(stories):
            return None
        story = stories[self.s.stories_asked]
        self.s.stories_asked += 1
        lead = "Let's warm up with your stories. " if self.s.stories_asked == 1 else "Another of your stories. "
        return AskedQuestion(
            id=f"{STORY_PREFIX}{story['id']}",
            type="behavioral",
            text=f"{lead}Tell me again about \"{story['title']}\": the situation, what you did yourself, "
            "and how it turned out.",
            skills=("star_structure", "ownership_signal", "quantifiable_results"),
            minutes=sel.DEFAULT_QUESTION_MINUTES,
            difficulty=self.s.difficulty,
        )

    def _anchored(self, qtype: str) -> AskedQuestion | None:
        """A question anchored on the CV: the first core question, then every third."""
        resume = self.options.resume
        if not resume or self.s.anchors_used >= len(resume.anchors) or self.s.core_asked % 3:
            return None
        a: Anchor = resume.anchors[self.s.anchors_used]
        self.s.anchors_used += 1
        where = f" at {a.company}" if a.company else ""
        if qtype == "behavioral":
            text = (
                f"You mention {a.tech}{where}: \"{a.line}\". Tell me about the hardest problem you hit there: "
                "what was the situation, what did you do yourself, and how did it turn out?"
            )
            skills = ("star_structure", "ownership_signal", "quantifiable_results")
        else:
            text = (
                f"You mention {a.tech}{where}: \"{a.line}\". Why {a.tech} there? What alternatives did you "
                "consider, and what would you change at ten times the load?"
            )
            skills = ("tradeoff_analysis", "scalability_thinking")
        slug = "".join(c if c.isalnum() else "-" for c in a.tech.lower())
        return AskedQuestion(
            id=f"resume:{slug}",
            type=qtype,
            text=text,
            skills=skills,
            minutes=sel.DEFAULT_QUESTION_MINUTES,
            difficulty=self.s.difficulty,
        )

    def _next_core(self, lead: str = "") -> tuple[Utterance, ...]:
        """Ask the next core question if the time allows, else hand over to the candidate.
        ``lead`` (an acknowledgement) is said first, in the same utterance."""
        o = self.options
        self.s.followup = None
        self.s.last_followup = self.s.asked_followups[-1] if self.s.asked_followups else None
        self.s.asked_followups = []
        self.s.gaps = []
        self.s.account = []
        first = self.s.core_asked == 0
        qtype = sel.type_for(o.type, o.role, self.s.core_asked)

        def slot(q: AskedQuestion, *, first: bool) -> float | None:
            return sel.slot(self.used_minutes, q.minutes, q.type, o.minutes, first=first)

        # Prefer a question that fits the time left; the first one is asked even if none does.
        q = (self._story_warmup() or self._anchored(qtype)
             or self._pick(qtype, fits=lambda c: slot(c, first=False) is not None))
        planned = None if q is None else slot(q, first=first)
        if q is None or planned is None:
            if q is not None and q.id.startswith("resume:"):
                self.s.anchors_used -= 1
            if q is not None and q.id.startswith(STORY_PREFIX):
                self.s.stories_asked -= 1
            if first and q is None:
                raise InputError(
                    f"the question bank has no {qtype} question for this interview",
                    "try another --type or --role",
                )
            return (
                self._ask(
                    lead + CANDIDATE_QUESTIONS_PROMPT, Phase.CANDIDATE_QUESTIONS, "question",
                    bare="What would you like to ask me?",
                ),
            )
        self.s.asked_ids.append(q.id)
        self.s.current = q.to_dict()
        self.s.planned_minutes += planned
        # n=0 asks without a transition: the lead (or the posting's requirement) already is one.
        probe = self._probe(q)
        text = lead + probe + self.wording.question(q, n=0 if lead or probe else self.s.core_asked, ctx=self._ctx())
        self.s.core_asked += 1
        return (self._ask(text, Phase.CORE, "question", q.id, bare=q.text),)

    def _probe(self, q: AskedQuestion) -> str:
        """With a job posting: the requirement ``q`` probes, as the line said before it
        (its quote from the posting), recorded in the state for the report; else ""."""
        jd = self.options.jd
        if jd is None or q.id.startswith(("resume:", STORY_PREFIX)):
            return ""
        used = [p["index"] for p in self.s.probes.values()]
        probe = jd.probe_for(q.skills, used, text=q.text)
        if probe is None:
            return ""
        self.s.probes[q.id] = probe.to_dict()
        return jd.line(probe)

    def _closing(self) -> Utterance:
        self.s.pending = None
        self._set(Phase.CLOSING)
        text = self.wording.closing(self._ctx(), ended_early=self.s.ended_early)
        self._set(Phase.DONE)
        return Utterance(text, Phase.CLOSING, "closing")
