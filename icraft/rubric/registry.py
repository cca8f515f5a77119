"""The detector registry: one function per rule id, or a generic detector configured
from the rubric (a rule's ``detector = { kind = "absent", ... }``).

A detector takes the answer context and its rule (for thresholds in ``rule.params``)
and returns a :class:`Detection` when the rule fires, ``None`` when it judged the
answer and it passed, or :data:`NOT_JUDGED` when the answer is outside what the rule
looks at (no conflict for a stakeholder rule, a one-line reply to a follow-up for a
"missing X" rule). The difference matters downstream: only judged rules are evidence
of strength in the skill graph (``AnswerResult.judged``). A detector never scores:
points are computed in :mod:`icraft.rubric.scoring` from the rubric.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

from icraft.core.findings import Span

if TYPE_CHECKING:
    from icraft.rubric.context import AnswerContext
    from icraft.rubric.model import Rule


@dataclass(frozen=True, slots=True)
class Detection:
    """What a rule found: evidence spans, how many occurrences, and why."""

    spans: tuple[Span, ...]
    count: int = 1
    detail: dict[str, Any] = field(default_factory=dict)
    measurable: bool = True
    message: str | None = None  # a more specific message than the rule's own
    # Fraction of the rule's points this finding costs, 0-1 (too_short: the shortfall
    # below the minimum length, so the cost grows smoothly with every word missing).
    scale: float = 1.0


class NotJudged:
    """The sentinel type of :data:`NOT_JUDGED`."""

    _instance: "NotJudged | None" = None

    def __new__(cls) -> "NotJudged":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_JUDGED"


NOT_JUDGED = NotJudged()


Detector = Callable[["AnswerContext", "Rule"], "Detection | NotJudged | None"]
DETECTORS: dict[str, Detector] = {}


def detector(rule_id: str) -> Callable[[Detector], Detector]:
    """Register ``fn`` as the detector of ``rule_id`` (one per rule)."""

    def wrap(fn: Detector) -> Detector:
        if rule_id in DETECTORS:
            raise RuntimeError(f"two detectors for rule {rule_id!r}")
        DETECTORS[rule_id] = fn
        return fn

    return wrap


GenericCheck = Callable[[Mapping[str, Any]], "str | None"]
# kind -> (detector, check of a rule's configuration returning an error or None)
GENERIC: dict[str, tuple[Detector, GenericCheck]] = {}


def generic_detector(kind: str, *, check: GenericCheck) -> Callable[[Detector], Detector]:
    """Register ``fn`` as the generic detector ``kind``: rules name it in the rubric
    (``detector = { kind = ..., ... }``, read as ``rule.detector``) instead of having a
    detector of their own; ``check`` validates that configuration when the rubric loads."""

    def wrap(fn: Detector) -> Detector:
        if kind in GENERIC:
            raise RuntimeError(f"two generic detectors {kind!r}")
        GENERIC[kind] = (fn, check)
        return fn

    return wrap


def detector_for(rule: "Rule") -> Detector:
    """The function that judges ``rule``: its own detector, or its generic one."""
    if rule.detector:
        return GENERIC[rule.detector["kind"]][0]
    return DETECTORS[rule.id]


# Importing the detector modules registers them.
from icraft.rubric import detectors as _detectors  # noqa: E402,F401
