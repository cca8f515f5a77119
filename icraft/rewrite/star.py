"""STAR roles of an answer's sentences, for reordering (situation, task, action, result).

The classifier is deliberately simple and cue-based: it only decides *where* a
sentence the candidate said goes, never what it says, and every reorder is kept
only if re-linting does not score it lower (see :mod:`icraft.rewrite.versions`).
"""

from __future__ import annotations

import re
from typing import Sequence

SITUATION, TASK, ACTION, RESULT, LESSON, OTHER = "situation", "task", "action", "result", "lesson", "other"
ORDER = (SITUATION, TASK, ACTION, RESULT, LESSON)

_CUES: dict[str, tuple[str, ...]] = {
    LESSON: (
        r"\bi learn(ed|t)\b", r"\blesson", r"\bnext time\b", r"\bin hindsight\b", r"\bdo (it )?differently\b",
        r"\btakeaway\b", r"\blooking back\b",
    ),
    RESULT: (
        r"\bas a result\b", r"\bresult(ed|s)?\b", r"\boutcome\b", r"\bin the end\b", r"\bended up\b",
        r"\bafter that\b", r"\bwent (down|up|fine|well)\b", r"\b(dropped|fell|rose|saved|halved|doubled)\b",
        r"\b(reduced|increased|improved|cut) (it|the|our|by|from)\b", r"\d+ ?%", r"\bpercent\b",
        r"\bnever (happened|came back)\b", r"\bno (more|longer)\b", r"\bsucceeded\b", r"\bimpact\b",
    ),
    TASK: (
        r"\bi was (responsible|asked|tasked|the (on-?call|lead|owner))", r"\bmy (job|task|role|goal) was\b",
        r"\bi (needed|had) to\b", r"\bthe goal was\b", r"\bi owned\b", r"\bi had to\b",
    ),
    SITUATION: (
        r"\bthe situation\b", r"\bat my (last|previous|current) (job|company|team)\b", r"\bwhen i was\b",
        r"\bback (in|when)\b", r"\bthere was\b", r"\bwe had (a|an)\b", r"\bour (team|service|system|page|app)\b.*\b(was|were)\b",
        r"\bthe problem was\b", r"\bcontext\b", r"\bwas (timing out|failing|slow|down|breaking)\b",
    ),
    ACTION: (
        r"\bi (\w+ )?(decided|built|wrote|rewrote|designed|led|proposed|implemented|migrated|refactored|added|"
        r"created|fixed|shipped|introduced|moved|split|batched|profiled|measured|looked|investigated|"
        r"debugged|traced|found|set up|automated|replaced|talked|met|convinced|negotiated|chose|picked|"
        r"started|ran|tested|reviewed|mentored|paired|organi[sz]ed|prioriti[sz]ed|asked|went)\b",
        r"\bwe (\w+ )?(decided|built|wrote|rewrote|designed|implemented|migrated|added|created|fixed|shipped)\b",
        r"\bi would\b", r"\bi'd\b", r"\bmy approach\b",
    ),
}
_COMPILED = {role: tuple(re.compile(p, re.IGNORECASE) for p in pats) for role, pats in _CUES.items()}
# Checked in this order: a sentence with both an action and a number is a result.
_PRIORITY = (LESSON, RESULT, TASK, SITUATION, ACTION)

_HEADLINE = (
    re.compile(r"\b(i would|i'd|i will|my approach|i recommend|the answer is|in short|my (answer|recommendation))\b", re.I),
)


def classify(sentence: str) -> str:
    for role in _PRIORITY:
        if any(p.search(sentence) for p in _COMPILED[role]):
            return role
    return OTHER


def roles(sentences: Sequence[str]) -> list[str]:
    """The STAR role of each sentence; an unclassified sentence continues the role
    before it (a follow-on sentence belongs with what it follows)."""
    out: list[str] = []
    for i, s in enumerate(sentences):
        role = classify(s)
        if role == OTHER:
            role = out[-1] if out else SITUATION
        out.append(role)
    return out


def star_order(sentences: Sequence[str]) -> list[int]:
    """Indices of ``sentences`` in STAR order (stable within each role)."""
    rs = roles(sentences)
    return sorted(range(len(sentences)), key=lambda i: (ORDER.index(rs[i]), i))


def headline_index(sentences: Sequence[str], question_type: str | None) -> int | None:
    """The sentence that answers the question, to open with: the recommendation in a
    design/technical answer, the result in a behavioural story. None if there is none."""
    if question_type and question_type != "behavioral":
        for i, s in enumerate(sentences):
            if any(p.search(s) for p in _HEADLINE):
                return i
        return None
    rs = roles(sentences)
    return next((i for i, r in enumerate(rs) if r == RESULT and classify(sentences[i]) == RESULT), None)


def has_role(sentences: Sequence[str], role: str) -> bool:
    return any(classify(s) == role for s in sentences)
