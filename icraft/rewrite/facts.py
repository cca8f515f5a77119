"""The no-invented-facts check: every number, name and technology in a version must
come from the original answer, unless it sits inside a ``[placeholder]``; and so must
every first-person action ("I decided"): turning the team's "we decided" into "I
decided" claims something only the candidate knows.

Used on every version built (a version that fails it is a bug and raises), and by
the tests on the calibration set. Matching is by normalized token (case and
surrounding punctuation ignored), so moving "Redis" to the start of a sentence or
re-capitalising a word is not a new fact, while "40%" or "Kafka" out of nowhere is.
"""

from __future__ import annotations

import re

from icraft.core.transcript import normalize
from icraft.rewrite.placeholders import bracket_spans
from icraft.rubric import lexicon as lx

_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion billions half twice double triple tenfold "
    "percent dozen dozens".split()
)
# Lower-case technology names people say ("we moved to postgres"); capitalised ones are
# caught as names.
_TECH = frozenset(
    "redis kafka postgres postgresql mysql sqlite mongodb mongo dynamodb cassandra elasticsearch kubernetes k8s "
    "docker terraform aws gcp azure s3 ec2 lambda react vue angular node nodejs python java golang rust scala "
    "kotlin swift typescript javascript graphql grpc rest http https tcp udp dns cdn nginx envoy istio "
    "rabbitmq sqs sns spark airflow snowflake bigquery pytorch tensorflow jenkins github gitlab datadog "
    "prometheus grafana sentry memcached cassandra hadoop hive flink celery django flask rails spring".split()
)
_STARTERS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_CAMEL = re.compile(r"[a-z][A-Z]")
_TECHY = re.compile(r"\w[./_+#]\w|\w\+\+|#$")


def _outside_brackets(text: str) -> list[tuple[int, str]]:
    """(position, token) for every whitespace token outside bracketed spans."""
    spans = bracket_spans(text)
    out = []
    for m in re.finditer(r"\S+", text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out.append((m.start(), m.group()))
    return out


def fact_tokens(text: str) -> list[str]:
    """Tokens that carry a fact: numbers, capitalised names (not sentence-initial),
    technology-shaped tokens and known technology names."""
    facts: list[str] = []
    prev = ""
    for _, tok in _outside_brackets(text):
        norm = normalize(tok)
        word = tok.strip("\"'()[],;:.!?")
        sentence_start = not prev or prev.rstrip("\"')").endswith((".", "!", "?", ":"))
        if not norm:
            pass
        elif any(c.isdigit() for c in tok) or norm in _NUMBER_WORDS or "$" in tok or "%" in tok:
            facts.append(tok)
        elif norm in _TECH or _CAMEL.search(word) or _TECHY.search(word):
            facts.append(tok)
        elif word[:1].isupper() and not sentence_start and norm not in _STARTERS:
            facts.append(tok)
        prev = tok
    return facts


# The lint engine's own cue for an action the speaker owns ("I rewrote", "I then added").
_I_ACTION = lx.fast_compile(lx.I_ACTION)


def own_actions(text: str) -> list[str]:
    """The verbs of the first-person actions in ``text`` outside placeholders, as the
    engine's ownership cue finds them ("I kind of fixed it" -> "fixed")."""
    blank = list(text.lower())
    for a, b in bracket_spans(text):
        blank[a:b] = " " * (b - a)
    return [m.group().split()[-1] for m in _I_ACTION.finditer("".join(blank))]


def new_facts(original: str, version: str) -> list[str]:
    """Fact tokens of ``version`` (outside placeholders) that the original never said,
    then first-person actions (``"I decided"``) whose verb the original never used with "I"."""
    known = {normalize(t) for t in original.split()}
    facts = [t for t in fact_tokens(version) if normalize(t) not in known]
    mine = set(own_actions(original))
    return facts + [f"I {v}" for v in dict.fromkeys(own_actions(version)) if v not in mine]
