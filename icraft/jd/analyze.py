"""The job-description Analyzer: posting text -> :class:`Analysis`, every item with its span.

Pure: no I/O, no database (reading a PDF or HTML file is :mod:`icraft.jd.document`,
storing is :mod:`icraft.store.jd`). The whole text is analysed, whatever its length:
the tagger runs sentence by sentence (long sentences in windows), never on a cut text.

Steps: lines are grouped into sections by their headings ("Requirements", "Nice to
have", "What you'll do", "About us"); each sentence gets a strength from its section
and its own wording ("must", "ideally", "a plus"); the tagger (:mod:`icraft.jd.tagger`)
and the technologies gazetteer find Knowledge and Skill spans; bullets of the
responsibilities section are responsibilities; "5+ years" is an experience item; a
bullet in which nothing else was found is a skill item whole (never dropped).
Every item maps to microskills (:mod:`icraft.jd.mapping`), and the skills' weights
give the focus skills, the session type and, with the title, the level.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from icraft.jd import mapping
from icraft.jd.technologies import gazetteer
from icraft.jd.tokens import Token, sentences, tokenize

STRENGTHS = ("required", "preferred", "nice-to-have")
KINDS = ("knowledge", "skill", "responsibility", "experience")
WINDOW = 120  # tokens the tagger sees at once; a longer sentence is tagged in windows

# --- sections ----------------------------------------------------------------------------

_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nice-to-have", ("nice to have", "nice-to-have", "bonus", "a plus", "extra credit", "good to have",
                      "brownie points", "would be a plus")),
    ("preferred", ("preferred", "desired", "desirable", "ideally", "what would make you stand out",
                   "stand out", "additional qualifications", "bonus points")),
    ("required", ("requirements", "required", "qualifications", "must have", "must-have", "what you bring",
                  "what we're looking for", "what we are looking for", "who you are", "you have", "your profile",
                  "about you", "skills", "experience", "what you need", "you bring", "we expect")),
    ("responsibilities", ("responsibilities", "what you'll do", "what you will do", "your role", "the role",
                          "your mission", "what you will be doing", "what you'll be doing", "day to day",
                          "day-to-day", "your impact", "in this role", "duties", "your tasks", "the job")),
    ("company", ("about us", "who we are", "about the company", "our company", "the company", "our mission",
                 "our values", "why join", "why us", "culture", "about the team", "the team")),
    ("benefits", ("benefits", "what we offer", "perks", "compensation", "we offer", "salary")),
)
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|__)?(?P<title>[^\n]{1,70}?)(?:\*\*|__)?\s*:?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦‣–]|\d{1,2}[.)])\s+")


def _section_of(line: str) -> str | None:
    """The section a heading line opens, or None when the line is no heading."""
    stripped = line.strip()
    if not stripped or len(stripped) > 70 or _BULLET.match(line):
        return None
    is_heading = stripped.endswith(":") or stripped.startswith("#") or stripped.startswith("**") \
        or stripped.isupper() or len(stripped.split()) <= 6 and not stripped.endswith(".")
    if not is_heading:
        return None
    m = _HEADING_MARK.match(stripped)
    title = (m.group("title") if m else stripped).lower().strip(" :#*_")
    for section, words in _SECTION_WORDS:
        if any(w in title for w in words):
            return section
    return None


# --- strength from wording -----------------------------------------------------------------

_NICE = re.compile(r"\b(nice[- ]to[- ]have|a plus|is a bonus|bonus|plus point|would be great|not required|"
                   r"a big plus|an advantage|is advantageous|extra points?)\b", re.I)
_PREFERRED = re.compile(r"\b(preferred|preferably|ideally|desirable|desired|familiarity with|exposure to|"
                        r"is beneficial|beneficial|we'd love|we would love|good to know)\b", re.I)
_REQUIRED = re.compile(r"\b(must|required|requires?|essential|mandatory|need to have|you need|you have|"
                       r"you bring|proven|strong|solid|expert|proficien\w*|minimum|at least|\d+\+? years?)\b", re.I)

_YEARS = re.compile(
    r"(?P<lo>\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(?P<hi>\d{1,2})\s*)?\+?\s*(?:years?|yrs?)\b"
    r"(?P<tail>[^.\n;]{0,80})", re.I)

# --- seniority and role --------------------------------------------------------------------

_LEVEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("staff", re.compile(r"\b(staff|principal|distinguished|architect|head of|director)\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?|lead|tech lead|team lead|manager)\b", re.I)),
    ("junior", re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|intern(ship)?|trainee|apprentice)\b", re.I)),
    ("mid", re.compile(r"\b(mid[- ]level|intermediate|medior)\b", re.I)),
)
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "em": ("engineering manager", "manager", "head of engineering", "director of engineering", "people lead"),
    "ml": ("machine learning", "ml engineer", "ai engineer", "data scientist", "deep learning", "mlops", "llm"),
    "data": ("data engineer", "analytics", "data platform", "etl", "data warehouse", "bi developer", "data analyst"),
    "sre": ("sre", "site reliability", "devops", "platform engineer", "infrastructure", "cloud engineer"),
    "mobile": ("ios", "android", "mobile", "react native", "flutter"),
    "frontend": ("frontend", "front-end", "front end", "ui engineer", "web developer"),
    "fullstack": ("full stack", "full-stack", "fullstack"),
    "backend": ("backend", "back-end", "back end", "server-side", "api", "software engineer", "developer"),
}
_ROLE_TECH: dict[str, set[str]] = {
    "frontend": {"react", "angular", "vue", "svelte", "nextjs", "css", "html", "typescript", "javascript", "redux"},
    "backend": {"java", "go", "python", "nodejs", "spring", "django", "postgresql", "kafka", "microservices",
                "rest", "grpc", "dotnet", "csharp", "ruby", "rails", "php", "mysql", "redis"},
    "data": {"spark", "airflow", "dbt", "snowflake", "bigquery", "hadoop", "data-engineering", "sql", "kafka"},
    "ml": {"pytorch", "tensorflow", "machine-learning", "deep-learning", "scikit-learn", "nlp", "llm"},
    "sre": {"kubernetes", "terraform", "docker", "prometheus", "ansible", "sre", "observability", "linux"},
    "mobile": {"swift", "kotlin", "ios", "android", "react-native", "flutter"},
}

# --- company facts ---------------------------------------------------------------------------

_COMPANY_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("size", re.compile(r"\b(\d[\d,.]*\+?\s*(?:k\s*)?(?:employees|people|engineers|team members|colleagues|"
                        r"staff|customers|users|countries|offices))\b", re.I)),
    ("stage", re.compile(r"\b(series [a-f]\b|seed[- ]stage|pre-seed|start-?up|scale-?up|"
                         r"publicly traded|public company|ipo|fortune \d+|bootstrapped|profitable|unicorn|"
                         r"venture[- ]backed|backed by [^.\n]{3,60}|founded in \d{4})", re.I)),
)
_VALUES = re.compile(r"\b(we value|our values|we believe|we care|culture of|values?:)\b", re.I)


@dataclass(frozen=True)
class Requirement:
    text: str
    char_start: int
    char_end: int
    kind: str
    strength: str
    canonical: str | None = None
    skill_ids: tuple[str, ...] = ()
    section: str | None = None
    context: tuple[int, int] | None = None  # the sentence the item stands in (its quote's context)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skill_ids"] = list(self.skill_ids)
        d["context"] = list(self.context) if self.context else None
        return d


@dataclass(frozen=True)
class Fact:
    kind: str
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class FocusSkill:
    skill_id: str
    weight: float
    requirements: tuple[int, ...]  # indexes into Analysis.requirements


@dataclass
class Analysis:
    text: str
    title: str
    requirements: list[Requirement]
    focus_skills: list[FocusSkill]
    session_type: str
    level: str | None
    role: str | None
    years: tuple[int, int | None] | None
    company: dict[str, list[Fact]] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def quote(self, item: Requirement | Fact) -> str:
        return self.text[item.char_start : item.char_end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "requirements": [r.to_dict() for r in self.requirements],
            "focus_skills": [{"skill_id": f.skill_id, "weight": round(f.weight, 2),
                              "requirements": list(f.requirements)} for f in self.focus_skills],
            "session_type": self.session_type,
            "level": self.level,
            "role": self.role,
            "years": list(self.years) if self.years else None,
            "company": {k: [asdict(f) for f in v] for k, v in self.company.items()},
            "unmapped": list(self.unmapped),
            "content_hash": self.content_hash,
        }


def content_hash(text: str) -> str:
    """sha256 of the posting with whitespace collapsed: the same posting saved twice (or
    pasted with other line breaks) has the same hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# --- the analyzer ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    section: str | None
    bullet: bool


def _sentences_with_sections(text: str) -> list[_Sentence]:
    """Sentences with the section they stand in. The first line is the title (no
    requirement); when the posting has section headings, the prose before the first one
    is the company's introduction."""
    out: list[_Sentence] = []
    lines = text.splitlines(keepends=True)
    has_headings = any(_section_of(line) for line in lines)
    section: str | None = "company" if has_headings else None
    pos = 0
    title_seen = False
    block: list[int] = []  # [start, end, bullet] of the paragraph or bullet being read

    def flush() -> None:
        if block:
            a, b, bullet = block
            for x, y in sentences(text[a:b], lines=False):
                out.append(_Sentence(a + x, a + y, section, bool(bullet)))
            block.clear()

    for line in lines:
        start, end = pos, pos + len(line)
        pos = end
        heading = _section_of(line)
        if heading is not None:
            flush()
            section = heading
            title_seen = True
            continue
        if not line.strip():
            flush()
            continue
        if not title_seen:
            title_seen = True
            if len(line.strip()) <= 120:
                continue
        bullet = bool(_BULLET.match(line))
        if bullet or not block:
            flush()
            block.extend((start, end, bullet))
        else:  # a wrapped line continues its paragraph or bullet
            block[1] = end
    flush()
    return out


def _strength(sentence: str, section: str | None) -> str:
    if _NICE.search(sentence):
        return "nice-to-have"
    if _PREFERRED.search(sentence):
        return "preferred"
    if section in ("nice-to-have", "preferred"):
        return section
    return "required"


def _tag(text: str, tokens: list[Token],
         heading: list[str] | None = None) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Knowledge ("K") and Skill ("S") spans as (first token, last token, kind), and the
    gazetteer's tags per token (for the caller to reuse). ``heading``: the words of the
    posting's last heading before the sentence (:func:`_headings`)."""
    from icraft.jd import tagger as tagger_mod

    gaz_tags = [""] * len(tokens)
    for m in gazetteer().candidates(text, tokens):
        gaz_tags[m.first] = "B"
        for k in range(m.first + 1, m.last + 1):
            gaz_tags[k] = "I"
    model = tagger_mod.default()
    spans: list[tuple[int, int, str]] = []
    if model is None:
        return spans, gaz_tags
    for w0 in range(0, len(tokens), WINDOW):
        window = tokens[w0 : w0 + WINDOW]
        labels = model.tag([t.text for t in window], gaz_tags[w0 : w0 + WINDOW], heading)
        start: int | None = None
        kind = ""
        for i, lab in enumerate([*labels, "O"]):
            if lab.startswith("I-") and start is not None and lab[2:] == kind:
                continue
            if start is not None:
                spans.append((w0 + start, w0 + i - 1, kind))
                start = None
            if lab != "O":
                start, kind = i, lab[2:]
    return spans, gaz_tags


def _headings(text: str) -> tuple[list[int], list[list[str]]]:
    """The tagger's heading context: from ``offsets[i]`` on, the words of the last heading
    are ``words[i]`` (:func:`icraft.jd.tagger.next_heading` over the posting's sentences and
    lines, in order, as the tagger was trained on SkillSpan's sentences)."""
    from icraft.jd.tagger import next_heading

    offsets, words = [0], [[]]
    for a, b in sentences(text):
        head = next_heading(words[-1], [t.text for t in tokenize(text, a, b)])
        if head is not words[-1]:
            offsets.append(b)
            words.append(head)
    return offsets, words


def tag_words(words: list[str],
              heading: list[str] | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Knowledge and Skill spans ``[start, end)`` of pre-tokenized words (SkillSpan's
    tokens), with the same tagger, gazetteer and post-rules as :func:`analyze`; ``heading``:
    the last heading's words before them (:func:`icraft.jd.tagger.next_heading`). For the
    benchmark."""
    tokens, pos = [], 0
    for w in words:
        tokens.append(Token(w, pos, pos + len(w)))
        pos += len(w) + 1
    text = " ".join(words)
    spans, _ = _tag(text, tokens, heading)
    know = [(a, b + 1) for a, b, k in spans if k == "K"]
    skill = [(a, b + 1) for a, b, k in spans if k == "S"]
    return know, skill


def analyze(text: str) -> Analysis:
    """Analyse a posting's whole text."""
    gaz = gazetteer()
    sents = _sentences_with_sections(text)
    head_at, heads = _headings(text)
    title = _title(text)
    items: list[Requirement] = []
    company: dict[str, list[Fact]] = {}
    for s in sents:
        sentence = text[s.start : s.end]
        tokens = tokenize(text, s.start, s.end)
        if not tokens:
            continue
        if s.section == "benefits":
            continue
        strength = _strength(sentence, s.section)
        ctx = (s.start, s.end)
        if s.section == "company":
            _company_facts(text, s, company)
            continue
        _company_facts(text, s, company, values=False)
        spans, _ = _tag(text, tokens, heads[bisect.bisect_right(head_at, s.start) - 1])
        techs = {(m.start, m.end): m for m in gaz.find(text, tokens)}
        covered: list[tuple[int, int]] = []
        for first, last, kind in spans:
            a, b = tokens[first].start, tokens[last].end
            phrase = text[a:b]
            if kind == "K":
                tech = gaz.lookup(phrase)
                if tech is not None and tech.ambiguous and (a, b) not in techs:
                    continue  # "Go", "C", "Excel" without a technology context: the everyday word
                if tech is None and _only_technologies(text, a, b, techs):
                    continue  # "Airflow and dbt": the gazetteer's technologies below, each canonical
                if tech is not None or not any(a <= x and y <= b for x, y in techs):
                    covered.append((a, b))  # else its technologies are listed too, by their names
                items.append(_item(phrase, a, b, "knowledge", strength, tech.name if tech else None,
                                   mapping.skills_for(phrase, tech.category if tech else None), s.section, ctx))
            else:
                skills = mapping.skills_for(phrase) or mapping.skills_for(sentence)
                items.append(_item(phrase, a, b, "skill", strength, None, skills, s.section, ctx))
        for (a, b), m in techs.items():  # gazetteer technologies the tagger missed
            if any(a < y and x < b for x, y in covered):
                continue
            items.append(_item(text[a:b], a, b, "knowledge", strength, m.tech.name,
                               mapping.skills_for(text[a:b], m.tech.category), s.section, ctx))
        for m in _YEARS.finditer(sentence):
            tail = m.group("tail").lower()
            if "experience" in tail or "experience" in sentence.lower() or "background" in tail:
                a = s.start + m.start()
                b = a + len(text[a : s.start + m.start("tail")].rstrip())
                items.append(_item(text[a:b], a, b, "experience", strength, None, (), s.section, ctx))
        bullet = _BULLET.match(sentence)
        a = s.start + len(bullet.group()) if bullet else s.start
        if s.section == "responsibilities" or (s.bullet and s.section is None and _starts_with_verb(sentence)):
            items.append(_item(text[a:s.end], a, s.end, "responsibility", "required", None,
                               mapping.skills_for(text[a:s.end]), s.section, ctx))
        elif s.bullet and not any(s.start <= r.char_start < s.end for r in items):
            # A bullet of the requirements the tagger found nothing in ("You have mentored junior
            # engineers") is still a requirement: the whole bullet, mapped (or listed unmapped).
            items.append(_item(text[a:s.end], a, s.end, "skill", strength, None,
                               mapping.skills_for(text[a:s.end]), s.section, ctx))
    duties = [(r.char_start, r.char_end) for r in items if r.kind == "responsibility"]
    items = [r for r in items if r.kind != "skill" or not any(a <= r.char_start and r.char_end <= b for a, b in duties)]
    items.sort(key=lambda r: (r.char_start, KINDS.index(r.kind)))
    focus = _focus(items)
    years = _years(items)
    level = _level(title, text, years)
    role = _role(title, text, items)
    return Analysis(
        text=text, title=title, requirements=items, focus_skills=focus,
        session_type=_session_type(focus), level=level, role=role, years=years,
        company=company, unmapped=[i for i, r in enumerate(items) if not r.skill_ids and r.kind != "experience"],
    )


def _item(text: str, a: int, b: int, kind: str, strength: str, canonical: str | None, skills: Any,
          section: str | None, ctx: tuple[int, int]) -> Requirement:
    return Requirement(text, a, b, kind, strength, canonical, tuple(skills), section, ctx)


_CONNECTORS = frozenset({"and", "or", "&", "/", ",", "as", "well", "plus", "and/or"})


def _only_technologies(text: str, a: int, b: int, techs: dict[tuple[int, int], Any]) -> bool:
    """Is ``text[a:b]`` a list of the gazetteer's technologies joined by "and", "or", commas?"""
    inner = sorted((x, y) for x, y in techs if a <= x and y <= b)
    if not inner:
        return False
    rest, pos = [], a
    for x, y in inner:
        rest.append(text[pos:x])
        pos = y
    rest.append(text[pos:b])
    return all(w.lower() in _CONNECTORS for w in " ".join(rest).replace(",", " , ").split())


def _starts_with_verb(sentence: str) -> bool:
    words = sentence.lstrip("-*•·●▪◦‣– ").split()
    return bool(words) and words[0].lower() in {
        "build", "design", "own", "lead", "develop", "write", "mentor", "drive", "ship", "work", "collaborate",
        "maintain", "improve", "create", "implement", "partner", "architect", "define", "deliver", "run",
        "support", "scale", "help", "manage", "contribute", "participate", "review", "operate", "monitor",
        "establish", "coach", "champion", "take", "shape", "make", "be",
    }


def _title(text: str) -> str:
    for line in text.splitlines():
        s = line.strip().strip("#*_ ").strip()
        if s:
            return s[:120]
    return ""


def _company_facts(text: str, s: _Sentence, out: dict[str, list[Fact]], *, values: bool = True) -> None:
    sentence = text[s.start : s.end]
    for kind, pattern in _COMPANY_FACTS:
        for m in pattern.finditer(sentence):
            out.setdefault(kind, []).append(Fact(kind, m.group(), s.start + m.start(), s.start + m.end()))
    if not values:
        return
    kind = "values" if _VALUES.search(sentence) or s.bullet else "product"
    if kind == "product" and len(out.get("product", [])) >= 3:
        return
    out.setdefault(kind, []).append(Fact(kind, sentence, s.start, s.end))


_STRENGTH_WEIGHT = {"required": 3.0, "preferred": 2.0, "nice-to-have": 1.0}
_KIND_WEIGHT = {"skill": 1.0, "responsibility": 1.0, "knowledge": 0.4, "experience": 0.0}


def _focus(items: list[Requirement]) -> list[FocusSkill]:
    weights: Counter[str] = Counter()
    refs: dict[str, list[int]] = {}
    for i, r in enumerate(items):
        w = _STRENGTH_WEIGHT[r.strength] * _KIND_WEIGHT[r.kind]
        for rank, sid in enumerate(r.skill_ids):
            weights[sid] += w / (1 + 0.5 * rank)
            refs.setdefault(sid, []).append(i)
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return [FocusSkill(sid, w, tuple(refs[sid])) for sid, w in ranked if w > 0]


def _session_type(focus: list[FocusSkill]) -> str:
    by_type: Counter[str] = Counter()
    for f in focus[:8]:
        types = mapping.SKILL_TYPES.get(f.skill_id, ())
        if types:
            by_type[types[0]] += f.weight
    if not by_type:
        return "mixed"
    top, weight = by_type.most_common(1)[0]
    return top if weight >= 0.6 * sum(by_type.values()) else "mixed"


def _years(items: list[Requirement]) -> tuple[int, int | None] | None:
    for r in items:
        if r.kind == "experience":
            m = _YEARS.match(r.text)
            if m:
                return int(m.group("lo")), int(m.group("hi")) if m.group("hi") else None
    return None


def _level(title: str, text: str, years: tuple[int, int | None] | None) -> str | None:
    for level, pattern in _LEVEL_WORDS:
        if pattern.search(title):
            return level
    if years is not None:
        lo = years[0]
        return "junior" if lo <= 1 else "mid" if lo <= 4 else "senior" if lo <= 8 else "staff"
    head = text[:400]
    for level, pattern in _LEVEL_WORDS:
        if pattern.search(head):
            return level
    return None


def _role(title: str, text: str, items: list[Requirement]) -> str | None:
    low_title = title.lower()
    for role, words in _ROLE_WORDS.items():
        if any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low_title) for w in words):
            if role == "backend" and ("software engineer" in low_title or "developer" in low_title):
                break  # a generic title: decide by the technologies
            return role
    techs = Counter()
    gaz = gazetteer()
    for r in items:
        if r.kind == "knowledge" and r.canonical:
            tech = gaz.lookup(r.canonical)
            if tech is None:
                continue
            for role, ids in _ROLE_TECH.items():
                if tech.id in ids:
                    techs[role] += _STRENGTH_WEIGHT[r.strength]
    if techs.get("frontend") and techs.get("backend") and min(techs["frontend"], techs["backend"]) >= \
            0.5 * max(techs["frontend"], techs["backend"]):
        return "fullstack"
    return techs.most_common(1)[0][0] if techs else None


class JobPostingAnalyzer:
    """The practice-modes :class:`~icraft.modes.base.Analyzer` for a job posting: a document
    in, an :class:`Analysis` out (requirements with spans, and the skills they give
    evidence on as ``focus_skills``). Pure; `icraft jd` and the store wrap it."""

    kind = "jd"

    def analyze(self, text: str) -> Analysis:
        return analyze(text)
