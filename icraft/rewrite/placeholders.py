"""Placeholders: where content is missing, a version asks for it instead of inventing it.

A placeholder is square-bracketed text, ``[label: question?]``. Each has a label the
output refers to (``+8 once [metric] is filled``), the rubric rules its content
would satisfy, and a neutral *example* of that content. How scoring treats them
(docs/DIFF.md): a version is linted with its placeholders removed (they earn
nothing); a rule is *pending* on a placeholder only if re-linting the version with
that placeholder replaced by its example really passes the rule, and "once filled"
is the re-lint of the version with every placeholder replaced by its example. The
examples are measuring sticks, never shown as the candidate's facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icraft.rewrite import star


@dataclass(frozen=True, slots=True)
class Placeholder:
    label: str  # "metric"
    text: str  # "[metric: by how much?]"
    rules: tuple[str, ...]  # rubric rules whose content this placeholder stands for
    star_role: str  # where in a STAR answer it goes
    example: str  # neutral filled content, as a sentence of its own
    inline: str = ""  # the same inside a sentence ("it got better [metric]."), if different

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "text": self.text, "rules": list(self.rules), "example": self.example}


def _p(label: str, question: str, rules: tuple[str, ...], role: str, example: str, inline: str = "") -> Placeholder:
    return Placeholder(label, f"[{label}: {question}]", rules, role, example, inline)


SITUATION = _p("situation", "where and when was this, and what was at stake?", ("no_star_structure",), star.SITUATION,
               "At my last job, the checkout service started timing out during our biggest sale of the year.")
TASK = _p("task", "what were you responsible for?", ("no_star_structure",), star.TASK,
          "I was the on-call engineer, so getting checkout stable again was my job.")
ACTION = _p("action", "what did you do, step by step?", ("no_star_structure",), star.ACTION,
            "I traced the slow requests to one database query, rewrote it and rolled the fix out behind a flag.")
YOUR_PART = _p("your part", "what did you do yourself?", ("no_ownership",), star.ACTION,
               "I traced the errors, I found the slow query, I wrote the fix and I rolled it out myself.",
               ", and I traced the errors, I found the slow query, I wrote the fix and I rolled it out myself")
RESULT = _p("result", "what changed?", ("missing_result", "no_star_structure"), star.RESULT,
            "As a result, checkout stopped timing out.")
METRIC = _p("metric", "by how much?", ("missing_metrics", "result_not_specific", "vague_quantities"), star.RESULT,
            "Errors fell from 4% to 0.1% of requests.", ", with errors down from 4% to 0.1% of requests")
ESTIMATE = _p("estimate", "how many users, requests per second, how much data?",
              ("missing_metrics", "vague_quantities"), star.SITUATION,
              "I'm planning for about 10 million users and 5,000 requests per second at peak.",
              ", at about 10 million users and 5,000 requests per second at peak")
DECISION = _p("your decision", "why this option over ...?", ("no_ownership", "no_tradeoff"), star.ACTION,
              "I chose this over a full rewrite because it was faster to ship, at the cost of some cleanup later.")
TRADEOFF = _p("trade-off", "what else did you consider?", ("no_tradeoff",), star.ACTION,
              "I considered a full rewrite instead, but the trade-off was months of work against a quick, safe fix.")
ASSUMPTION = _p("assumption", "what scale, users and constraints are you assuming?", ("no_assumptions",),
                star.SITUATION, "I'm assuming about 10 million users, mostly reads, and a latency target of 200 ms.")
SCALE = _p("scale", "how many users or requests per second, and what breaks first?", ("no_scale_thinking",),
           star.ACTION, "At 5,000 requests per second the database breaks first, so I would add read replicas "
           "and shard by user id as we scale.")
STAKEHOLDERS = _p("stakeholders", "who did you align with, and how?", ("no_stakeholder_mgmt",), star.ACTION,
                  "I met the product manager and the support lead, walked them through the options and agreed "
                  "on a plan together.")
MENTORING = _p("mentoring", "whom did you help grow, and how?", ("no_mentoring_signal",), star.ACTION,
               "I paired with a junior engineer on the fix and coached her until she could run the next rollout.")
ANCHOR = _p("anchor", "your number first, and what it is based on?", ("weak_anchor", "early_concession"),
            star.SITUATION,
            "Based on market data for this level and the scope we discussed, I'm looking for a base of 195.")
DEPTH = _p("detail", "the mechanism: how does it work, and why?", ("shallow_followup",), star.ACTION,
           "It works because every read checks the cache first, so the database only sees misses; that is why "
           "latency dropped.")
LESSON = _p("lesson", "what did you learn, and what do you do differently since?", ("no_reflection",), star.LESSON,
            "I learned to look at traces before guessing, and I now add tracing to every new service.")
FAILURE = _p("failure", "what fails, and what happens then?", ("no_failure_modes",), star.ACTION,
             "If the cache fails, requests fall back to the database and we alert on the error rate.")
COMPONENTS = _p("components", "which parts, and how do they talk to each other?", ("no_components",), star.ACTION,
                "An API service writes jobs to a queue, workers consume them and store results in the database, "
                "and a cache sits in front of it.")
COMPLEXITY = _p("complexity", "time and space, in big-O?", ("no_complexity",), star.ACTION,
                "It runs in O(n) time and O(n) space.")
EDGE_CASES = _p("edge cases", "which inputs would break it?", ("no_edge_cases",), star.ACTION,
                "The edge cases are an empty input, duplicates and very large values.")
TESTING = _p("testing", "how would you test it?", ("no_testing",), star.ACTION,
             "I would test it with unit tests for each edge case and a load test before release.")
EXAMPLE = _p("example", "when did you show this, and what happened?", ("no_example",), star.ACTION,
             "For example, last year I took over our flaky deploy pipeline and cut failed deploys from one in five "
             "to one in fifty.")

ALL: tuple[Placeholder, ...] = (
    SITUATION, TASK, ACTION, RESULT, METRIC, DECISION, TRADEOFF, ASSUMPTION, SCALE, STAKEHOLDERS, MENTORING,
    ANCHOR, DEPTH, LESSON, ESTIMATE, FAILURE, COMPONENTS, COMPLEXITY, EDGE_CASES, TESTING, YOUR_PART, EXAMPLE,
)
_BY_TEXT = {p.text: p for p in ALL}

# The placeholder a version adds for a rule that fires (ideal: every one that applies).
FOR_RULE: dict[str, tuple[Placeholder, ...]] = {
    "missing_result": (RESULT,),
    "result_not_specific": (METRIC,),
    "missing_metrics": (METRIC,),
    "no_tradeoff": (TRADEOFF,),
    "no_ownership": (YOUR_PART, DECISION),
    "no_assumptions": (ASSUMPTION,),
    "no_scale_thinking": (SCALE,),
    "no_stakeholder_mgmt": (STAKEHOLDERS,),
    "no_mentoring_signal": (MENTORING,),
    "weak_anchor": (ANCHOR,),
    "shallow_followup": (DEPTH,),
    "vague_quantities": (METRIC,),
    "no_reflection": (LESSON,),
    "no_failure_modes": (FAILURE,),
    "no_components": (COMPONENTS,),
    "no_complexity": (COMPLEXITY,),
    "no_edge_cases": (EDGE_CASES,),
    "no_testing": (TESTING,),
    "no_example": (EXAMPLE,),
}



def for_rule(rule: str, question_type: str) -> tuple[Placeholder, ...]:
    """The placeholders a version adds for ``rule``: a story asks for the result's
    metric, a design or technical answer for an estimate."""
    found = FOR_RULE.get(rule, ())
    if question_type != "behavioral":
        found = tuple(ESTIMATE if p is METRIC else p for p in found)
    return found


def metric_for(question_type: str) -> Placeholder:
    return METRIC if question_type == "behavioral" else ESTIMATE


_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def found_in(text: str) -> list[Placeholder]:
    """The known placeholders present in ``text``, in order of appearance."""
    return [_BY_TEXT[m.group()] for m in _BRACKETED.finditer(text) if m.group() in _BY_TEXT]


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of every bracketed span (placeholder or the candidate's own)."""
    return [(m.start(), m.end()) for m in _BRACKETED.finditer(text)]


def fill(text: str, only: Placeholder | None = None) -> str:
    """``text`` with each known placeholder (or just ``only``) replaced by its example:
    the sentence form where the placeholder stands as a sentence, the inline form where
    it sits inside one. What "once filled" is measured on; never shown as a version."""

    def sub(m: re.Match[str]) -> str:
        p = _BY_TEXT.get(m.group())
        if p is None or (only is not None and p is not only):
            return m.group()
        before = text[: m.start()].rstrip()
        if not before or before.endswith((".", "!", "?", "]")):
            return p.example
        return p.inline or p.example

    out = _BRACKETED.sub(sub, text)
    out = re.sub(r"\s+,", ",", out)  # "better , with errors" -> "better, with errors"
    out = re.sub(r"\.\.+", ".", out)  # an example sentence before the text's own full stop
    return " ".join(out.split())
