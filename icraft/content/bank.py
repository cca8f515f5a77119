"""The question bank: ``drills/questions/*.toml`` loaded, validated and selected from.

Every question is data (see ``drills/README.md`` for the schema). :func:`load_bank`
reads and validates all of it once per process; a malformed entry raises
:class:`~icraft.core.errors.InputError` naming the file and the question id, so a bad
edit to the bank fails loudly (and in the tests) rather than at interview time.
:func:`select` picks questions for a session: filtered by type, role and level,
preferring the skills being drilled and the requested difficulty, avoiding recently
asked questions, and deterministic for a given seed.

Standard library only: this module is imported by commands that must start fast.
"""

from __future__ import annotations

import difflib
import random
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError, NotFoundError
from icraft.resources import drills_dir, rubrics_dir

__all__ = [
    "ANY_ROLE",
    "COMPETENCIES",
    "ID_PREFIXES",
    "INTERVIEW_CHOICES",
    "INTERVIEW_TYPES",
    "LEVELS",
    "MIXED",
    "ROLES",
    "TYPES",
    "Question",
    "get",
    "load_bank",
    "select",
]

TYPES: tuple[str, ...] = (
    "behavioral",
    "system-design",
    "coding-discussion",
    "technical",
    "negotiation",
    "warmup",
    "closing",
)
# What a "mixed" interview (or no type at all) draws from: the question rounds proper.
INTERVIEW_TYPES: tuple[str, ...] = ("behavioral", "system-design", "coding-discussion", "technical")
MIXED = "mixed"
# The interview's --type choices (and `interview.type`'s), in the order help lists them.
INTERVIEW_CHOICES: tuple[str, ...] = ("behavioral", "technical", "system-design", "coding-discussion", MIXED)

LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "staff")
ROLES: tuple[str, ...] = ("backend", "frontend", "fullstack", "data", "ml", "sre", "mobile", "em")
ANY_ROLE = "any"  # a question usable for every role

COMPETENCIES: tuple[str, ...] = (
    "technical_leadership",
    "execution",
    "cross_team",
    "conflict_resolution",
    "mentoring",
    "failure_recovery",
    "innovation",
    "communication",
    "data_driven_decision",
    "customer_focus",
)

# Every id starts with the prefix of its type, e.g. "beh-conflict-001".
ID_PREFIXES: dict[str, str] = {
    "behavioral": "beh",
    "system-design": "sd",
    "coding-discussion": "code",
    "technical": "tech",
    "negotiation": "neg",
    "warmup": "warm",
    "closing": "close",
}

QUESTIONS_FOLDER = "questions"  # inside drills/
MIN_FOLLOWUPS = 2
MIN_TALKING_POINTS, MAX_TALKING_POINTS = 3, 6
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5
MAX_MINUTES = 120

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "text",
    "levels",
    "roles",
    "difficulty",
    "competencies",
    "skills",
    "followups",
    "talking_points",
    "minutes",
)
_SCHEMA_HINT = "the question schema is documented in drills/README.md"


@dataclass(frozen=True)
class Question:
    """One question of the bank (immutable; list fields are tuples)."""

    id: str
    type: str
    text: str
    levels: tuple[str, ...]
    roles: tuple[str, ...]
    difficulty: int
    competencies: tuple[str, ...]
    skills: tuple[str, ...]
    followups: tuple[str, ...]
    minutes: float
    # What a strong answer covers (3-6 short phrases, like Google Interview Warmup's
    # "talking points"): the report shows which were covered, relevance reads them.
    talking_points: tuple[str, ...] = ()

    def fits_role(self, role: str | None) -> bool:
        """True if the question can be asked for ``role`` (None or "any" = every role)."""
        return role is None or role == ANY_ROLE or ANY_ROLE in self.roles or role in self.roles

    def fits_level(self, level: str | None) -> bool:
        """True if the question can be asked at ``level`` (None = every level)."""
        return level is None or level in self.levels


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=None)
def load_bank() -> tuple[Question, ...]:
    """Every question of the shipped bank, validated, in file then entry order.

    Cached for the life of the process; ``load_bank.cache_clear()`` forces a re-read.
    """
    questions = _load_from(drills_dir())
    if not questions:
        raise InputError(
            f"the question bank in {drills_dir() / QUESTIONS_FOLDER} is empty",
            "reinstall icraft; the bank ships in drills/questions/*.toml",
        )
    return questions


@lru_cache(maxsize=None)
def _known_skills() -> frozenset[str]:
    """The microskill ids of ``rubrics/skills.toml``."""
    return _read_skill_ids(rubrics_dir() / "skills.toml")


def _read_skill_ids(path: Path) -> frozenset[str]:
    data = _read_toml(path)
    entries = data.get("skill")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no [[skill]] entries", "each skill needs an `id`")
    ids: set[str] = set()
    for n, entry in enumerate(entries, 1):
        sid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(sid, str) or not sid:
            raise InputError(f"{path}: skill #{n} has no id", "each [[skill]] needs an `id`")
        ids.add(sid)
    return frozenset(ids)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found", "reinstall icraft or restore the file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}", _SCHEMA_HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from None


def _load_from(folder: Path, skill_ids: Iterable[str] | None = None) -> tuple[Question, ...]:
    """Load and validate every ``<folder>/questions/*.toml`` (``folder`` is a drills/ dir).

    ``skill_ids`` defaults to the ids of ``rubrics/skills.toml``.
    """
    known_skills = frozenset(skill_ids) if skill_ids is not None else _known_skills()
    qdir = Path(folder) / QUESTIONS_FOLDER
    if not qdir.is_dir():
        raise InputError(
            f"question folder {qdir} is missing",
            "reinstall icraft; the bank ships in drills/questions/*.toml",
        )
    questions: list[Question] = []
    seen: dict[str, Path] = {}
    for path in sorted(qdir.glob("*.toml")):
        data = _read_toml(path)
        extra = sorted(set(data) - {"question"})
        if extra:
            raise InputError(
                f"{path}: unknown top-level key(s) {', '.join(map(repr, extra))}",
                "a question file holds only [[question]] entries; " + _SCHEMA_HINT,
            )
        entries = data.get("question", [])
        if not isinstance(entries, list):
            raise InputError(f"{path}: `question` must be an array of tables ([[question]])", _SCHEMA_HINT)
        for n, raw in enumerate(entries, 1):
            q = _parse_entry(raw, path, n, known_skills)
            if q.id in seen:
                where = "earlier in this file" if seen[q.id] == path else f"also in {seen[q.id]}"
                raise InputError(
                    f"{path}: question {q.id!r}: duplicate id ({where})",
                    "ids must be unique across the whole bank; pick the next free number",
                )
            seen[q.id] = path
            questions.append(q)
    return tuple(questions)


def _parse_entry(raw: object, path: Path, n: int, known_skills: frozenset[str]) -> Question:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    label = f"question {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"question #{n} (no id)"

    def fail(problem: str, hint: str | None = _SCHEMA_HINT) -> InputError:
        return InputError(f"{path}: {label}: {problem}", hint)

    if not isinstance(raw, dict):
        raise fail("is not a table")
    missing = [f for f in _FIELDS if f not in raw]
    if missing:
        raise fail(f"missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise fail(f"unknown field(s) {', '.join(unknown)}", f"known fields: {', '.join(_FIELDS)}")

    qtype = raw["type"]
    if qtype not in TYPES:
        raise fail(f"unknown type {qtype!r}", _choices(qtype, TYPES))

    qid = raw["id"]
    if not isinstance(qid, str) or not _ID_RE.match(qid):
        raise fail("id must be kebab-case: lowercase letters, digits and single dashes")
    prefix = ID_PREFIXES[qtype] + "-"
    if not qid.startswith(prefix):
        raise fail(f"a {qtype} question's id must start with {prefix!r}")

    text = raw["text"]
    if not isinstance(text, str) or not text.strip():
        raise fail("text must be a non-empty string")

    def str_list(field: str, allowed: Sequence[str] | frozenset[str], *, min_len: int, what: str) -> tuple:
        value = raw[field]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"{field} must be a list of strings")
        if len(value) < min_len:
            raise fail(f"{field} needs at least {min_len} entr{'y' if min_len == 1 else 'ies'}")
        for v in value:
            if v not in allowed:
                raise fail(f"unknown {what} {v!r}", _choices(v, sorted(allowed)))
        if len(set(value)) != len(value):
            raise fail(f"{field} lists the same {what} twice")
        return tuple(value)

    levels = str_list("levels", LEVELS, min_len=1, what="level")
    roles = str_list("roles", (ANY_ROLE, *ROLES), min_len=1, what="role")
    if ANY_ROLE in roles and len(roles) > 1:
        raise fail('roles is either ["any"] or a list of specific roles, not both')
    competencies = str_list("competencies", COMPETENCIES, min_len=0, what="competency")
    skills = str_list("skills", known_skills, min_len=1, what="skill")

    difficulty = raw["difficulty"]
    if isinstance(difficulty, bool) or not isinstance(difficulty, int):
        raise fail("difficulty must be an integer")
    if not MIN_DIFFICULTY <= difficulty <= MAX_DIFFICULTY:
        raise fail(f"difficulty must be {MIN_DIFFICULTY}..{MAX_DIFFICULTY}, got {difficulty}")

    followups = raw["followups"]
    if not isinstance(followups, list) or not all(isinstance(f, str) and f.strip() for f in followups):
        raise fail("followups must be a list of non-empty strings")
    if len(followups) < MIN_FOLLOWUPS:
        raise fail(f"followups needs at least {MIN_FOLLOWUPS} entries")
    if len(set(followups)) != len(followups):
        raise fail("followups repeats the same follow-up")

    points = raw["talking_points"]
    if not isinstance(points, list) or not all(isinstance(p, str) and p.strip() for p in points):
        raise fail("talking_points must be a list of non-empty strings")
    if not MIN_TALKING_POINTS <= len(points) <= MAX_TALKING_POINTS:
        raise fail(f"talking_points needs {MIN_TALKING_POINTS} to {MAX_TALKING_POINTS} entries, got {len(points)}")
    if len({p.strip().lower() for p in points}) != len(points):
        raise fail("talking_points repeats the same point")

    minutes = raw["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise fail("minutes must be a number")
    if not 0 < minutes <= MAX_MINUTES:
        raise fail(f"minutes must be more than 0 and at most {MAX_MINUTES}, got {minutes}")

    return Question(
        id=qid,
        type=qtype,
        text=text.strip(),
        levels=levels,
        roles=roles,
        difficulty=difficulty,
        competencies=competencies,
        skills=skills,
        followups=tuple(f.strip() for f in followups),
        talking_points=tuple(p.strip() for p in points),
        minutes=float(minutes),
    )


def _choices(value: object, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1) if isinstance(value, str) else []
    listed = f"one of: {', '.join(allowed)}"
    return f"did you mean {close[0]!r}? ({listed})" if close else listed


# --------------------------------------------------------------------------- lookup


@lru_cache(maxsize=None)
def _index() -> dict[str, Question]:
    return {q.id: q for q in load_bank()}


def get(question_id: str) -> Question:
    """The question with this id; :class:`NotFoundError` (with a suggestion) if unknown."""
    index = _index()
    try:
        return index[question_id]
    except (KeyError, TypeError):
        pass
    close = difflib.get_close_matches(str(question_id), list(index), n=3)
    hint = (
        f"did you mean {', '.join(close)}?"
        if close
        else "question ids look like 'beh-conflict-001'; see drills/questions/*.toml"
    )
    raise NotFoundError(f"no question with id {question_id!r}", hint)


# --------------------------------------------------------------------------- selection


def select(
    *,
    type: str | Iterable[str] | None = None,  # noqa: A002 - the field is called type
    role: str | None = None,
    level: str | None = None,
    skills: Iterable[str] | None = None,
    exclude_ids: Iterable[str] = (),
    difficulty: int | None = None,
    seed: int | str | None = None,
    count: int = 1,
    bank: Sequence[Question] | None = None,
) -> list[Question]:
    """Pick up to ``count`` distinct questions (fewer only if fewer match the filters).

    Filters: ``type`` is one type, several, or None / "mixed" for the interview rounds
    (behavioral, system-design, coding-discussion, technical); ``role`` matches
    questions for that role or for "any"; ``level`` matches questions listing it.
    Preferences, in order: most skills in common with ``skills``, then difficulty
    closest to ``difficulty``; ties are broken at random with ``random.Random(seed)``,
    so the same seed (and the same bank) gives the same picks.
    ``exclude_ids`` (recently asked) are skipped unless nothing else is left; when they
    must be reused, the ones asked longest ago come first if ``exclude_ids`` is an
    ordered sequence (oldest first). ``bank`` defaults to :func:`load_bank`.
    """
    types = _wanted_types(type)
    if role is not None and role != ANY_ROLE and role not in ROLES:
        raise InputError(f"unknown role {role!r}", _choices(role, (ANY_ROLE, *ROLES)))
    if level is not None and level not in LEVELS:
        raise InputError(f"unknown level {level!r}", _choices(level, LEVELS))
    want = frozenset([skills] if isinstance(skills, str) else (skills or ()))
    unknown = sorted(want - _known_skills())
    if unknown:
        raise InputError(f"unknown skill {unknown[0]!r}", _choices(unknown[0], sorted(_known_skills())))
    if difficulty is not None and (
        isinstance(difficulty, bool)
        or not isinstance(difficulty, int)
        or not MIN_DIFFICULTY <= difficulty <= MAX_DIFFICULTY
    ):
        raise InputError(
            f"difficulty must be an integer {MIN_DIFFICULTY}..{MAX_DIFFICULTY}, got {difficulty!r}"
        )
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InputError(f"count must be a non-negative integer, got {count!r}")
    if count == 0:
        return []

    if isinstance(exclude_ids, str):
        exclude_ids = (exclude_ids,)
    ordered = isinstance(exclude_ids, Sequence)
    exclude_ids = list(exclude_ids)
    # Later position = asked more recently (a repeated id keeps its latest position).
    recency = {qid: i for i, qid in enumerate(exclude_ids)} if ordered else {}
    excluded = set(exclude_ids)

    pool = [
        q
        for q in (load_bank() if bank is None else bank)
        if q.type in types and q.fits_role(role) and q.fits_level(level)
    ]
    # A canonical order before shuffling, so the result depends only on seed and bank.
    pool.sort(key=lambda q: q.id)
    random.Random(seed).shuffle(pool)

    def rank(q: Question) -> tuple[int, int]:
        overlap = len(want.intersection(q.skills))
        distance = abs(q.difficulty - difficulty) if difficulty is not None else 0
        return (-overlap, distance)

    fresh = sorted((q for q in pool if q.id not in excluded), key=rank)  # stable: ties stay shuffled
    chosen = fresh[:count]
    if len(chosen) < count:
        stale = sorted(
            (q for q in pool if q.id in excluded), key=lambda q: (recency.get(q.id, 0), *rank(q))
        )
        chosen += stale[: count - len(chosen)]
    return chosen


def _wanted_types(type_: str | Iterable[str] | None) -> frozenset[str]:
    if type_ is None or type_ == MIXED:
        return frozenset(INTERVIEW_TYPES)
    names = [type_] if isinstance(type_, str) else list(type_)
    out: set[str] = set()
    for name in names:
        if name == MIXED:
            out.update(INTERVIEW_TYPES)
        elif name in TYPES:
            out.add(name)
        else:
            raise InputError(f"unknown question type {name!r}", _choices(name, (MIXED, *TYPES)))
    if not out:
        raise InputError("no question type given", f"one of: {', '.join((MIXED, *TYPES))}")
    return frozenset(out)
