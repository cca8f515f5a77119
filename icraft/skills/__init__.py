"""The skill graph: microskills, evidence from scored answers, fsrs scheduling, drill plan.

Public API (see docs/SKILLS.md): :func:`load_skills`, :func:`get_skill`,
:func:`apply_result`, :func:`skill_states`, :func:`skill_history`, :func:`plan`.
No Rich, no Textual here: the CLI and the dashboard render what these return.
"""

from icraft.skills.graph import SkillDef, categories, get_skill, load_skills, rules_by_skill
from icraft.skills.plan import PlanItem, as_of, parse_date, plan, urgency
from icraft.skills.repo import (
    SkillChange,
    SkillEvent,
    SkillState,
    apply_result,
    recent_question_ids,
    skill_history,
    skill_state,
    skill_states,
)

__all__ = [
    "PlanItem",
    "SkillChange",
    "SkillDef",
    "SkillEvent",
    "SkillState",
    "apply_result",
    "categories",
    "get_skill",
    "load_skills",
    "as_of",
    "parse_date",
    "plan",
    "recent_question_ids",
    "rules_by_skill",
    "skill_history",
    "skill_state",
    "skill_states",
    "urgency",
]
