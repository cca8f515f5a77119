"""Question-type inference from the question (preferred) or the answer itself.

Used when neither ``--question-type`` nor the transcript's metadata says what was
asked. Keyword cues, checked in a fixed order, so the result is deterministic.
"""

from __future__ import annotations

import re
from functools import lru_cache

_Q_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "negotiation",
        re.compile(
            r"\b(?:salary|compensation|comp|offer|expectations|equity|signing|bonus|budget|package|base pay|"
            r"total comp|rsus?|counter)\b"
        ),
    ),
    (
        "behavioral",
        re.compile(
            r"\b(?:tell me about a time|describe a (?:time|situation)|give me an example|have you ever|"
            r"how did you handle|a time (?:when|you)|conflict|disagree\w*|proud|mistake|failure|failed|"
            r"challenge|difficult|mentor\w*|feedback|tell me about yourself|walk me through your (?:career|resume))\b"
        ),
    ),
    (
        "system-design",
        re.compile(
            r"\b(?:design (?:a|an|the)|architect\w*|how would you build|system design|scale (?:this|it|to)|"
            r"url shortener|rate limiter|news ?feed|chat (?:system|app)|distributed)\b"
        ),
    ),
    (
        "coding-discussion",
        re.compile(
            r"\b(?:complexity|algorithm|implement\w*|your (?:code|solution)|function|data structure|"
            r"test (?:it|this|your)|bug|refactor\w*|big[- ]o|edge cases?|code review)\b"
        ),
    ),
)
_A_NEGOTIATION = re.compile(r"\b(?:salary|offer|compensation|base|equity|signing bonus|\d{3}k)\b|\$\d")
_A_DESIGN = re.compile(
    r"\b(?:load balancer|shard\w*|partition\w*|replica\w*|cach\w+|qps|database|queue|cdn|throughput|gateway|"
    r"redis|kafka|requests per second|rate limit\w*|replication|consistency|key-value|token bucket|microservices?)\b"
)
_A_HYPOTHETICAL = re.compile(r"\b(?:i'd|i would|we'd|we would|let's assume|assuming|i'll assume)\b")
_A_CODING = re.compile(r"\bo\s?\([^)]{1,12}\)|\b(?:time complexity|space complexity|edge cases?|unit tests?|hash ?map)\b")
_A_STORY = re.compile(r"\bi (?:\w+ed|built|led|wrote|made|took|ran|did|was)\b")
# A first-person story, singular or plural: "we migrated" is a story too (and exactly the
# we-heavy one no_ownership is for), "hello world" or "caching helps" is not.
_A_FIRST_PERSON_PAST = re.compile(
    r"\b(?:i|we)(?:\s(?:then|also|just|finally|basically|all))?\s(?:\w+ed|\w*wrote|\w*built|led|made|took|ran|did|was|"
    r"were|had|got|went|found|saw|spent|set|put|kept|brought|chose|cut|sent|began|drove|broke|gave|told|met|spoke|held|"
    r"taught|left|lost|paid|came|became)\b"
)


@lru_cache(maxsize=512)
def type_from_question(question: str | None) -> str | None:
    """The question type the question's own wording gives, or None when it has no cue
    (a follow-up such as "And then what?")."""
    q = (question or "").lower()
    if q:
        for qtype, pat in _Q_CUES:
            if pat.search(q):
                return qtype
    return None


# How a follow-up opens: it probes the answer just given ("Why?", "What if...", "By how
# much?", "Can you say more?") rather than asking something new and self-contained.
_FOLLOWUP_OPENER = re.compile(
    r"""^\W*(?:(?:and|so|but|ok(?:ay)?|right|sure|interesting|got\sit|thanks|great|nice)\b[\W]*)*
    (?:why\b|what\sif\b|what\sabout\b|how\s(?:come|so)\b|and\sthen\b|then\swhat\b|what\shappened\b|
    what\swas\sthe\s(?:result|outcome|impact)\b|by\show\smuch\b|how\sdid\s(?:it|that)\s(?:turn\sout|go|end)\b|
    (?:can|could)\syou\s(?:elaborate|expand|say\smore|go\sdeeper|tell\sme\smore|give\s(?:me\s)?an\sexample|be\smore\sspecific)\b|
    tell\sme\smore\b|go\sdeeper\b|what\sdid\syou\s(?:personally\s)?do\b|you\ssaid\b|is\sthat\b|say\smore\b)""",
    re.VERBOSE,
)


def is_followup(question: str | None, answer_index: int = 0) -> bool:
    """Whether ``question`` reads as a follow-up rather than a main question: it has no
    question-type cue, and it opens by probing the last answer ("Why Kafka?", "What if
    the cache dies?", "By how much?") or comes after an earlier answer of the same
    transcript ("And then?"). No question (typed text) is a main answer. A reply to a
    follow-up may be short, so length-based and "missing X" rules leave short replies
    unjudged (docs/SCORING.md)."""
    if not question or not question.strip() or type_from_question(question):
        return False
    return answer_index > 0 or _FOLLOWUP_OPENER.search(question.lower().replace("\u2019", "'")) is not None


def infer_question_type(question: str | None, answer: str, previous: str | None = None) -> str:
    """One of QUESTION_TYPES for this question/answer pair. A question with no cue
    continues the ``previous`` answer's type when there is one (follow-ups stay in
    their section of the interview); otherwise the answer's own wording decides."""
    from_question = type_from_question(question)
    if from_question:
        return from_question
    if previous and question:
        return previous
    q = (question or "").lower()
    a = answer.lower()
    if len(_A_NEGOTIATION.findall(a)) >= 2:
        return "negotiation"
    design = len(_A_DESIGN.findall(a))
    hypothetical = len(_A_HYPOTHETICAL.findall(a))
    if design >= 3 or (design >= 2 and hypothetical >= 1):
        return "system-design"
    if len(_A_CODING.findall(a)) >= 2:
        return "coding-discussion"
    if len(_A_STORY.findall(a)) >= 2:
        return "behavioral"
    # A question with no cue is a technical question. A bare answer (no question) is a
    # story when it tells one in the first person ("I rewrote", "we migrated"); anything
    # else ("hello world", "caching helps because...") is judged as a technical answer,
    # not failed for lacking a situation, an action and a result it never set out to tell.
    if q or hypothetical >= 2:
        return "technical"
    return "behavioral" if _A_FIRST_PERSON_PAST.search(a) else "technical"
