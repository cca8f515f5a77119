"""Placeholders: where content is missing, a version asks for it instead of inventing it.

A placeholder is square-bracketed text, ``[label: question?]``. Each has a label the
output refers to (``+8 once [metric] is filled``), the rubric rules its content
would satisfy (read from the rubric: the rules whose ``placeholder`` or ``filled_by``
name it, see :func:`rules_of`; a version's placeholders are bound to the rubric it is
judged by), and a neutral *example* of that content. How scoring treats them
(docs/DIFF.md): a version is linted with its placeholders removed (they earn
nothing); a rule is *pending* on a placeholder only if re-linting the version with
that placeholder replaced by its example really passes the rule, and "once filled"
is the re-lint of the version with every placeholder replaced by its example. The
examples are measuring sticks, never shown as the candidate's facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

from icraft.core.errors import InputError
from icraft.rewrite import star

if TYPE_CHECKING:
    from icraft.rubric.model import Rubric


@dataclass(frozen=True, slots=True)
class Placeholder:
    label: str  # "metric"
    text: str  # "[metric: by how much?]"
    star_role: str  # where in a STAR answer it goes
    example: str  # neutral filled content, as a sentence of its own
    inline: str = ""  # the same inside a sentence ("it got better [metric]."), if different
    # One of the cheapest content fixes (how it ended, and by how much), which the
    # minimal version already asks for.
    minimal: bool = False
    # The rules it stands for in a given rubric (set by :func:`bind`); None: the default's.
    bound: tuple[str, ...] | None = None

    @property
    def rules(self) -> tuple[str, ...]:
        """The rubric rules whose content this placeholder stands for."""
        return self.bound if self.bound is not None else rules_of(self)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "text": self.text, "rules": list(self.rules), "example": self.example}


def _p(label: str, question: str, role: str, example: str, inline: str = "", *, minimal: bool = False) -> Placeholder:
    return Placeholder(label, f"[{label}: {question}]", role, example, inline, minimal=minimal)


SITUATION = _p("situation", "where and when was this, and what was at stake?", star.SITUATION,
               "At my last job, the checkout service started timing out during our biggest sale of the year.")
TASK = _p("task", "what were you responsible for?", star.TASK,
          "I was the on-call engineer, so getting checkout stable again was my job.")
ACTION = _p("action", "what did you do, step by step?", star.ACTION,
            "I traced the slow requests to one database query, rewrote it and rolled the fix out behind a flag.")
YOUR_PART = _p("your part", "what did you do yourself?", star.ACTION,
               "I traced the errors, I found the slow query, I wrote the fix and I rolled it out myself.",
               ", and I traced the errors, I found the slow query, I wrote the fix and I rolled it out myself")
RESULT = _p("result", "what changed?", star.RESULT,
            "As a result, checkout stopped timing out.", minimal=True)
METRIC = _p("metric", "by how much?", star.RESULT,
            "Errors fell from 4% to 0.1% of requests.", ", with errors down from 4% to 0.1% of requests",
            minimal=True)
# The figure a vague quantity ("a lot of games", "much faster") stands for, asked for in
# the sentence that says it: whatever the question type, the finding asks for that number.
NUMBER = _p("number", "how many or how much, roughly?", star.RESULT,
            "That was about 20 hours a week.", ", about 20 hours a week", minimal=True)
ESTIMATE = _p("estimate", "how many users, requests per second, how much data?", star.SITUATION,
              "I'm planning for about 10 million users and 5,000 requests per second at peak.",
              ", at about 10 million users and 5,000 requests per second at peak", minimal=True)
DECISION = _p("your decision", "why this option over ...?", star.ACTION,
              "I chose this over a full rewrite because it was faster to ship, at the cost of some cleanup later.")
TRADEOFF = _p("trade-off", "what else did you consider?", star.ACTION,
              "I considered a full rewrite instead, but the trade-off was months of work against a quick, safe fix.")
ASSUMPTION = _p("assumption", "what scale, users and constraints are you assuming?",
                star.SITUATION, "I'm assuming about 10 million users, mostly reads, and a latency target of 200 ms.")
SCALE = _p("scale", "how many users or requests per second, and what breaks first?",
           star.ACTION, "At 5,000 requests per second the database breaks first, so I would add read replicas "
           "and shard by user id as we scale.")
STAKEHOLDERS = _p("stakeholders", "who did you align with, and how?", star.ACTION,
                  "I met the product manager and the support lead, walked them through the options and agreed "
                  "on a plan together.")
MENTORING = _p("mentoring", "whom did you help grow, and how?", star.ACTION,
               "I paired with a junior engineer on the fix and coached her until she could run the next rollout.")
ANCHOR = _p("anchor", "your number first, and what it is based on?", star.SITUATION,
            "Based on market data for this level and the scope we discussed, I'm looking for a base of 195.")
DEPTH = _p("detail", "the mechanism: how does it work, and why?", star.ACTION,
           "It works because every read checks the cache first, so the database only sees misses; that is why "
           "latency dropped.")
LESSON = _p("lesson", "what did you learn, and what do you do differently since?", star.LESSON,
            "I learned to look at traces before guessing, and I now add tracing to every new service.")
FAILURE = _p("failure", "what fails, and what happens then?", star.ACTION,
             "If the cache fails, requests fall back to the database and we alert on the error rate.")
COMPONENTS = _p("components", "which parts, and how do they talk to each other?", star.ACTION,
                "An API service writes jobs to a queue, workers consume them and store results in the database, "
                "and a cache sits in front of it.")
COMPLEXITY = _p("complexity", "time and space, in big-O?", star.ACTION,
                "It runs in O(n) time and O(n) space.")
EDGE_CASES = _p("edge cases", "which inputs would break it?", star.ACTION,
                "The edge cases are an empty input, duplicates and very large values.")
TESTING = _p("testing", "how would you test it?", star.ACTION,
             "I would test it with unit tests for each edge case and a load test before release.")
EXAMPLE = _p("example", "when did you show this, and what happened?", star.ACTION,
             "For example, last year I took over our flaky deploy pipeline and cut failed deploys from one in five "
             "to one in fifty.")

ALL: tuple[Placeholder, ...] = (
    SITUATION, TASK, ACTION, RESULT, METRIC, DECISION, TRADEOFF, ASSUMPTION, SCALE, STAKEHOLDERS, MENTORING,
    ANCHOR, DEPTH, LESSON, ESTIMATE, FAILURE, COMPONENTS, COMPLEXITY, EDGE_CASES, TESTING, YOUR_PART, EXAMPLE,
    NUMBER,
)
_BY_TEXT = {p.text: p for p in ALL}
_BY_LABEL = {p.label: p for p in ALL}


def _labels(rubric: Rubric) -> None:
    """Every placeholder label the rubric names must exist here (one clear error if not)."""
    for rule in rubric.rules:
        for label in (*rule.placeholders, *rule.filled_by):
            if label not in _BY_LABEL:
                raise InputError(
                    f"{rubric.path or 'rubric'} rule '{rule.id}': unknown placeholder '{label}'",
                    f"one of: {', '.join(sorted(_BY_LABEL))}",
                )


def for_rule(rule: str, question_type: str, rubric: Rubric | None = None) -> tuple[Placeholder, ...]:
    """The placeholders a version adds for ``rule`` (its ``placeholder`` in the rubric),
    as the question type asks for them (:func:`metric_for`): a story's metric is a
    system design's estimate of its load; every other type keeps the rubric's own."""
    rb = _rubric(rubric)
    spec = rb.rule_or_none(rule)
    if spec is None:
        return ()
    _labels(rb)
    return tuple(metric_for(question_type) if p is METRIC else p
                 for p in (_BY_LABEL[label] for label in spec.placeholders))


def rules_of(p: Placeholder, rubric: Rubric | None = None) -> tuple[str, ...]:
    """The rules ``p``'s content stands for: those whose ``placeholder`` or ``filled_by``
    name it, the rule with the lower ``priority`` first."""
    rb = _rubric(rubric)
    return tuple(r.id for r in rb.by_priority() if p.label in r.placeholders or p.label in r.filled_by)


def bind(p: Placeholder, rubric: Rubric | None = None) -> Placeholder:
    """``p`` with the rules it stands for in ``rubric`` (what a version reports)."""
    from dataclasses import replace

    return replace(p, bound=rules_of(p, rubric))


def _rubric(rubric: Rubric | None) -> Rubric:
    from icraft.rubric.model import load_rubric

    return rubric if rubric is not None else load_rubric()


def metric_for(question_type: str) -> Placeholder:
    """The number an answer of ``question_type`` is missing: a design's estimate of users,
    requests and data; the result's "by how much?" anywhere else ("Tell me about
    yourself" is never asked for requests per second)."""
    return ESTIMATE if question_type == "system-design" else METRIC


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
        if p is None or (only is not None and p.text != only.text):
            return m.group()
        before = text[: m.start()].rstrip()
        if not before or before.endswith((".", "!", "?", "]")):
            return p.example
        if before.endswith(",") and p.inline:  # a clause of its own: "fine, [metric]." -> "fine, with ..."
            return p.inline.lstrip(", ")
        return p.inline or p.example

    out = _BRACKETED.sub(sub, text)
    out = re.sub(r"\s+,", ",", out)  # "better , with errors" -> "better, with errors"
    out = re.sub(r"\.\.+", ".", out)  # an example sentence before the text's own full stop
    return " ".join(out.split())
