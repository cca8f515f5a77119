"""The rubric as data: rules, category weights and scoring constants from TOML.

The rubric file is the single source of truth for what a rule means (message, fix,
docs), what it costs (weight, severity) and where it applies (question types), and for
what the rest of icraft does with it: the interviewer's follow-up when it fires, the
strength its absence shows in a report, the cross-session memory's phrase for it, and
the placeholders a rewrite adds for it. It is validated when loaded, so a typo in a
rule id, a category, a question type or a microskill id, or a rule that forgets one of
those four, fails loudly with the file and rule named, never silently scores wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from icraft.core.errors import InputError, NotFoundError
from icraft.core.findings import SEVERITIES
from icraft.resources import rubrics_dir

QUESTION_TYPES = ("general", "behavioral", "system-design", "coding-discussion", "technical", "negotiation")
CATEGORIES = ("structure", "depth", "communication", "seniority_signal")
DEFAULT_RUBRIC = "default.toml"
SCOPES = ("category", "answer")


@dataclass(frozen=True, slots=True)
class FollowupSpec:
    """What the interviewer asks when the rule fires, and how the reply is judged.

    ``recheck``: the rules the reply is checked against; empty means the reply is
    judged like a core answer, by every rule (the follow-up asks for the whole story).
    ``ask_for``: the same request worded for a question type ("what numbers are you
    designing for?" instead of "by how much?" in a system design)."""

    ask: str
    recheck: tuple[str, ...]
    ask_for: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def text_for(self, question_type: str) -> str:
        return self.ask_for.get(question_type, self.ask)


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
    # What the rest of icraft does with the rule (each None/empty when the rule has none,
    # which the rubric must say explicitly with ``false``):
    followup: FollowupSpec | None = None  # the interviewer's follow-up when it fires
    strength: str | None = None  # the strength its passing shows in a report
    shows: str | None = None  # regex: the sentence of a passing answer that shows it
    memory_phrase: str | None = None  # how the memory names it as a recurring habit
    placeholders: tuple[str, ...] = ()  # placeholder labels a rewrite adds when it fires
    filled_by: tuple[str, ...] = ()  # further placeholders whose content passes it
    priority: int | None = None  # lower first when rules compete (None: after, in order)
    bank_followup: bool = False  # the reply to a question bank's own follow-up is checked with it
    # A generic detector's configuration ({"kind": "absent", "cue": ..., "at": ...}), for a
    # rule judged by one (rubric/registry.py GENERIC) instead of a detector of its own.
    detector: Mapping[str, Any] | None = None

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
    # The top of the overall scale (docs/SCORING.md 3): above ``knee`` the weighted mean is
    # compressed linearly so that 100 (no finding) reads as ``top``.
    knee: float = 100.0
    top: float = 100.0
    _by_id: Mapping[str, Rule] = field(default_factory=dict, repr=False)
    sha256: str | None = None  # of the file's bytes, when loaded from a file

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

    def by_priority(self, rules: "Iterable[Rule] | None" = None) -> list[Rule]:
        """``rules`` (default: all) in the order they win when they compete: by
        ``priority``, then the rules with none, in rubric order."""
        pool = self.rules if rules is None else tuple(rules)
        order = {r.id: i for i, r in enumerate(self.rules)}
        return sorted(pool, key=lambda r: (r.priority is None, r.priority or 0, order.get(r.id, len(order))))


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


# Every rule must say, with a value or ``false``, what these parts of icraft do with it,
# so a new rule never silently gets no follow-up, no strength label or no memory phrase.
KNOWLEDGE = ("followup", "strength", "memory_phrase", "placeholder")


def _text_or_false(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    if key not in raw:
        raise InputError(f"{where}: missing '{key}' (a text, or false when the rule has none)")
    value = raw[key]
    if value is False:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: '{key}' must be a non-empty text or false")
    return value.strip()


def _texts(raw: Mapping[str, Any], key: str, where: str, *, allow_false: bool) -> tuple[str, ...]:
    value = raw.get(key, ())
    if allow_false and value is False:
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        other = " or false" if allow_false else ""
        raise InputError(f"{where}: '{key}' must be a list of texts{other}")
    if allow_false and not value:
        raise InputError(f"{where}: '{key}' is empty: write false when the rule has none")
    return tuple(value)


def _parse_followup(raw: Mapping[str, Any], where: str) -> FollowupSpec | None:
    if "followup" not in raw:
        raise InputError(f"{where}: missing 'followup' (a table {{ ask, recheck }}, or false when it has none)")
    value = raw["followup"]
    if value is False:
        return None
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: 'followup' must be a table {{ ask = ..., recheck = [...] }} or false")
    unknown = sorted(set(value) - {"ask", "recheck", "ask_for"})
    if unknown:
        raise InputError(f"{where}: followup: unknown key '{unknown[0]}' (ask, recheck, ask_for)")
    ask = _need(value, "ask", str, f"{where}: followup").strip()
    if not ask:
        raise InputError(f"{where}: followup: 'ask' is empty")
    recheck = _texts(value, "recheck", f"{where}: followup", allow_false=False) if "recheck" in value else None
    if recheck is None:
        raise InputError(f"{where}: followup: missing 'recheck' (rule ids, or [] to judge the reply as a core answer)")
    ask_for = value.get("ask_for", {})
    if not isinstance(ask_for, Mapping) or not all(isinstance(v, str) and v.strip() for v in ask_for.values()):
        raise InputError(f"{where}: followup: 'ask_for' must map question types to texts")
    bad = [t for t in ask_for if t not in QUESTION_TYPES]
    if bad:
        raise InputError(f"{where}: followup: ask_for: unknown question type '{bad[0]}'")
    return FollowupSpec(ask, recheck, MappingProxyType({t: v.strip() for t, v in ask_for.items()}))


def _parse_shows(raw: Mapping[str, Any], where: str) -> str | None:
    import re

    shows = raw.get("shows")
    if shows is None:
        return None
    if not isinstance(shows, str) or not shows:
        raise InputError(f"{where}: 'shows' must be a regular expression")
    try:
        re.compile(shows)
    except re.error as e:
        raise InputError(f"{where}: 'shows' is not a valid regular expression: {e}") from None
    return shows


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
        followup=_parse_followup(raw, where),
        strength=_text_or_false(raw, "strength", where),
        shows=_parse_shows(raw, where),
        memory_phrase=_text_or_false(raw, "memory_phrase", where),
        placeholders=_parse_placeholder(raw, where),
        filled_by=_texts(raw, "filled_by", where, allow_false=False),
        priority=_parse_priority(raw, where),
        detector=_parse_detector(raw, where),
        bank_followup=_parse_flag(raw, "bank_followup", where),
    )


def _parse_flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"{where}: '{key}' must be true or false")
    return value


def _parse_detector(raw: Mapping[str, Any], where: str) -> Mapping[str, Any] | None:
    from icraft.rubric.registry import GENERIC

    value = raw.get("detector")
    if value is None:
        return None
    if not isinstance(value, Mapping) or not isinstance(value.get("kind"), str):
        raise InputError(f"{where}: 'detector' must be a table with a 'kind'")
    if value["kind"] not in GENERIC:
        raise InputError(f"{where}: unknown detector kind '{value['kind']}' (one of {', '.join(sorted(GENERIC))})")
    problem = GENERIC[value["kind"]][1](value)
    if problem:
        raise InputError(f"{where}: detector: {problem}")
    return MappingProxyType(dict(value))


def _parse_placeholder(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    if "placeholder" not in raw:
        raise InputError(f"{where}: missing 'placeholder' (placeholder labels, or false when it has none)")
    return _texts(raw, "placeholder", where, allow_false=True)


def _parse_priority(raw: Mapping[str, Any], where: str) -> int | None:
    value = raw.get("priority")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"{where}: 'priority' must be a whole number >= 0")
    return value


def parse_rubric(data: Mapping[str, Any], where: str = "rubric", sha256: str | None = None) -> Rubric:
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
        if rule.detector is None and rule.id not in DETECTORS:
            raise InputError(f"{where}: rule '{rule.id}' has no detector in icraft.rubric.detectors")
        if rule.detector is not None and rule.id in DETECTORS:
            raise InputError(f"{where}: rule '{rule.id}' has a detector of its own and a 'detector' table")
        seen.add(rule.id)
        rules.append(rule)
    if not rules:
        raise InputError(f"{where}: no [[rule]] tables")
    for rule in rules:
        unknown = [r for r in (rule.followup.recheck if rule.followup else ()) if r not in seen]
        if unknown:
            raise InputError(f"{where} rule '{rule.id}': followup recheck names unknown rule '{unknown[0]}'")
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
    top_table = scoring.get("top", {})
    knee, top = float(top_table.get("knee", 100.0)), float(top_table.get("score", 100.0))
    if not 0 < knee <= top <= 100:
        raise InputError(f"{where}: scoring.top needs 0 < knee <= score <= 100")
    return Rubric(
        version=version,
        rules=tuple(rules),
        categories=categories,
        category_weights=MappingProxyType(weights),
        severity_factors=MappingProxyType(factors),
        repeat_decay=decay,
        path=where,
        knee=knee,
        top=top,
        _by_id=MappingProxyType({r.id: r for r in rules}),
        sha256=sha256,
    )


@lru_cache(maxsize=8)
def _load(path: str, stamp: tuple[int, int] = (0, 0)) -> Rubric:
    """The rubric at ``path``; ``stamp`` (mtime, size) is only the cache key, so a file
    edited while a process runs is read again."""
    import hashlib

    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"rubric file {path} does not exist") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"rubric {path} is not valid TOML: {e}") from None
    return parse_rubric(data, where=str(p), sha256=hashlib.sha256(raw).hexdigest())


def load_rubric(path: Path | None = None) -> Rubric:
    """The default rubric (rubrics/default.toml, cached) or the one at ``path``."""
    target = (Path(path) if path is not None else rubrics_dir() / DEFAULT_RUBRIC).resolve()
    try:
        st = target.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)  # _load says what is wrong
    return _load(str(target), stamp)


def is_builtin(rubric: Rubric) -> bool:
    return rubric.path == str((rubrics_dir() / DEFAULT_RUBRIC).resolve())


def provenance(rubric: Rubric) -> dict[str, str]:
    """What a stored session's meta records about the rubric that scored it, so that
    rewind, diff and corrections judge it again by the same rules: nothing for the
    built-in rubric (it ships with icraft; the session stores its version), the file's
    absolute path and sha256 for one given with ``--rubric``."""
    if is_builtin(rubric) or rubric.path is None or rubric.sha256 is None:
        return {}
    return {"rubric_path": rubric.path, "rubric_sha256": rubric.sha256}


def selection(rules: Sequence[str] | None, ignore: Sequence[str] | None) -> dict[str, list[str]]:
    """What a stored session's meta records about `lint --rules/--ignore`, so that rewind,
    diff and corrections judge it by the same rules (nothing when all rules ran)."""
    return {k: list(v) for k, v in (("rules", rules), ("ignore", ignore)) if v}


def narrowed(rubric: Rubric, meta: Mapping[str, Any]) -> Rubric:
    """``rubric`` with only the rules a session's :func:`selection` kept: linting with it
    judges as `lint --rules/--ignore` did (the same rules and categories)."""
    only, skip = set(meta.get("rules") or ()), set(meta.get("ignore") or ())
    if not only and not skip:
        return rubric
    return replace(rubric, rules=tuple(r for r in rubric.rules if (not only or r.id in only) and r.id not in skip))


def recorded_rubric(meta: Mapping[str, Any], what: str) -> Rubric:
    """The rubric a stored session was scored with (see :func:`provenance`): the
    built-in one, or the recorded file, checked to be there and unchanged, with only the
    rules `--rules/--ignore` kept (:func:`selection`). Never another rubric in its
    place: a file that is gone or changed is a one-line error."""
    return narrowed(_recorded_file(meta, what), meta)


def _recorded_file(meta: Mapping[str, Any], what: str) -> Rubric:
    path = meta.get("rubric_path")
    if not path:
        return load_rubric()
    lint_again = "or lint the transcript again (`icraft lint FILE --rubric NEW.toml`) and use the session it saves"
    if not Path(path).is_file():
        raise NotFoundError(f"{what} was scored with the rubric {path}, which no longer exists",
                            f"put that file back, {lint_again}")
    rubric = load_rubric(Path(path))
    if rubric.sha256 != meta.get("rubric_sha256"):
        then = meta.get("rubric_version") or "?"
        versions = f"still version {then}" if then == rubric.version else f"version {then} then, {rubric.version} now"
        raise InputError(f"{what} was scored with the rubric {path}, which has changed since ({versions})",
                         f"restore the file as it was, {lint_again}")
    return rubric
