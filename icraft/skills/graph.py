"""The microskills (nodes of the skill graph) and their tie to the rubric's rules.

Skills are data (``rubrics/skills.toml``); the edges are the other way round, in the
rubric: each rule lists the skills it gives evidence about (``Rule.skills``). Keeping
one direction only means a rule and its skills can never disagree.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from icraft.core.errors import IcraftError, NotFoundError
from icraft.resources import rubrics_dir

if TYPE_CHECKING:
    from icraft.rubric import Rubric, Rule


@dataclass(frozen=True, slots=True)
class SkillDef:
    """One microskill as declared in skills.toml."""

    id: str
    name: str
    category: str
    description: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "category": self.category, "description": self.description}


def skills_path() -> Path:
    return rubrics_dir() / "skills.toml"


@lru_cache(maxsize=8)
def load_skills(path: Path | None = None) -> tuple[SkillDef, ...]:
    """Every skill in file order (which groups them by category). Cached per path."""
    path = path or skills_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise IcraftError(f"cannot read the skills file {path}: {e}") from None
    skills: list[SkillDef] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("skill", [])):
        missing = [k for k in ("id", "name", "category") if not raw.get(k)]
        if missing:
            raise IcraftError(f"{path}: skill #{i + 1} lacks {', '.join(missing)}")
        if raw["id"] in seen:
            raise IcraftError(f"{path}: skill id '{raw['id']}' is declared twice")
        seen.add(raw["id"])
        skills.append(SkillDef(raw["id"], raw["name"], raw["category"], raw.get("description", "")))
    if not skills:
        raise IcraftError(f"{path} declares no [[skill]]")
    return tuple(skills)


# Which answers can give evidence about a skill, by the skill's category: a rule's
# skills are declared once for every question type it applies to, but a behavioral
# story without numbers says nothing about capacity estimation, and a design answer
# without a follow-up says nothing about code review. Communication skills show in
# every answer; a category missing here is not restricted.
CATEGORY_QUESTION_TYPES: dict[str, frozenset[str]] = {
    "behavioral": frozenset({"behavioral", "technical"}),
    "system_design": frozenset({"system-design", "technical", "coding-discussion"}),
    "coding": frozenset({"coding-discussion", "technical"}),
    "negotiation": frozenset({"negotiation"}),
}


def skill_fits(skill_id: str, question_type: str) -> bool:
    """Whether an answer of this question type can be evidence about the skill."""
    category = next((s.category for s in load_skills() if s.id == skill_id), None)
    types = CATEGORY_QUESTION_TYPES.get(category or "")
    return types is None or question_type in types


def skill_ids() -> tuple[str, ...]:
    return tuple(s.id for s in load_skills())


def categories() -> tuple[str, ...]:
    """Skill categories in first-seen order."""
    return tuple(dict.fromkeys(s.category for s in load_skills()))


def get_skill(skill_id: str) -> SkillDef:
    """The skill with this id, or a NotFoundError that suggests the nearest ids."""
    for s in load_skills():
        if s.id == skill_id:
            return s
    ids = [s.id for s in load_skills()]
    close = difflib.get_close_matches(skill_id.lower().replace("-", "_"), ids, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else "run `icraft skills` to list them"
    raise NotFoundError(f"unknown skill '{skill_id}'", hint)


def rules_by_skill(rubric: Rubric) -> dict[str, tuple[Rule, ...]]:
    """skill id -> the rubric rules that give evidence about it (every skill is a key)."""
    out: dict[str, list[Rule]] = {s.id: [] for s in load_skills()}
    for rule in rubric.rules:
        for sid in rule.skills:
            if sid in out:
                out[sid].append(rule)
    return {k: tuple(v) for k, v in out.items()}


def unknown_rule_skills(rubric: Rubric) -> list[tuple[str, str]]:
    """(rule id, skill id) pairs where a rule names a skill skills.toml does not declare."""
    known = set(skill_ids())
    return [(r.id, s) for r in rubric.rules for s in r.skills if s not in known]


def evidence_types(rubric: Rubric, skill_id: str) -> frozenset[str]:
    """The question types whose answers can move the skill: some rule that lists it
    applies to the type, and the skill's category fits it (``skill_fits``). A drill for
    testing_approach must be a coding discussion (no_testing judges nothing else); a
    technical question "tagged" testing_approach could never move it."""
    return frozenset(
        t for r in rubric.rules if skill_id in r.skills for t in r.applies_to if skill_fits(skill_id, t)
    )


def timing_only_skills(rubric: Rubric) -> frozenset[str]:
    """Skills every one of whose rules needs word timings (pacing...): a typed answer
    can never show them, so typed drills leave them out."""
    return frozenset(sid for sid, rules in rules_by_skill(rubric).items() if rules and all(r.timed for r in rules))
