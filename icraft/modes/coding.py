"""The coding round as a Dialogue: explain the approach, write and submit the code, answer
the follow-ups. Its input port is the editor (Textual), or code given as a file path or
pasted up to a line ``EOF`` (``--plain``).

Phases: ``approach`` (the first answer: the idea, its complexity, the edge cases; linted
with the coding-discussion rules), ``coding`` (each turn is the code: it is judged on the
samples and hidden tests in the sandbox; up to three submissions, or "move on"), ``followups``
(the problem's four follow-ups: complexity, edge cases, testing, trade-offs; each linted
against the rules of its skill) and ``done``. "hint" in any phase gives the next of three
hint levels. Time per phase is kept.

Running code is the only effect, and it comes in as a collaborator (``judge``); its results
live in the snapshot, so restoring never runs code again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Callable

from icraft.coding import bank
from icraft.coding.judge import Judgement
from icraft.coding.scoring import FOLLOWUP_SKILL, rules_for
from icraft.core.transcript import Turn
from icraft.modes.base import DONE, Mode, Step, Utterance

KIND = "coding"
APPROACH, CODING, FOLLOWUPS = "approach", "coding", "followups"
MAX_SUBMISSIONS = 3
MOVE_ON = {"move on", "skip", "next", "give up", "i give up"}
HINT = {"hint", "a hint", "hint please", "can i get a hint", "can i have a hint?", "hint?"}

JudgeFn = Callable[[bank.Problem, str], Judgement]


def default_judge(unsafe: bool) -> JudgeFn:
    from icraft.coding import judge

    return lambda problem, code: judge.judge(problem, code, judge.HIDDEN, unsafe=unsafe)


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().rstrip(".!").split())


def summary_line(j: dict[str, Any]) -> str:
    tests = j["tests"]
    passed = sum(t["verdict"] == "passed" for t in tests)
    line = f"{j['verdict']}: {passed} of {len(tests)} tests pass"
    failed = next((t for t in tests if t["verdict"] != "passed"), None)
    if failed is not None:
        line += f"; the first failure is '{failed['name']}' ({failed['verdict']})"
        err = (failed.get("error") or "").strip().splitlines()
        if err and failed["verdict"] == "runtime error":
            line += f": {err[-1][:160]}"
    return line


class CodingDialogue:
    kind = KIND

    def __init__(self, options: dict[str, Any], *, state: dict[str, Any] | None = None,
                 judge: JudgeFn | None = None, **_: Any) -> None:
        self.problem = bank.get(options["problem"])
        self.plain = bool(options.get("plain"))
        self.judge = judge or default_judge(bool(options.get("unsafe")))
        s = state or {}
        self._phase: str = s.get("phase", APPROACH)
        self.phase_ms: dict[str, int] = dict(s.get("phase_ms", {}))
        self.submissions: list[dict[str, Any]] = list(s.get("submissions", []))
        self.code: str = s.get("code", "")
        self.hints_used: int = int(s.get("hints_used", 0))
        self.followup: int = int(s.get("followup", 0))
        self.approach: str = s.get("approach", "")
        self.answers: list[str] = list(s.get("answers", []))  # the follow-up answers, in order
        self.turns: int = int(s.get("turns", 0))
        self.stopped: bool = bool(s.get("stopped", False))

    # -- the Dialogue protocol ------------------------------------------------------------------

    @property
    def phase(self) -> str:
        return self._phase

    @property
    def pending_question_id(self) -> str | None:
        return None

    @property
    def answer_phase(self) -> str:
        return self._phase

    @property
    def elapsed_ms(self) -> int:
        return sum(self.phase_ms.values())

    def start(self) -> Step:
        p = self.problem
        return self._say(
            f"Today's problem: {p.title}. {p.statement} Before you code, talk me through your approach: "
            "the idea, its time and space complexity, and the edge cases you expect. "
            "Say 'hint' at any time for a hint.", "greeting")

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step:
        self.phase_ms[self._phase] = self.phase_ms.get(self._phase, 0) + int(elapsed_ms or 0)
        text = turn.text
        if _norm(text) in HINT:
            return self._hint()
        index = self.turns
        self.turns += 1
        if self._phase == APPROACH:
            return self._approach(text, index)
        if self._phase == CODING:
            return self._submit(text)
        if self._phase == FOLLOWUPS:
            return self._followup_answer(text, index)
        return self._say("The round is over.", "closing")

    def finish_early(self) -> Step:
        self.stopped = self._phase != DONE
        self._phase = DONE
        return self._say("Let's stop here. Your report shows what you got done.", "closing")

    def resume_prompt(self) -> Step:
        if self._phase == APPROACH:
            return self._say(f"Where were we: {self.problem.title}. Talk me through your approach.", "resume")
        if self._phase == CODING:
            return self._say(f"Back to the code for {self.problem.title}. {self._how_to_submit()}", "resume")
        if self._phase == FOLLOWUPS:
            return self._say(self.problem.followups[self.followup].question, "resume")
        return self._say("The round is over.", "resume")

    def snapshot(self) -> dict[str, Any]:
        return {"phase": self._phase, "phase_ms": self.phase_ms, "submissions": self.submissions,
                "code": self.code, "hints_used": self.hints_used, "followup": self.followup,
                "approach": self.approach, "answers": self.answers, "turns": self.turns, "stopped": self.stopped}

    # -- phases ---------------------------------------------------------------------------------

    def _how_to_submit(self) -> str:
        if self.plain:
            return "Give the path of your .py file, or paste the code and end it with a line EOF."
        return "Write it in the editor: Ctrl+R runs the examples, Ctrl+S submits to the hidden tests."

    def _approach(self, text: str, index: int) -> Step:
        self.approach = text
        result = self._lint(text, None)
        self._phase = CODING
        step = self._say(f"Thanks. Now code it. {self._how_to_submit()}", "reply")
        return Step(step.utterances, self._phase, answer_index=index, answered_phase=APPROACH, result=result,
                    core=True, label="answer 1")  # the one core answer; the follow-ups count from 1

    def _submit(self, code: str) -> Step:
        if _norm(code) in MOVE_ON:
            return self._to_followups("Fine, let's move on.")
        judged = self.judge(self.problem, code)
        self.code = code
        self.submissions.append(judged.to_dict() | {"reference_ms": judged.reference_ms})
        n = len(self.submissions)
        said = f"Submission {n}: {summary_line(self.submissions[-1])}."
        if judged.verdict == "passed":
            return self._to_followups(said + " All the hidden tests pass.")
        if n >= MAX_SUBMISSIONS:
            return self._to_followups(said + f" That was the last of {MAX_SUBMISSIONS} submissions.")
        return self._say(f"{said} Fix it and submit again ({MAX_SUBMISSIONS - n} left), or say 'move on'.", "reply")

    def _to_followups(self, lead: str) -> Step:
        self._phase = FOLLOWUPS
        self.followup = 0
        return self._say(f"{lead} A few questions. {self.problem.followups[0].question}", "question")

    def _followup_answer(self, text: str, index: int) -> Step:
        asked = self.problem.followups[self.followup]
        self.answers.append(text)
        rules = rules_for(FOLLOWUP_SKILL[asked.kind])
        result = self._lint(text, asked.question, rules)
        self.followup += 1
        lead = f"Cases I had in mind: {asked.expect} " if asked.expect else ""  # said after the answer, never before
        if self.followup < len(self.problem.followups):
            step = self._say(lead + self.problem.followups[self.followup].question, "followup")
        else:
            self._phase = DONE
            step = self._say(lead + "That's the round, thank you. Here is your report.", "closing")
        return Step(step.utterances, self._phase, answer_index=index, answered_phase=FOLLOWUPS, result=result,
                    core=False, checked_rules=rules, label=f"follow-up {self.followup}")  # as asked, not as a turn

    def _hint(self) -> Step:
        if self.hints_used >= len(self.problem.hints):
            return self._say("That was the last hint: the key idea is above.", "hint")
        hint = self.problem.hints[self.hints_used]
        self.hints_used += 1
        return self._say(f"Hint {self.hints_used} of {len(self.problem.hints)}: {hint}", "hint")

    def _lint(self, text: str, question: str | None, rules: tuple[str, ...] | None = None) -> Any:
        from icraft.coding.scoring import QUESTION_TYPE
        from icraft.rubric import lint_answer

        if not text.strip():
            return None
        return lint_answer(text, question=question or f"{self.problem.title}: {self.problem.statement}",
                           question_type=QUESTION_TYPE, rules=list(rules) if rules else None)

    def _say(self, text: str, kind: str) -> Step:
        return Step((Utterance(text, self._phase, kind),), self._phase)

    # -- results --------------------------------------------------------------------------------

    def explanation(self) -> str:
        """Everything the candidate said about the solution, approach first."""
        return "\n\n".join(t for t in [self.approach, *self.answers] if t.strip())

    def last_judgement(self) -> Judgement | None:
        return Judgement.from_dict(self.submissions[-1]) if self.submissions else None


@dataclass
class CodingReport:
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


def _restore(conn: sqlite3.Connection, session_id: str) -> CodingDialogue:
    from icraft.store import sessions as store

    row = store.get_session(conn, session_id)
    return CodingDialogue(row.meta["options"], state=row.meta.get("engine") or {})


def build_report(conn: sqlite3.Connection, session_id: str) -> CodingReport:
    from icraft.coding.report import round_report

    return CodingReport(round_report(_restore(conn, session_id), session_id))


def render_markdown(report: CodingReport) -> str:
    from icraft.coding.report import round_markdown

    return round_markdown(report.data)


def session_score(conn: sqlite3.Connection, session_id: str, dialogue: Any) -> tuple[int | None, str | None]:
    """The round's overall score; the coding microskills move from what code measured:
    edge_cases from the hidden edge-case tests passed, complexity_analysis from the
    efficiency against the reference (the explanation's rules moved them per answer)."""
    from icraft.coding.report import round_scores
    from icraft.rubric import load_rubric
    from icraft.skills.repo import apply_observations

    scores = round_scores(dialogue)
    if scores is None:
        return None, None
    observed = {k: v for k, v in scores["observations"].items() if v is not None}
    if observed:
        apply_observations(conn, observed, session_id=session_id, source=KIND, evidence_key=f"{KIND}:{session_id}")
    return int(scores["score"]["overall"]), load_rubric().version


def options_for(problem_id: str, *, plain: bool, unsafe: bool) -> dict[str, Any]:
    return {"problem": problem_id, "plain": plain, "unsafe": unsafe}


MODE = Mode(
    kind=KIND,
    help="A live coding round: approach, code run in a sandbox, follow-ups.",
    dialogue_factory=CodingDialogue,
    title=lambda o: f"coding: {o['problem']}",
    columns=lambda o: {"type": "coding"},
    session_score=session_score,
    report_builder=build_report,
    render_markdown=render_markdown,
    phase_label=lambda d: {APPROACH: "Approach", CODING: "Coding", FOLLOWUPS: "Follow-ups"}.get(d.phase, "Done"),
    minutes=lambda o: 45,
    command="code",
)
