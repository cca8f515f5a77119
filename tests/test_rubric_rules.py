"""Per-rule fixtures: every rubric rule must have answers that trigger it (with the
expected evidence quotes) and answers that must not. Fails if a rule lacks them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from icraft.core.findings import AnswerResult
from icraft.core.transcript import CANDIDATE, TimedToken, Turn
from icraft.rubric import lint_answer, load_rubric
from icraft.rubric.registry import detector_for

FIXTURES = Path(__file__).parent / "rule_fixtures"
RULE_IDS = load_rubric().ids()


def timed_turn(text: str, wpm: float, pauses: dict[int, int] | None = None) -> Turn:
    """Synthetic timings: each word lasts 60000/wpm ms, no gaps except ``pauses``
    (silence in ms after the given word index)."""
    step = 60000 / wpm
    toks = []
    t = 0.0
    for i, w in enumerate(text.split()):
        toks.append(TimedToken(w, round(t), round(t + step)))
        t += step + (pauses or {}).get(i, 0)
    return Turn.from_tokens(CANDIDATE, toks)


def run_case(case: dict[str, Any]) -> AnswerResult:
    answer: str | Turn = case["answer"]
    if "wpm" in case:
        pauses = {int(k): int(v) for k, v in case.get("pauses", {}).items()}
        answer = timed_turn(case["answer"], case["wpm"], pauses)
    return lint_answer(answer, question=case.get("question"), question_type=case.get("question_type"))


def load(rule_id: str) -> dict[str, Any]:
    path = FIXTURES / f"{rule_id}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)


def cases(kind: str) -> list[Any]:
    out = []
    for rid in RULE_IDS:
        path = FIXTURES / f"{rid}.toml"
        if not path.exists():
            continue
        for i, case in enumerate(load(rid).get(kind, [])):
            out.append(pytest.param(rid, case, id=f"{rid}-{kind}{i}"))
    return out


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_fixtures_and_a_detector(rule_id: str) -> None:
    path = FIXTURES / f"{rule_id}.toml"
    assert path.exists(), f"rule {rule_id} has no fixture file {path.name}"
    data = load(rule_id)
    assert data.get("trigger"), f"{rule_id}: no [[trigger]] case"
    assert data.get("pass"), f"{rule_id}: no [[pass]] case"
    assert detector_for(load_rubric().rule(rule_id))  # its own, or a generic one configured in the rubric


def test_no_fixture_for_unknown_rules() -> None:
    stray = {p.stem for p in FIXTURES.glob("*.toml")} - set(RULE_IDS)
    assert not stray, f"fixtures for rules not in the rubric: {stray}"


@pytest.mark.parametrize(("rule_id", "case"), cases("trigger"))
def test_trigger(rule_id: str, case: dict[str, Any]) -> None:
    res = run_case(case)
    hits = [f for f in res.findings if f.rule_id == rule_id]
    assert hits, f"{rule_id} did not fire; findings: {[f.rule_id for f in res.findings]}"
    finding = hits[0]
    assert finding.measurable is case.get("measurable", True)
    quotes = [s.quote for s in finding.spans]
    for q in case.get("quotes", []):
        assert q in quotes, f"expected quote {q!r} among {quotes}"
    text = case["answer"] if "wpm" not in case else " ".join(case["answer"].split())
    for s in finding.spans:
        assert s.quote == text[s.char_start : s.char_end]
        if "wpm" in case:
            assert s.start_ms is not None and s.end_ms is not None and s.end_ms > s.start_ms
        else:
            assert s.start_ms is None
    if finding.measurable:
        assert finding.points > 0
    else:
        assert finding.points == 0


@pytest.mark.parametrize(("rule_id", "case"), cases("pass"))
def test_pass(rule_id: str, case: dict[str, Any]) -> None:
    res = run_case(case)
    fired = [f for f in res.findings if f.rule_id == rule_id and f.measurable]
    assert not fired, f"{rule_id} fired: {fired[0].message} {[s.quote for s in fired[0].spans]}"
