"""What a stored posting gives a practice session: focus skills and their weights, the
level, role and session type, the company context, and the requirements a question can
probe, each with its quote from the posting. Pure: built from a stored analysis dict.

The interview asks questions for the focus skills and says which requirement each one
probes ("The posting asks for: «...»"); `icraft plan --jd` and `icraft drill --jd` weight
the skills by the posting.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_STRENGTH_RANK = {"required": 0, "preferred": 1, "nice-to-have": 2}
_KIND_RANK = {"responsibility": 0, "skill": 1, "knowledge": 2, "experience": 3}
MAX_FOCUS = 5
MAX_QUOTE = 160
# "Lumen Pay is a Series B...", "At Acme, we build..." -> the company's name.
_NAME = re.compile(r"^(?:at\s+)?(?P<name>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})(?:,|\s+(?:is|are|was|builds|helps|"
                   r"makes|creates|develops|provides|powers|runs|offers)\b)")


@dataclass(frozen=True)
class Probe:
    """A requirement a question can probe: its index in the analysis and its quote."""

    index: int
    quote: str
    kind: str
    strength: str
    skill_ids: tuple[str, ...]
    canonical: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skill_ids"] = list(self.skill_ids)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Probe:
        return cls(**{**d, "skill_ids": tuple(d.get("skill_ids", ()))})


@dataclass(frozen=True)
class JobFocus:
    posting_id: str | None
    title: str
    focus: tuple[str, ...]  # skill ids, most important first
    weights: dict[str, float]  # skill id -> 0..1 (the top skill is 1)
    probes: tuple[Probe, ...]
    terms: tuple[str, ...] = ()  # the technologies it names (canonical), required first
    level: str | None = None
    role: str | None = None
    session_type: str | None = None
    company: str | None = None
    company_facts: tuple[str, ...] = field(default_factory=tuple)
    reasons: dict[str, str] = field(default_factory=dict)  # skill id -> what in the posting asks for it

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["probes"] = [p.to_dict() for p in self.probes]
        for k in ("focus", "terms", "company_facts"):
            d[k] = list(d[k])
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> JobFocus:
        return cls(**{
            **d,
            "focus": tuple(d.get("focus", ())),
            "terms": tuple(d.get("terms", ())),
            "company_facts": tuple(d.get("company_facts", ())),
            "probes": tuple(Probe.from_dict(p) for p in d.get("probes", ())),
        })

    def relevance(self, text: str, skills: tuple[str, ...] | list[str] = ()) -> float:
        """How much a question (its text and skills) is about this posting: the posting's
        content words and technologies it shares (x2), plus its focus skills (weighted)."""
        words = _words(text)
        shared = len(words & self._vocabulary())
        return 2.0 * shared + sum(self.weights.get(s, 0.0) for s in skills)

    def _vocabulary(self) -> frozenset[str]:
        cached = self.__dict__.get("_vocab")
        if cached is None:
            cached = frozenset().union(*(_words(p.quote) for p in self.probes), *(_words(t) for t in self.terms))
            object.__setattr__(self, "_vocab", cached)
        return cached

    def probe_for(self, skills: tuple[str, ...] | list[str], used: list[int] | tuple[int, ...] = (),
                  *, text: str = "") -> Probe | None:
        """The requirement a question on ``skills`` (worded ``text``) probes best: most
        skills and words in common, then not probed yet, then the stronger requirement,
        then the posting's order. None when no requirement shares a skill."""
        best: tuple[Any, ...] | None = None
        pick = None
        words = _words(text)
        for p in self.probes:
            common = len(set(p.skill_ids) & set(skills))
            if not common:
                continue
            lexical = len(words & _words(p.quote))
            key = (-(common + 2 * lexical), p.index in used, _STRENGTH_RANK.get(p.strength, 3),
                   _KIND_RANK.get(p.kind, 4), p.index)
            if best is None or key < best:
                best, pick = key, p
        return pick

    def line(self, probe: Probe) -> str:
        """What the interviewer says before a question that probes ``probe``."""
        what = {"required": "asks for", "preferred": "prefers", "nice-to-have": "would like"}.get(probe.strength,
                                                                                               "asks for")
        return f"The posting {what}: \u201c{probe.quote.rstrip('.;: ')}\u201d. "


_WORD = re.compile(r"[a-z][a-z0-9+#.-]*[a-z0-9+#]|[a-z]")
_STOP = frozenset(
    "the and for you your are what how does with that this from have has was were will would about there their "
    "they them can could should team work like any here much many also our out its who whom which when where why "
    "into onto over under more most other some such than then these those very just well able using use used "
    "experience strong knowledge good great years year skills skill role help make makes made build building "
    "design designing tell time".split()
)


def _words(text: str) -> frozenset[str]:
    """Content words of ``text`` (lower case, 4+ letters or a technology token, no stop words)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and (len(w) >= 4 or not w.isalpha()))


def _quote(text: str, r: dict[str, Any]) -> str:
    """The requirement's words; a short item (a technology) with its sentence around it."""
    a, b = r["char_start"], r["char_end"]
    if r["kind"] in ("knowledge", "experience", "skill") and r.get("context"):
        a, b = r["context"]
    q = " ".join(text[a:b].split()).strip(" -*\u2022")
    return q if len(q) <= MAX_QUOTE else q[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "\u2026"


def job_focus(posting_id: str | None, analysis: dict[str, Any], text: str) -> JobFocus:
    """The practice view of a stored analysis (``Analysis.to_dict()``) and its text."""
    reqs = analysis.get("requirements", [])
    focus = [f["skill_id"] for f in analysis.get("focus_skills", [])]
    top = max((f["weight"] for f in analysis.get("focus_skills", [])), default=0.0) or 1.0
    weights = {f["skill_id"]: round(f["weight"] / top, 3) for f in analysis.get("focus_skills", [])}
    probes = []
    seen: set[str] = set()
    for i, r in enumerate(reqs):
        if not r.get("skill_ids") or r["kind"] == "experience":
            continue
        quote = _quote(text, r)
        if quote in seen:
            continue
        seen.add(quote)
        probes.append(Probe(i, quote, r["kind"], r["strength"], tuple(r["skill_ids"]), r.get("canonical")))
    terms = []
    for strength in ("required", "preferred", "nice-to-have"):
        for r in reqs:
            if r["kind"] == "knowledge" and r["strength"] == strength and r.get("canonical"):
                if r["canonical"] not in terms:
                    terms.append(r["canonical"])
    reasons = {f["skill_id"]: _reason(text, [reqs[i] for i in f.get("requirements", ()) if i < len(reqs)])
               for f in analysis.get("focus_skills", [])}
    company = analysis.get("company", {})
    facts = [" ".join(f["text"].split()).strip(" -*\u2022") for kind in ("product", "values", "size", "stage")
             for f in company.get(kind, [])]
    name = None
    for f in company.get("product", []):
        m = _NAME.match(" ".join(f["text"].split()))
        if m:
            name = m.group("name")
            break
    return JobFocus(
        posting_id=posting_id, title=analysis.get("title", ""), focus=tuple(focus[:MAX_FOCUS]), weights=weights,
        probes=tuple(probes), terms=tuple(terms), level=analysis.get("level"), role=analysis.get("role"),
        session_type=analysis.get("session_type"), company=name,
        company_facts=tuple(dict.fromkeys(f for f in facts if len(f.split()) >= 3)),
        reasons={k: v for k, v in reasons.items() if v},
    )


REASON_QUOTE = 60  # characters of a responsibility quoted as a plan item's reason


def _reason(text: str, reqs: list[dict[str, Any]]) -> str:
    """Why the posting asks for a skill, in its own words: the strongest responsibility or
    skill that maps to it, quoted short, else the technologies that do ("the posting
    names Go, Python, Java")."""
    ranked = sorted(reqs, key=lambda r: (_STRENGTH_RANK.get(r["strength"], 3), _KIND_RANK.get(r["kind"], 4)))
    for r in ranked:
        if r["kind"] in ("responsibility", "skill"):
            q = " ".join(text[r["char_start"]:r["char_end"]].split()).strip(" -*\u2022.;:")
            if len(q) > REASON_QUOTE:
                q = q[: REASON_QUOTE - 1].rsplit(" ", 1)[0] + "\u2026"
            return f"the posting: \u201c{q}\u201d ({r['strength']})"
    names = list(dict.fromkeys(r["canonical"] for r in ranked if r["kind"] == "knowledge" and r.get("canonical")))
    if not names:
        return ""
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"the posting names {', '.join(names[:3])}{more}"


EVIDENCE_MIN_SCORE = 50  # an answer scoring under this is no evidence for the requirement it was asked for


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _best_sentence(text: str, words: frozenset[str]) -> str | None:
    """The answer's sentence sharing most content words with ``words`` (None: none shares one)."""
    best, hits = None, 0
    for s in _sentences(text):
        n = len(_words(s) & words)
        if n > hits:
            best, hits = s, n
    return best


def coverage(focus: JobFocus, probes: dict[str, dict[str, Any]],
             answers: list[tuple[str | None, str, int | None]]) -> dict[str, Any]:
    """Which of the posting's requirements the candidate's answers gave evidence for, and
    which were never shown; the posting's technologies the candidate named and missed.

    ``probes``: question id -> the probe it was asked for (the engine's state);
    ``answers``: (question id, answer text, score) of every core answer. A requirement has
    evidence when a question probing it got an answer scoring at least
    EVIDENCE_MIN_SCORE; the quote is the answer's sentence closest to the requirement,
    cut from the answer. Terms are matched on the technologies gazetteer, aliases included
    ("Postgres" counts for PostgreSQL)."""
    from icraft.jd.technologies import gazetteer

    by_question: dict[str, list[tuple[str, int | None]]] = {}
    for qid, text, score in answers:
        if qid:
            by_question.setdefault(qid, []).append((text, score))
    shown, weak = [], []
    asked = set()
    for qid, p in probes.items():
        asked.add(p["index"])
        replies = by_question.get(qid, [])
        good = [(t, s) for t, s in replies if s is not None and s >= EVIDENCE_MIN_SCORE]
        item = {"requirement": p["quote"], "strength": p["strength"], "question_id": qid}
        if good:
            text, score = max(good, key=lambda ts: ts[1] or 0)
            quote = _best_sentence(text, _words(p["quote"])) or (_sentences(text) or [text])[0]
            shown.append({**item, "score": score, "quote": quote})
        else:
            weak.append({**item, "score": max((s for _, s in replies if s is not None), default=None)})
    never = [{"requirement": p.quote, "strength": p.strength} for p in focus.probes
             if p.index not in asked and p.strength == "required"]
    said = " \n".join(text for _, text, _ in answers)
    used: dict[str, str] = {}
    gaz = gazetteer()
    for m in gaz.find(said):
        name = m.tech.name
        if name in focus.terms and name not in used:
            used[name] = next((s for s in _sentences(said) if said[m.start:m.end] in s), said[m.start:m.end])
    return {
        "shown": shown,
        "not_shown": weak,
        "never_asked": never,
        "terms_used": [{"term": t, "quote": q} for t, q in used.items()],
        "terms_missed": [t for t in focus.terms if t not in used],
    }
