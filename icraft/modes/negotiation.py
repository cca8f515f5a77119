"""The negotiation mode: :class:`icraft.negotiation.engine.Negotiation` as a Dialogue.

Options (stored in the session's meta): the scenario's whole data (so a continued
session replays the same scenario even if the bundled file or the user's file changed
since), its id and the seed. The snapshot is the candidate's lines: restoring replays
them through a fresh negotiation, which is deterministic, so the state is exactly what
it was. Each candidate turn carries its lint result (stored by the runner with its
evidence); the four negotiation microskills move once, at the end, from the scores
(``session_score``), never per turn.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from icraft.core.transcript import Turn
from icraft.modes.base import DONE, Mode, Step, Utterance
from icraft.negotiation import scenario as scenarios
from icraft.negotiation import scoring
from icraft.negotiation.engine import Negotiation, Rewriter
from icraft.negotiation.scenario import Scenario, parse_scenario

KIND = "negotiation"
NEGOTIATING, FINAL_OFFER = "negotiating", "final_offer"


def options_for(scn: Scenario, seed: int) -> dict[str, Any]:
    """The JSON-able options a negotiation session is built from: the scenario's id, or
    the path of a user's file (``source``), and the seed. The scenario's whole data,
    hidden limits included, is kept in the dialogue's snapshot (which `icraft sessions
    show` never prints), so a continued session replays the same scenario even if the
    file changed since."""
    bundled = scn.source.startswith(str(scenarios.scenarios_dir()))
    return {"scenario": scn.id, "source": None if bundled else scn.source, "seed": int(seed),
            "role": scn.role, "level": scn.level}


class NegotiationDialogue:
    kind = KIND

    def __init__(
        self,
        options: dict[str, Any],
        *,
        state: dict[str, Any] | None = None,
        rewriter: Rewriter | None = None,
        **_: Any,
    ) -> None:
        data = (state or {}).get("scenario_data")
        where = options.get("source") or options["scenario"]
        scn = parse_scenario(data, where) if data else scenarios.get(where)
        # The history replays offline (the stored turns hold what was said); a model words
        # only the lines from here on.
        self.neg = Negotiation(scn, int(options["seed"]))
        self.wording = rewriter  # the front ends read .chain and .offline from it
        self._ms = int((state or {}).get("ms", 0))
        self._countered = False
        self._stopped = False
        from icraft.rubric import load_rubric

        self._rubric = load_rubric()
        self._rules = scoring.negotiation_rules(self._rubric)
        lines = list((state or {}).get("lines", []))
        if state is not None and "lines" in state:
            self.neg.start()
            for line in lines:
                if self.neg.done:
                    break
                self._turn(line)
            if state.get("stopped"):
                self.finish_early()
        self.neg.rewriter = rewriter

    # -- the Dialogue protocol ------------------------------------------------------------------

    @property
    def phase(self) -> str:
        if self.neg.done:
            return DONE
        return FINAL_OFFER if self.neg.final_offer else NEGOTIATING

    @property
    def pending_question_id(self) -> str | None:
        return None

    @property
    def answer_phase(self) -> str:
        return self.phase

    @property
    def elapsed_ms(self) -> int:
        return self._ms

    def start(self) -> Step:
        return self._step(self.neg.start(), "greeting")

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step:
        self._ms += int(elapsed_ms or 0)
        said, entry, question = self._turn(turn.text)
        step = self._step(said, "reply")
        result = self._lint(entry, question)
        if result is None:
            return step
        index = sum(1 for e in self.neg.ledger if e.who == "candidate") - 1
        return Step(step.utterances, step.phase, intent=entry.move, answer_index=index,
                    answered_phase=NEGOTIATING, result=result, core=True,
                    checked_rules=tuple(self._rules))  # a correction re-lints with the same rules

    def finish_early(self) -> Step:
        self._stopped = not self.neg.done
        return self._step(self.neg.finish_early(), "closing")

    def resume_prompt(self) -> Step:
        last = next((e.text for e in reversed(self.neg.ledger) if e.who == "recruiter"), "")
        return Step((Utterance(f"Where were we... {last}", self.phase, "resume"),), self.phase)

    def snapshot(self) -> dict[str, Any]:
        return {"lines": list(self.neg.lines), "ms": self._ms, "scenario_data": self.neg.scenario.data(),
                "stopped": self._stopped}

    # -- helpers --------------------------------------------------------------------------------

    def _turn(self, text: str) -> tuple[list[str], Any, str]:
        question = next((e.question for e in reversed(self.neg.ledger) if e.who == "recruiter"), "")
        said = self.neg.answer(text)
        entry = next(e for e in reversed(self.neg.ledger) if e.who == "candidate")
        return said, entry, question

    def _lint(self, entry: Any, question: str) -> Any:
        if entry.move in scoring.PUSHES or entry.move == "concede":
            self._countered = True
        if not scoring.lints(entry, countered=self._countered):
            return None
        return scoring.lint_entry(entry, question, self._rubric,
                                  backed=scoring.backed_by_competing(self.neg.ledger, entry))

    def _step(self, lines: list[str], kind: str) -> Step:
        phase = self.phase
        return Step(tuple(Utterance(t, phase, kind) for t in lines), phase)

    def result(self) -> dict[str, Any]:
        """The final result (reveals the hidden limits: only once it is over)."""
        return scoring.result(self.neg)


@dataclass(frozen=True)
class NegotiationReport:
    result: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.result)


def stored_dialogue(conn: sqlite3.Connection, session_id: str) -> NegotiationDialogue:
    from icraft.store import sessions as store

    row = store.get_session(conn, session_id)
    return NegotiationDialogue(row.meta["options"], state=row.meta.get("engine") or {"lines": []})


def build_report(conn: sqlite3.Connection, session_id: str) -> NegotiationReport | None:
    """The debrief of a finished negotiation, rebuilt from its stored lines."""
    dialogue = stored_dialogue(conn, session_id)
    return NegotiationReport(dialogue.result()) if dialogue.neg.done else None


def render_markdown(report: NegotiationReport) -> str:
    from icraft.negotiation.debrief import markdown

    return markdown(report.result)


def session_score(conn: sqlite3.Connection, session_id: str, dialogue: Any) -> tuple[int | None, str | None]:
    """The negotiation's overall score; the four negotiation microskills move from its scores."""
    if not dialogue.neg.done:
        return None, None
    res = dialogue.result()
    from icraft.skills.repo import apply_observations

    apply_observations(conn, scoring.skill_observations(res), session_id=session_id, source=KIND,
                       evidence_key=f"{KIND}:{session_id}")
    return int(res["scores"]["overall"]), str(res["rubric_version"])


_SHORT = {"base": "base", "bonus_pct": "bonus", "equity": "equity", "sign_on": "sign-on", "pto_days": "PTO",
          "current_base": "current pay", "competing_base": "competing offer"}


def offer_panel(dialogue: Any) -> tuple[str, str]:
    """The full screen's side pane: the deadline, the offer on the table against the opening
    and your asks, the public market band, and the ledger as it grows. Never the limits."""
    from rich.markup import escape

    from icraft.negotiation.debrief import compact, fmt
    from icraft.negotiation.scenario import ISSUES

    neg = dialogue.neg
    scn = neg.scenario
    table = neg.offer or {}
    head = "[b]Final offer[/b]" if neg.final_offer else f"Turn {neg.round + 1 if not neg.done else neg.round} of {neg.deadline}"
    lines = [f"{escape(scn.company)} · {escape(scn.title)}", head, "",
             f"[dim]{'':<8}{'opening':>9}{'table':>9}{'your ask':>9}[/dim]"]
    for i in ISSUES:  # amounts in thousands ($172.5k): the row fits the pane's 34 columns
        on = compact(i, table[i]) if i in table else "-"
        ask = compact(i, neg.asks[i]) if i in neg.asks else ""
        on = f"[green]{on:>9}[/green]" if i in table and table[i] > scn.offer[i] else f"{on:>9}"
        lines.append(f"{_SHORT[i]:<8}{compact(i, scn.offer[i]):>9}{on}{ask:>9}")
    if neg.competing is not None:
        lines.append(f"[dim]your competing offer: base {fmt('base', neg.competing)}[/dim]")
    m = scn.market
    lines += ["", f"Market base: p25 {fmt('base', m['p25'])} · p50 {fmt('base', m['p50'])} · p75 {fmt('base', m['p75'])}",
              "", "[b]Ledger[/b]"]
    for e in neg.ledger:
        if e.move in ("event", "info", "ack") or (e.who == "recruiter" and e.move == "ask"):
            continue
        vals = ", ".join(f"{_SHORT.get(k, k)} {fmt('base' if k not in ISSUES else k, v)}" for k, v in e.values.items())
        if e.who == "recruiter":
            vals = e.note
        who = "you" if e.who == "candidate" else "them"
        lines.append(f"{e.turn:>2} {who:<4} [b]{e.move}[/b] {escape(vals)}")
    return "Offer table", "\n".join(lines)


MODE = Mode(
    kind=KIND,
    help="A salary negotiation against a recruiter with a hidden budget.",
    dialogue_factory=NegotiationDialogue,
    title=lambda o: f"negotiation: {o['scenario']}",
    columns=lambda o: {"type": "negotiation", "role": o.get("role"), "level": o.get("level")},
    session_score=session_score,
    report_builder=build_report,
    render_markdown=render_markdown,
    phase_label=lambda d: "Final offer" if d.phase == FINAL_OFFER else "Negotiating",
    speaker="Recruiter",
    side_panel=offer_panel,
    command="negotiate",
    skip_spends_turn=True,  # "skip" to a recruiter is a stall (docs/NEGOTIATION.md)
)
