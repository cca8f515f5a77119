"""The fixer registry: the edits that fix one rubric rule, beside the rubric's detectors.

A detector (``@detector(rule_id)`` in :mod:`icraft.rubric.registry`) finds what is wrong
with an answer; a fixer (``@fixer(rule_id, ...)``) is the edit a version makes for it:
drop the fillers, ask for the candidate's own part, restore STAR order. Fixers run in
the order they are registered, each in one version (minimal or medium), and a version
keeps a fixer's edit only when re-linting does not score it lower
(:mod:`icraft.rewrite.versions`). A rule whose fix is content only the candidate knows
(a result, a number, a trade-off) needs no fixer: its ``placeholder`` in the rubric is
what the versions ask for. :func:`unfixed` lists the rules with neither.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from icraft.rewrite.text import Edit
    from icraft.rubric.model import Rubric

MINIMAL, MEDIUM = "minimal", "medium"

FixFn = Callable[..., "tuple[str, list[Edit]]"]  # (text, question_type, *, rule) -> (text, edits)
Bound = Callable[..., "tuple[str, list[Edit]]"]  # (text, question_type="") -> (text, edits)
Step = tuple[str, Callable[[str], "tuple[str, list[Edit]]"]]


@dataclass(frozen=True, slots=True)
class Fixer:
    rule_id: str
    version: str  # MINIMAL or MEDIUM
    step: str  # the step's name, shown when re-linting drops it ("drop fillers")
    fn: Bound
    # Only when the rule fired on the text (a concession is dropped only in an answer
    # that concedes); otherwise whenever the rule applies to the question type.
    when_fired: bool = False
    # Also for question types the rule does not judge (fillers go from every answer).
    every_type: bool = False


FIXERS: list[Fixer] = []


def fixer(
    rule_id: str, *, version: str, step: str, when_fired: bool = False, every_type: bool = False
) -> Callable[[FixFn], Bound]:
    """Register ``fn(text, question_type, *, rule)`` as a fix for ``rule_id``; the name
    it is defined under becomes ``fn`` with ``rule`` bound (its edits name the rule)."""
    if version not in (MINIMAL, MEDIUM):
        raise ValueError(f"a fixer belongs to the {MINIMAL} or the {MEDIUM} version, not {version!r}")

    def wrap(fn: FixFn) -> Bound:
        @functools.wraps(fn)
        def bound(text: str, question_type: str = "") -> "tuple[str, list[Edit]]":
            return fn(text, question_type, rule=rule_id)

        FIXERS.append(Fixer(rule_id, version, step, bound, when_fired, every_type))
        return bound

    return wrap


def _bound(f: Fixer, question_type: str) -> Callable[[str], "tuple[str, list[Edit]]"]:
    return lambda text: f.fn(text, question_type)


def steps_for(version: str, rubric: Rubric, question_type: str, fired: Iterable[str]) -> list[Step]:
    """The fixer steps of ``version`` for an answer of ``question_type`` whose original
    fired ``fired``, in the order registered."""
    fired = set(fired)
    out: list[Step] = []
    for f in FIXERS:
        if f.version != version:
            continue
        rule = rubric.rule_or_none(f.rule_id)
        if f.when_fired and f.rule_id not in fired:
            continue
        if not f.every_type and (rule is None or not rule.applies(question_type)):
            continue
        out.append((f.step, _bound(f, question_type)))
    return out


def unfixed(rubric: Rubric) -> list[str]:
    """The rules of ``rubric`` a rewrite cannot fix: no fixer and no placeholder."""
    import icraft.rewrite.versions  # noqa: F401  (registers the fixers)

    with_fixer = {f.rule_id for f in FIXERS}
    return [r.id for r in rubric.rules if r.id not in with_fixer and not r.placeholders]


def stray(rubric: Rubric) -> list[str]:
    """Fixers registered for rules ``rubric`` does not have."""
    import icraft.rewrite.versions  # noqa: F401  (registers the fixers)

    ids = set(rubric.ids())
    return sorted({f.rule_id for f in FIXERS} - ids)
