"""The LLM hook: with a model configured, it writes the three versions and icraft checks them.

A model's version is used only if (1) it adds no fact the candidate did not say
(numbers, names, technologies outside ``[placeholders]``, see
:mod:`icraft.rewrite.facts`), and (2) re-linting it by the same engine scores at
least as high as the rule-built version for that slot and the lighter version
before it. Otherwise the rule-built version (or the lighter one) is kept and a note
says why. Gains are always icraft's re-lint, never the model's claim. A provider
failure falls back through the configured chain to the offline, rule-built versions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from icraft.core.errors import IcraftError
from icraft.core.findings import AnswerResult
from icraft.rewrite.diff import DELETE, INSERT, word_diff
from icraft.rewrite.facts import new_facts
from icraft.rewrite.gains import Relinter
from icraft.rewrite.text import Edit
from icraft.rewrite.versions import IDEAL, MEDIUM, MINIMAL, Version, Versions, build_versions, make_version

if TYPE_CHECKING:
    from icraft.core.transcript import Turn
    from icraft.providers import FallbackChain

SYSTEM = (
    "You coach candidates for tech interviews. Rewrite the candidate's answer three times, using ONLY "
    "facts the candidate stated. Never add a number, name, product or technology they did not say; where "
    "content is missing, write a bracketed placeholder such as [metric: by how much?], [result: what "
    "changed?], [your decision: why this option over ...?] or [trade-off: what else did you consider?]. "
    "minimal: the smallest edits (drop fillers and hedges, 'I' for the candidate's own actions). "
    "medium: restructured (STAR for stories), the answer first. ideal: complete, with placeholders."
)
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {MINIMAL: {"type": "string"}, MEDIUM: {"type": "string"}, IDEAL: {"type": "string"}},
    "required": [MINIMAL, MEDIUM, IDEAL],
    "additionalProperties": False,
}


def wanted() -> bool:
    """True when an LLM provider other than offline is configured."""
    from icraft import config
    from icraft.providers import OFFLINE

    return (config.get("llm.provider") or OFFLINE) != OFFLINE


def _prompt(text: str, result: AnswerResult, question: str | None, question_type: str) -> str:
    findings = "\n".join(f"- {f.rule_id}: {f.message} (fix: {f.fix})" for f in result.findings if f.measurable)
    return (
        f"Question type: {question_type}\nQuestion: {question or '(not recorded)'}\n"
        f"Candidate's answer:\n{text}\n\nLint findings:\n{findings or '- none'}\n\n"
        "Return the three versions as JSON."
    )


def _edits(before: str, after: str, source: str) -> list[Edit]:
    chunks = word_diff(before, after)
    edits: list[Edit] = []
    for i, c in enumerate(chunks):
        if c.op == DELETE:
            nxt = chunks[i + 1] if i + 1 < len(chunks) and chunks[i + 1].op == INSERT else None
            edits.append(Edit("rewrite", c.text, nxt.text if nxt else "", f"written by {source}"))
        elif c.op == INSERT and not (i and chunks[i - 1].op == DELETE):
            edits.append(Edit("rewrite", "", c.text, f"written by {source}"))
    return edits


def check_versions(
    answer: str | Turn,
    result: AnswerResult,
    proposed: dict[str, str],
    *,
    source: str,
    question: str | None = None,
    question_type: str | None = None,
    rubric: Any = None,
) -> Versions:
    """Verify a model's versions against the rule-built ones (see the module doc)."""
    qtype = question_type or result.question_type
    relint = Relinter(question=question if question is not None else result.question, question_type=qtype,
                      rubric=rubric)
    built = build_versions(answer, result, question=question, question_type=qtype, relint=relint)
    if built.nothing_to_fix:  # no rule fired: nothing for a model's versions to improve on
        return built
    original = built.original
    notes = list(built.notes)
    chosen: list[Version] = []
    floor = built.baseline.score.overall
    for name in (MINIMAL, MEDIUM, IDEAL):
        rule_v = built.get(name)
        text = " ".join(str(proposed.get(name) or "").split())
        pick: Version | None = None
        if not text:
            notes.append(f"{name}: the model returned nothing; using icraft's version")
        elif invented := new_facts(original, text):
            notes.append(f"{name}: the model added facts not in your answer ({', '.join(invented)}); "
                         "using icraft's version")
        else:
            try:
                candidate = make_version(relint, original, name, text, _edits(original, text, source))
            except IcraftError as e:
                notes.append(f"{name}: {e.message}; using icraft's version")
            else:
                if candidate.score >= max(rule_v.score, floor):
                    pick = candidate
                else:
                    notes.append(f"{name}: the model's version scored {candidate.score}, lower than "
                                 f"{max(rule_v.score, floor)}; using icraft's version")
        if pick is None:
            pick = rule_v
            if chosen and pick.score < chosen[-1].score:  # keep ideal >= medium >= minimal
                pick = replace(chosen[-1], name=name)
        chosen.append(pick)
        floor = pick.score
    return replace(built, versions=tuple(chosen), notes=tuple(notes), source=source)


def llm_versions(
    answer: str | Turn,
    result: AnswerResult,
    *,
    question: str | None = None,
    question_type: str | None = None,
    chain: FallbackChain | None = None,
    rubric: Any = None,
) -> Versions | None:
    """The model's three versions, checked; None when the chain ends offline."""
    from icraft.providers import FallbackChain

    text = answer if isinstance(answer, str) else answer.text
    qtype = question_type or result.question_type
    prompt = _prompt(text, result, question, qtype)
    chain = chain or FallbackChain()
    reply = chain.run(
        lambda llm: llm.complete(prompt, system=SYSTEM, schema=SCHEMA, purpose="diff"), purpose="diff"
    )
    if reply is None or not isinstance(reply.data, dict):
        return None
    source = f"{reply.provider}/{reply.model}" if reply.model else reply.provider
    return check_versions(answer, result, reply.data, source=source, question=question, question_type=qtype,
                          rubric=rubric)
