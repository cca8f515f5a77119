"""How the interviewer says things: the injectable strategy the engine phrases its
decisions with.

The engine decides *what* happens (phase, which question, which follow-up, when to
stop); a :class:`Wording` decides *how it is said*. :class:`OfflineWording` uses fixed
templates (deterministic, no network). :class:`LLMWording` asks a model to phrase the
greeting, follow-ups and replies, with the lint findings in the prompt, and falls
back to the offline wording when the provider fails or returns something unusable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Sequence

from icraft.core.findings import Finding
from icraft.interview.followups import Followup
from icraft.interview.resume import CompanyNotes, answer_from_notes
from icraft.interview.selection import AskedQuestion

if TYPE_CHECKING:
    from icraft.providers.fallback import FallbackChain

_TYPE_NAMES = {
    "behavioral": "behavioral",
    "technical": "technical",
    "system-design": "system design",
    "coding-discussion": "coding discussion",
    "mixed": "mixed",
}
_ROLE_NAMES = {
    "backend": "backend engineer",
    "frontend": "frontend engineer",
    "fullstack": "full-stack engineer",
    "data": "data engineer",
    "ml": "machine learning engineer",
    "sre": "SRE / DevOps engineer",
    "mobile": "mobile engineer",
    "em": "engineering manager",
}


@dataclass(frozen=True)
class Context:
    """What the wording may mention: the interview's options and what we know."""

    role: str
    type: str
    level: str
    minutes: int
    company: str | None = None
    memory_opening: str | None = None
    has_resume: bool = False
    posting: str | None = None  # the title of the job posting the interview follows (--jd)


class Wording(Protocol):
    def greeting(self, ctx: Context) -> str: ...

    def question(self, q: AskedQuestion, *, n: int, ctx: Context) -> str:
        """The n-th core question (0-based); n == 0 means: no transition phrase."""
        ...

    def followup(
        self, fu: Followup, *, question: AskedQuestion, answer: str, findings: Sequence[Finding]
    ) -> str: ...

    def candidate_reply(self, question: str, *, notes: CompanyNotes | None) -> str: ...

    def closing(self, ctx: Context, *, ended_early: bool) -> str: ...


_TRANSITIONS = ("", "Thanks. Next question. ", "Okay, let's switch gears. ", "Good. Another one. ")
# What the engine says before a question ("Thanks. ", "No problem, let's move on. ").
LEADS = ("Thanks. ", "No problem, let's move on. ")
# What the engine says before the pending question when a paused interview is continued.
RESUME_LEAD = "Welcome back. Picking up where we left off: "
_RETOLD = "I think you told me that story earlier (\"{title}\"). I'd like to hear a different example: "
_RETOLD_LEAD = re.compile(re.escape(_RETOLD).replace(re.escape("{title}"), ".*?"))


def retold_lead(title: str) -> str:
    """What the engine says before a question whose answer retold an earlier story."""
    return _RETOLD.format(title=title)


_ASKING = re.compile(
    r"^\W*((yes|yeah|so|okay|ok|well|um|uh|and|one more)\W+)*(what|how|why|when|where|who|whom|which|is|are|am|do|does|did|can|could|would|will|should|may|"
    r"have|has|tell me|i'?d (like|love) to know|i was wondering|i'?m curious)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether a candidate's turn asks something: a question mark, or a sentence that
    opens like a question (speech-to-text often drops the "?")."""
    return "?" in text or any(_ASKING.match(s) for s in re.split(r"(?<=[.!])\s+", text.strip()))


def bare_question(text: str) -> str:
    """A question as asked without what the interviewer says in front of it, for places
    that list or show questions: the lead-ins the engine adds ("Thanks. Next question. ",
    "Welcome back. Picking up where we left off: ", "I think you told me that story
    earlier (...). I'd like to hear a different example: ") are cut, and a bank question
    behind any other lead-in (a model's wording) is the bank's wording
    (:func:`icraft.rubric.relevance.bank_question`)."""
    from icraft.rubric.relevance import bank_question

    leads = sorted((*LEADS, *_TRANSITIONS[1:], RESUME_LEAD), key=len, reverse=True)  # "Thanks. Next..." first
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if text.startswith(lead):
                text, changed = text[len(lead):], True
        retold = _RETOLD_LEAD.match(text)
        if retold:
            text, changed = text[retold.end():], True
    return bank_question(text) or text


class OfflineWording:
    """Template wording: deterministic, offline."""

    def greeting(self, ctx: Context) -> str:
        who = f"a {ctx.level} {_ROLE_NAMES.get(ctx.role, ctx.role)}"
        at = f" at {ctx.company}" if ctx.company else ""
        parts = [
            f"Hi, thanks for joining. This is a {ctx.minutes}-minute "
            f"{_TYPE_NAMES.get(ctx.type, ctx.type)} interview for {who} role{at}."
        ]
        if ctx.has_resume:
            parts.append("I've read your CV, so some questions will be about your own projects.")
        if ctx.posting:
            parts.append(f"I've read the job posting ({ctx.posting}); my questions follow what it asks for.")
        if ctx.memory_opening:
            parts.append(ctx.memory_opening)
        parts.append("Let's start with a warm-up.")
        return " ".join(parts)

    def question(self, q: AskedQuestion, *, n: int, ctx: Context) -> str:
        return _TRANSITIONS[n % len(_TRANSITIONS)] + q.text if n else q.text

    def followup(
        self, fu: Followup, *, question: AskedQuestion, answer: str, findings: Sequence[Finding]
    ) -> str:
        return fu.text

    def candidate_reply(self, question: str, *, notes: CompanyNotes | None) -> str:
        if not is_question(question):
            # Not "Good question." to a remark (or to an answer given after the questions ended).
            return "Thanks, noted."
        if notes is not None:
            return answer_from_notes(notes, question)
        return (
            "Good question. I can't answer that for a specific company, but it's exactly the kind of "
            "thing to ask your real interviewers."
        )

    def closing(self, ctx: Context, *, ended_early: bool) -> str:
        if ended_early:
            return "Let's stop here. Thanks for your time. Here is your feedback on what we covered."
        return "That's all from me. Thanks for your time. Here is your feedback."


class LLMWording:
    """Phrasing by a language model; decisions stay in the engine.

    Every call goes through one :class:`~icraft.providers.FallbackChain` for the whole
    session: a provider that fails (after its retries) produces one notice and is not
    asked again; once only ``offline`` is left, every line uses ``fallback`` at once,
    with no network wait. An unusable reply (empty, too long, a follow-up without a
    question) falls back for that line only. ``session_id`` goes into the usage ledger.
    """

    SYSTEM = (
        "You are a professional, friendly technical interviewer. Reply with exactly one short "
        "utterance to say to the candidate, no preamble, no quotes, no feedback or scores."
    )

    def __init__(
        self, chain: FallbackChain, *, fallback: Wording | None = None, session_id: str | None = None
    ) -> None:
        self.chain = chain
        self.fallback = fallback or OfflineWording()
        self.session_id = session_id

    @property
    def offline(self) -> bool:
        """True once every provider has failed: lines are instant from then on."""
        return self.chain.offline

    def _ask(self, prompt: str, *, question: bool) -> str | None:
        reply = self.chain.run(
            lambda llm: llm.complete(
                [{"role": "user", "content": prompt}],
                system=self.SYSTEM,
                purpose="interviewer",
                session_id=self.session_id,
            ),
            purpose="the interviewer",
        )
        if reply is None:
            return None
        text = " ".join(str(reply.text or "").split()).strip("\"' ")
        if not text or len(text) > 400 or (question and "?" not in text):
            return None
        return text

    def greeting(self, ctx: Context) -> str:
        default = self.fallback.greeting(ctx)
        prompt = (
            f"Greet the candidate and open a {ctx.minutes}-minute {ctx.type} interview for a {ctx.level} "
            f"{_ROLE_NAMES.get(ctx.role, ctx.role)} role"
            + (f" at {ctx.company}" if ctx.company else "")
            + ". "
            + (f"Mention this from earlier sessions: {ctx.memory_opening} " if ctx.memory_opening else "")
            + "End by saying you will start with a warm-up. Two or three sentences.\n"
            f"Reference wording: {default}"
        )
        return self._ask(prompt, question=False) or default

    def question(self, q: AskedQuestion, *, n: int, ctx: Context) -> str:
        # The bank's text is asked verbatim: the question id stored with it must mean what was asked.
        return self.fallback.question(q, n=n, ctx=ctx)

    def followup(
        self, fu: Followup, *, question: AskedQuestion, answer: str, findings: Sequence[Finding]
    ) -> str:
        default = self.fallback.followup(fu, question=question, answer=answer, findings=findings)
        gaps = "\n".join(
            f"- {f.rule_id}: {f.message}" + (f' (evidence: "{f.spans[0].quote}")' if f.spans else "")
            for f in findings
            if f.measurable
        )
        prompt = (
            f"Question asked: {question.text}\nCandidate's answer: {answer}\n"
            f"Gaps the rubric found:\n{gaps or '- none'}\n"
            f"Ask ONE follow-up question that probes this: {default}\n"
            "Refer to something the candidate actually said. One or two sentences, ending with a question."
        )
        return self._ask(prompt, question=True) or default

    def candidate_reply(self, question: str, *, notes: CompanyNotes | None) -> str:
        default = self.fallback.candidate_reply(question, notes=notes)
        facts = "\n".join(f"- {s}" for s in notes.sentences) if notes else "- (no company notes)"
        prompt = (
            f"The candidate asks: {question}\nAnswer briefly using only these facts, or say you don't "
            f"know:\n{facts}"
        )
        return self._ask(prompt, question=False) or default

    def closing(self, ctx: Context, *, ended_early: bool) -> str:
        return self.fallback.closing(ctx, ended_early=ended_early)
