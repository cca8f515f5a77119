"""From a requirement's words to icraft's microskills and question types.

Data, not model output: each row is (word stems, skill ids). A requirement maps to every
row whose stem starts one of its words ("mentor" matches "mentoring", "mentors"); a
technology maps through its category. What maps to nothing is listed as *unmapped*, so
the user sees what icraft cannot practise yet.
"""

from __future__ import annotations

import re

# Stems of words (lower case, matched at the start of a word) -> skill ids.
KEYWORD_SKILLS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("system design", "architect", "design doc", "technical design", "software design", "distributed"),
     ("component_design", "tradeoff_analysis")),
    (("scal", "high availability", "high-availability", "throughput", "high traffic", "high-traffic",
      "millions of", "billions of", "large-scale", "large scale", "performan", "latency", "caching"),
     ("scalability_thinking", "capacity_estimation")),
    (("capacity", "cost", "estimat", "sizing"), ("capacity_estimation",)),
    (("api", "rest", "graphql", "grpc", "interface", "contract", "integration"), ("api_design",)),
    (("reliab", "resilien", "on-call", "on call", "incident", "outage", "fault", "observab", "monitor",
      "disaster", "availability", "sre", "postmortem", "post-mortem", "uptime", "security", "secure"),
     ("failure_modes",)),
    (("trade-off", "tradeoff", "trade off", "pragmati", "decision", "evaluate", "technical choices"),
     ("tradeoff_analysis",)),
    (("mentor", "coach", "grow engineers", "develop engineers", "teach", "onboard", "pair program",
      "growth of", "career development"), ("mentoring_signal",)),
    (("lead", "leadership", "influence", "drive", "vision", "strategy", "roadmap", "initiative",
      "champion", "manage a team", "people manage", "hire", "hiring"), ("leadership_stories",)),
    (("own", "ownership", "accountab", "end-to-end", "end to end", "autonom", "self-starter",
      "self-driven", "self-motivated", "proactive", "initiative", "deliver", "ship"), ("ownership_signal",)),
    (("conflict", "disagree", "negotiat", "stakeholder", "cross-functional", "cross functional",
      "partner with", "collaborat", "align"), ("conflict_resolution",)),
    (("impact", "metric", "measur", "data-driven", "data driven", "kpi", "results", "outcome", "a/b"),
     ("quantifiable_results",)),
    (("communicat", "written", "writing", "present", "explain", "document", "articulat", "storytell"),
     ("conciseness", "star_structure")),
    (("fast-paced", "fast paced", "ambigu", "pressure", "deadline", "changing priorities", "startup"),
     ("confidence_under_pressure",)),
    (("algorithm", "data structure", "complexity", "optimi", "efficien", "computer science", "problem solving",
      "problem-solving", "analytical"), ("complexity_analysis",)),
    (("test", "tdd", "quality", "qa", "unit", "integration test", "ci/cd", "continuous integration"),
     ("testing_approach",)),
    (("code review", "code-review", "clean code", "maintainab", "readab", "best practices", "craftsmanship",
      "refactor", "coding standards", "code quality", "review their code", "review code", "reviewing code",
      "review pull request", "pull request"), ("code_review_reasoning",)),
    (("edge case", "correctness", "robust", "attention to detail", "detail-oriented", "detail oriented",
      "debug", "troubleshoot"), ("edge_cases",)),
    (("salary", "compensation", "equity", "negotiat"), ("value_articulation",)),
)

# A technology's category -> the skills a question about it exercises.
CATEGORY_SKILLS: dict[str, tuple[str, ...]] = {
    "language": ("complexity_analysis", "code_review_reasoning"),
    "framework": ("component_design", "code_review_reasoning"),
    "platform": ("component_design",),
    "database": ("tradeoff_analysis", "scalability_thinking"),
    "data": ("scalability_thinking", "tradeoff_analysis"),
    "cloud": ("scalability_thinking", "failure_modes"),
    "tool": ("failure_modes",),
}

# Skill id -> the question types that exercise it (first is the main one).
SKILL_TYPES: dict[str, tuple[str, ...]] = {
    "capacity_estimation": ("system-design",),
    "tradeoff_analysis": ("system-design", "technical"),
    "component_design": ("system-design",),
    "api_design": ("system-design", "technical"),
    "scalability_thinking": ("system-design",),
    "failure_modes": ("system-design", "technical"),
    "star_structure": ("behavioral",),
    "quantifiable_results": ("behavioral",),
    "ownership_signal": ("behavioral",),
    "conflict_resolution": ("behavioral",),
    "leadership_stories": ("behavioral",),
    "mentoring_signal": ("behavioral",),
    "conciseness": ("behavioral", "technical"),
    "confidence_under_pressure": ("behavioral",),
    "complexity_analysis": ("coding-discussion", "technical"),
    "edge_cases": ("coding-discussion",),
    "testing_approach": ("coding-discussion", "technical"),
    "code_review_reasoning": ("coding-discussion",),
    "value_articulation": ("negotiation",),
}

_COMPILED = [
    (re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(s) for s in stems) + ")"), skills)
    for stems, skills in KEYWORD_SKILLS
]


def skills_for(text: str, category: str | None = None) -> list[str]:
    """Skill ids for a requirement's text (and its technology category), in table order."""
    low = text.lower()
    out: list[str] = []
    for pattern, skills in _COMPILED:
        if pattern.search(low):
            out.extend(s for s in skills if s not in out)
    for s in CATEGORY_SKILLS.get(category or "", ()):
        if s not in out:
            out.append(s)
    return out
