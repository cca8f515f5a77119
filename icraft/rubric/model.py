"""The rubric as data: rules, category weights and scoring constants from TOML.

The rubric file is the single source of truth for what a rule means (message, fix,
docs), what it costs (weight, severity) and where it applies (question types). It is
validated when loaded, so a typo in a rule id, a category, a question type or a
microskill id fails loudly with the file and rule named, never silently scores wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from icraft.core.errors import InputError, NotFoundError
from icraft.core.findings import SEVERITIES
from icraft.resources import rubrics_dir

QUESTION_TYPES = ("behavioral", "system-design", "coding-discussion", "technical", "negotiation")
CATEGORIES = ("structure", "depth", "communication", "seniority_signal")
DEFAULT_RUBRIC = "default.toml"
SCOPES = ("category", "answer")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rubric rule. ``params`` holds the detector's thresholds (data, not code)."""

    id: str
    name: str
    category: str
    weight: float
    applies_to: tuple[str, ...]
    skills: tuple[str, ...]
    message: str
    fix: str
    anti_pattern: str
    best_practice: str
    severity: str = "warning"
    timed: bool = False  # needs word timings for (part of) its verdict
    # "category": a finding costs its own category; "answer": it costs every category
    # that applies (too_short: a one-line answer is thin in every respect, and charging
    # one category would cap its effect at that category's weight).
    scope: str = "category"
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def applies(self, question_type: str) -> bool:
        return question_type in self.applies_to

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "weight": self.weight,
            "severity": self.severity,
            "applies_to": list(self.applies_to),
            "skills": list(self.skills),
            "timed": self.timed,
            "scope": self.scope,
            "message": self.message,
            "fix": self.fix,
            "anti_pattern": self.anti_pattern,
            "best_practice": self.best_practice,
            "params": dict(self.params),
        }


@dataclass(frozen=True, slots=True)
class Rubric:
    version: str
    rules: tuple[Rule, ...]
    categories: tuple[str, ...]
    # question type -> category -> weight in the overall score
    category_weights: Mapping[str, Mapping[str, float]]
    severity_factors: Mapping[str, float]
    repeat_decay: float
    path: str | None = None
    _by_id: Mapping[str, Rule] = field(default_factory=dict, repr=False)

    def rule(self, rule_id: str) -> Rule:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise NotFoundError(f"unknown rule '{rule_id}'", did_you_mean(rule_id, self.ids())) from None

    def rule_or_none(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)

    def applicable(self, question_type: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.applies(question_type))


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A hint naming the closest choice, or listing them when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'? run `icraft rules` for the list"
    return "run `icraft rules` for the list"


def check_rule_ids(rubric: Rubric, ids: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Validate user-given rule ids (``--rules``/``--ignore``); one-line error on a typo."""
    if not ids:
        return ()
    known = set(rubric.ids())
    for rid in ids:
        if rid not in known:
            raise InputError(f"unknown rule '{rid}'", did_you_mean(rid, rubric.ids()))
    return tuple(ids)


@lru_cache(maxsize=1)
def skill_ids() -> frozenset[str]:
    """Microskill ids declared in rubrics/skills.toml (rules must name only these)."""
    path = rubrics_dir() / "skills.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return frozenset(s["id"] for s in data.get("skill", []))


def _need(d: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in d:
        raise InputError(f"{where}: missing '{key}'")
    value = d[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise InputError(f"{where}: '{key}' must be {kind.__name__}, not {type(value).__name__}")
    return value


def _parse_rule(raw: Mapping[str, Any], where: str, skills: frozenset[str], categories: tuple[str, ...]) -> Rule:
    rid = _need(raw, "id", str, where)
    where = f"{where} rule '{rid}'"
    category = _need(raw, "category", str, where)
    if category not in categories:
        raise InputError(f"{where}: unknown category '{category}' (one of {', '.join(categories)})")
    applies = tuple(_need(raw, "applies_to", list, where))
    bad_types = [t for t in applies if t not in QUESTION_TYPES]
    if bad_types or not applies:
        raise InputError(f"{where}: applies_to must list question types from {', '.join(QUESTION_TYPES)}")
    rule_skills = tuple(_need(raw, "skills", list, where))
    unknown = [s for s in rule_skills if s not in skills]
    if unknown:
        raise InputError(f"{where}: unknown microskill(s) {', '.join(unknown)} (see rubrics/skills.toml)")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise InputError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    scope = raw.get("scope", "category")
    if scope not in SCOPES:
        raise InputError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    weight = _need(raw, "weight", float, where)
    if not 0 <= weight <= 100:
        raise InputError(f"{where}: weight must be between 0 and 100")
    return Rule(
        id=rid,
        name=_need(raw, "name", str, where),
        category=category,
        weight=weight,
        applies_to=applies,
        skills=rule_skills,
        message=_need(raw, "message", str, where).strip(),
        fix=_need(raw, "fix", str, where).strip(),
        anti_pattern=_need(raw, "anti_pattern", str, where).strip(),
        best_practice=_need(raw, "best_practice", str, where).strip(),
        severity=severity,
        timed=bool(raw.get("timed", False)),
        scope=scope,
        params=MappingProxyType(dict(raw.get("params", {}))),
    )


def parse_rubric(data: Mapping[str, Any], where: str = "rubric") -> Rubric:
    """Build and validate a :class:`Rubric` from parsed TOML."""
    from icraft.rubric.registry import DETECTORS

    version = _need(data, "version", str, where)
    categories = tuple(data.get("categories", CATEGORIES))
    skills = skill_ids()
    rules: list[Rule] = []
    seen: set[str] = set()
    for raw in data.get("rule", []):
        rule = _parse_rule(raw, where, skills, categories)
        if rule.id in seen:
            raise InputError(f"{where}: rule '{rule.id}' is defined twice")
        if rule.id not in DETECTORS:
            raise InputError(f"{where}: rule '{rule.id}' has no detector in icraft.rubric.detectors")
        seen.add(rule.id)
        rules.append(rule)
    if not rules:
        raise InputError(f"{where}: no [[rule]] tables")
    scoring = data.get("scoring", {})
    weights_raw = scoring.get("category_weights", {})
    weights: dict[str, Mapping[str, float]] = {}
    for qtype in QUESTION_TYPES:
        table = weights_raw.get(qtype)
        if not isinstance(table, Mapping):
            raise InputError(f"{where}: scoring.category_weights.{qtype} is missing")
        bad = [c for c in table if c not in categories]
        if bad:
            raise InputError(f"{where}: scoring.category_weights.{qtype}: unknown category {bad[0]}")
        weights[qtype] = MappingProxyType({c: float(w) for c, w in table.items()})
    factors = {s: float(scoring.get("severity_factors", {}).get(s, 1.0)) for s in SEVERITIES}
    decay = float(scoring.get("repeat_decay", 0.5))
    if not 0 <= decay < 1:
        raise InputError(f"{where}: scoring.repeat_decay must be in [0, 1)")
    return Rubric(
        version=version,
        rules=tuple(rules),
        categories=categories,
        category_weights=MappingProxyType(weights),
        severity_factors=MappingProxyType(factors),
        repeat_decay=decay,
        path=where,
        _by_id=MappingProxyType({r.id: r for r in rules}),
    )


@lru_cache(maxsize=8)
def _load(path: str) -> Rubric:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise NotFoundError(f"rubric file {path} does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"rubric {path} is not valid TOML: {e}") from None
    return parse_rubric(data, where=str(p))


def load_rubric(path: Path | None = None) -> Rubric:
    """The default rubric (rubrics/default.toml, cached) or the one at ``path``."""
    target = Path(path) if path is not None else rubrics_dir() / DEFAULT_RUBRIC
    return _load(str(target.resolve()))
