"""STAR roles of an answer's sentences, for reordering (situation, task, action, result).

The labels come from the lint engine's own clause classifier
(:attr:`icraft.rubric.context.AnswerContext.star`), so a reorder moves sentences the way the
linter reads them. It only decides *where* a sentence the candidate said goes,
never what it says, and every reorder is kept only if re-linting does not score it
lower (see :mod:`icraft.rewrite.versions`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

from icraft.core.transcript import Turn
from icraft.rewrite.text import strip_placeholders
from icraft.rubric import lexicon as lx
from icraft.rubric.context import AnswerContext

SITUATION, TASK, ACTION, RESULT, LESSON, OTHER = "situation", "task", "action", "result", "lesson", "other"
ORDER = (SITUATION, TASK, ACTION, RESULT, LESSON)

_HEADLINE = (
    re.compile(r"\b(i would|i'd|i will|my approach|i recommend|the answer is|in short|my (answer|recommendation))\b", re.I),
)


def _profile(sentences: Sequence[str]) -> tuple[list[dict[str, int]], list[bool]]:
    """Per sentence: words per STAR label of its clauses, and whether it reflects.

    The lint engine's own view (:attr:`icraft.rubric.context.AnswerContext.star`) of
    the sentences joined, placeholders removed; its clauses are mapped back to our
    sentences by character offset (a clause belongs to the sentence it starts in).
    """
    text = ""
    starts: list[int] = []
    owner: list[int] = []
    for k, sent in enumerate(sentences):
        clean = strip_placeholders(sent)
        if not clean:
            continue
        if text:
            text += " "
        starts.append(len(text))
        owner.append(k)
        text += clean
    labels: list[dict[str, int]] = [{} for _ in sentences]
    reflect = [False] * len(sentences)
    if not text:
        return labels, reflect
    ctx = AnswerContext(answer_index=0, turn_index=0, turn=Turn.from_text("candidate", text), question=None,
                        question_type="behavioral")
    profile = ctx.star
    for ci, (clause, label) in enumerate(zip(profile.clauses, profile.labels)):
        k = owner[max(0, bisect_right(starts, clause.char_start) - 1)]
        reflect[k] = reflect[k] or ci in profile.reflection
        if label:
            labels[k][label] = labels[k].get(label, 0) + clause.n_words
    return labels, reflect


def cued_roles(sentences: Sequence[str]) -> list[str]:
    """The STAR role of each sentence, as the lint engine's classifier labels its
    clauses (so a reorder moves sentences the way the linter reads them): the label
    covering most of the sentence's words; reflection makes it a lesson; OTHER when
    the sentence has no cue. A placeholder sentence takes its placeholder's role."""
    from icraft.rewrite.placeholders import found_in

    if not sentences:
        return []
    labels, reflect = _profile(sentences)
    out: list[str] = []
    for k, sent in enumerate(sentences):
        marks = found_in(sent)
        if marks and sent.strip().startswith("["):
            role = marks[0].star_role
        elif reflect[k]:
            role = LESSON
        elif labels[k]:
            role = max(labels[k].items(), key=lambda kv: kv[1])[0]
        else:
            role = OTHER
        out.append(role)
    return out


def roles(sentences: Sequence[str]) -> list[str]:
    """Like :func:`cued_roles`, but a sentence with no cue continues the role before
    it (a follow-on sentence belongs with what it follows)."""
    out: list[str] = []
    for role in cued_roles(sentences):
        out.append(role if role != OTHER else (out[-1] if out else SITUATION))
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
    from icraft.rewrite.placeholders import METRIC

    roles_ = cued_roles(sentences)
    results = [i for i, r in enumerate(roles_) if r == RESULT and not sentences[i].lstrip().startswith("[")]
    # The outcome with a number if there is one; else the sentence the patch asked the
    # number for (where it found the result); else the last outcome told.
    with_number = [i for i in results if lx.METRIC.search(strip_placeholders(sentences[i]).lower())]
    if with_number:
        return with_number[-1]
    asked = [i for i, s in enumerate(sentences) if METRIC.text in s and not s.lstrip().startswith("[")]
    if asked:
        return asked[-1]
    return results[-1] if results else None


def has_role(sentences: Sequence[str], role: str) -> bool:
    """Does any clause of the answer play ``role`` (a lesson: any reflecting clause)?"""
    if not sentences:
        return False
    labels, reflect = _profile(sentences)
    return any(reflect) if role == LESSON else any(role in d for d in labels)


def telling(sentences: Sequence[str], role: str) -> list[int]:
    """Indices of the sentences with a clause playing ``role`` ("We added a cache and
    things got better." tells a result, though most of its words are the action)."""
    if not sentences:
        return []
    labels, _ = _profile(sentences)
    return [i for i, d in enumerate(labels) if role in d]
