"""Calibration: answers across weak/mid/strong and every question type must land in
their score band and fire (or not) the rules the case names (tests/calibration/)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from icraft.rubric import QUESTION_TYPES, lint_answer
from tests.test_rubric_rules import timed_turn

CASES = sorted((Path(__file__).parent / "calibration").glob("*.toml"))


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def test_calibration_set_covers_the_range() -> None:
    data = [_load(p) for p in CASES]
    assert len(data) >= 16
    assert {d["level"] for d in data} == {"weak", "mid", "strong"}
    for qtype in ("behavioral", "system-design", "coding-discussion", "negotiation"):
        levels = {d["level"] for d in data if d["question_type"] == qtype}
        assert {"weak", "strong"} <= levels, qtype


def _case_param(path: Path) -> Any:
    """A case the engine is known to miss carries ``known_miss`` (why): it runs as a strict
    xfail, so it is seen in every run and fails the day the engine gets it right."""
    why = _load(path).get("known_miss")
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", [_case_param(p) for p in CASES])
def test_case_lands_in_band(path: Path) -> None:
    case = _load(path)
    assert case["question_type"] in QUESTION_TYPES
    answer = timed_turn(case["answer"], case["wpm"]) if "wpm" in case else case["answer"]
    res = lint_answer(answer, question=case.get("question"), question_type=case["question_type"])
    fired = {f.rule_id for f in res.findings if f.measurable}
    low, high = case["band"]
    summary = f"score {res.score.overall} {res.score.categories} fired {sorted(fired)}"
    assert low <= res.score.overall <= high, summary
    for rid in case.get("must_fire", []):
        assert rid in fired, f"{rid} should fire; {summary}"
        finding = next(f for f in res.findings if f.rule_id == rid)
        assert finding.spans and all(s.quote for s in finding.spans)
    for rid in case.get("must_not_fire", []):
        assert rid not in fired, f"{rid} should not fire; {summary}"


def test_strong_beats_mid_beats_weak_on_the_same_question() -> None:
    def score(stem: str) -> int:
        case = _load(Path(__file__).parent / "calibration" / f"{stem}.toml")
        return lint_answer(case["answer"], question=case["question"], question_type=case["question_type"]).score.overall

    assert score("behavioral_strong_outage") > score("behavioral_mid_outage") > score("behavioral_weak_rambling")
