"""Read a CV (.pdf, .md, .txt) and a company notes file into small facts the
interviewer can anchor questions on ("You mention Kafka at Acme — ...").

Deliberately simple code, no model: technologies come from a fixed vocabulary,
companies from "at Acme" phrases and from job header lines, projects from bullet
lines that start with an action verb. Each technology is paired with the company
whose section it appears in.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError

# Canonical spelling -> regex. Word boundaries are applied around each pattern.
_TECH: dict[str, str] = {
    "Kafka": r"kafka",
    "Kubernetes": r"kubernetes|k8s",
    "Docker": r"docker",
    "PostgreSQL": r"postgres(?:ql)?",
    "MySQL": r"mysql",
    "Redis": r"redis",
    "MongoDB": r"mongo(?:db)?",
    "Cassandra": r"cassandra",
    "DynamoDB": r"dynamodb",
    "Elasticsearch": r"elastic ?search",
    "Snowflake": r"snowflake",
    "BigQuery": r"bigquery",
    "Spark": r"(?:apache )?spark",
    "Airflow": r"airflow",
    "dbt": r"dbt",
    "Flink": r"flink",
    "Hadoop": r"hadoop",
    "RabbitMQ": r"rabbitmq",
    "gRPC": r"grpc",
    "GraphQL": r"graphql",
    "REST APIs": r"rest(?:ful)? apis?",
    "AWS": r"aws|amazon web services",
    "GCP": r"gcp|google cloud",
    "Azure": r"azure",
    "Terraform": r"terraform",
    "Ansible": r"ansible",
    "Prometheus": r"prometheus",
    "Grafana": r"grafana",
    "Datadog": r"datadog",
    "Python": r"python",
    "Go": r"golang|go(?= |,|/|\))",
    "Java": r"java(?!script)",
    "Kotlin": r"kotlin",
    "Scala": r"scala",
    "Rust": r"rust",
    "C++": r"c\+\+",
    "C#": r"c#",
    "TypeScript": r"typescript",
    "JavaScript": r"javascript",
    "Node.js": r"node(?:\.js|js)?",
    "React": r"react(?: native)?",
    "Vue": r"vue(?:\.js)?",
    "Angular": r"angular",
    "Next.js": r"next\.js",
    "Swift": r"swift",
    "SwiftUI": r"swiftui",
    "Android": r"android",
    "iOS": r"ios",
    "Flutter": r"flutter",
    "Django": r"django",
    "Flask": r"flask",
    "FastAPI": r"fastapi",
    "Spring": r"spring(?: boot)?",
    "Rails": r"rails|ruby on rails",
    "PyTorch": r"pytorch",
    "TensorFlow": r"tensorflow",
    "scikit-learn": r"scikit-learn|sklearn",
    "LLMs": r"llms?|large language models?",
    "microservices": r"micro-?services",
    "CI/CD": r"ci/cd",
    "Linux": r"linux",
    "SQL": r"sql",
}
_TECH_RE = [(name, re.compile(rf"(?<![\w+#.]){pat}(?![\w+#])", re.I)) for name, pat in _TECH.items()]
# Generic names are only used when nothing more specific is in the same line.
_GENERIC = {"SQL", "Linux", "Python", "Java", "JavaScript", "microservices", "CI/CD", "REST APIs"}

_AT_COMPANY = re.compile(r"\bat ([A-Z][\w&.'-]*(?: (?:[A-Z][\w&.'-]*|&|of))*)")
_YEARS = re.compile(r"\b(19|20)\d\d\b")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf]|\d+[.)])\s+(.*)$")
_ACTION = re.compile(
    r"^(built|led|designed|migrated|launched|implemented|scaled|reduced|created|developed|owned|drove|"
    r"architected|rewrote|introduced|shipped|automated|improved|cut|mentored|managed|delivered)\b",
    re.I,
)
_HEADER_SPLIT = re.compile(r"\s+(?:[-\u2013\u2014|,@]|at)\s+")
_NOT_COMPANY = {"I", "The", "A", "We", "My", "Our", "Senior", "Staff", "Lead", "Principal", "Junior"}
_ROLE_WORD = re.compile(
    r"\b(engineer|developer|manager|lead|architect|scientist|analyst|intern|director|sre|devops|consultant)\b",
    re.I,
)


@dataclass(frozen=True)
class Anchor:
    """One thing to anchor a question on: a technology, where it was used, the line."""

    tech: str
    company: str | None
    line: str


@dataclass(frozen=True)
class ResumeFacts:
    technologies: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ResumeFacts:
        return cls(
            technologies=tuple(d.get("technologies", ())),
            companies=tuple(d.get("companies", ())),
            projects=tuple(d.get("projects", ())),
            anchors=tuple(Anchor(**a) for a in d.get("anchors", ())),
        )


def read_document(path: str | Path) -> str:
    """Text of a .pdf (via pypdf), .md or .txt file; a one-line InputError otherwise."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p} is a folder, not a file", "pass the CV or notes file itself")
    if not p.is_file():
        raise InputError(f"no such file: {p}")
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(p)
    if suffix not in (".md", ".markdown", ".txt", ".text", ""):
        raise InputError(f"cannot read {p.name}: expected a .pdf, .md or .txt file")
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p} is not UTF-8 text", "save it as UTF-8 or export a PDF") from None
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror}") from None


def _pdf_text(p: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    import logging

    # pypdf logs each repair attempt ("EOF marker not found") as a warning on stderr; the
    # outcome is what matters: text, or one InputError line.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(p))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as e:
        raise InputError(f"cannot read the PDF {p.name}: {e}", "export it again or pass a .txt/.md file") from None
    finally:
        log.setLevel(level)


def _techs_in(line: str) -> list[str]:
    """Technologies named in a line, the specific ones (Kafka) before generic ones (SQL)."""
    found = [name for name, rx in _TECH_RE if rx.search(line)]
    return [t for t in found if t not in _GENERIC] + [t for t in found if t in _GENERIC]


def _header_company(line: str) -> str | None:
    """The company in a job header such as "Acme Corp — Senior Engineer (2019–2022)"."""
    stripped = line.strip().lstrip("#").strip().strip("*_")
    if not stripped or _BULLET.match(line) or len(stripped.split()) > 12:
        return None
    if not (_YEARS.search(stripped) or _ROLE_WORD.search(stripped)):
        return None
    if _ROLE_WORD.search(stripped) is None and not line.lstrip().startswith("#"):
        return None
    for part in _HEADER_SPLIT.split(_YEARS.sub("", stripped)):
        part = part.strip(" ()[]*_:,")
        if part and part[0].isupper() and not _ROLE_WORD.search(part) and part.split()[0] not in _NOT_COMPANY:
            if len(part.split()) <= 4:
                return part
    return None


def parse_resume(text: str) -> ResumeFacts:
    techs: dict[str, None] = {}
    companies: dict[str, None] = {}
    projects: list[str] = []
    anchors: list[Anchor] = []
    seen_anchor: set[str] = set()
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _header_company(raw)
        at = _AT_COMPANY.search(line)
        if header:
            current = header
            companies.setdefault(header)
        elif at and at.group(1).split()[0] not in _NOT_COMPANY:
            companies.setdefault(at.group(1))
        bullet = _BULLET.match(raw)
        body = (bullet.group(1) if bullet else line).strip()
        if bullet and _ACTION.match(body):
            projects.append(body)
        line_techs = _techs_in(line)
        for t in line_techs:
            techs.setdefault(t)
        where = at.group(1) if at and at.group(1).split()[0] not in _NOT_COMPANY else current
        if line_techs and (bullet or at) and line_techs[0] not in seen_anchor:
            seen_anchor.add(line_techs[0])
            anchors.append(Anchor(line_techs[0], where, body))
    # Anchors on project lines (with a company) first: they make the best questions.
    anchors.sort(key=lambda a: (a.company is None, not _ACTION.match(a.line)))
    return ResumeFacts(tuple(techs), tuple(companies), tuple(projects), tuple(anchors))


def load_resume(path: str | Path) -> ResumeFacts:
    facts = parse_resume(read_document(path))
    if not facts.technologies and not facts.projects:
        raise InputError(
            f"found no technologies or projects in {Path(path).name}",
            "check the file is your CV; a PDF must contain text, not scanned images",
        )
    return facts


@dataclass(frozen=True)
class CompanyNotes:
    """Notes about the target company: its name (first line) and the sentences, which the
    interviewer quotes when the candidate asks about the company."""

    name: str
    sentences: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CompanyNotes:
        return cls(d["name"], tuple(d.get("sentences", ())))


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def parse_company_notes(text: str) -> CompanyNotes:
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise InputError("the company notes file is empty", "put the company name on the first line")
    name = lines[0][:60]
    body = "\n".join(lines[1:])
    sentences = tuple(s.strip(" -*\u2022") for s in _SENTENCE.split(body) if len(s.split()) >= 3)
    return CompanyNotes(name, sentences)


def load_company_notes(path: str | Path) -> CompanyNotes:
    return parse_company_notes(read_document(path))


_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and for you your are what how does with that this from have has was were will would about "
    "there their they them can could should team company work like any here much many big day look "
    "typical tell know get also our out its".split()
)
_NUMBER = r"(?:\d[\d,.]*\+?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|" \
    r"fifty|sixty|hundred|hundreds|thousand|thousands|dozen|dozens)"
# Topics a candidate asks about, each as (question cue, notes cue): a notes sentence
# answers a question on a topic when the question has the first and the sentence the
# second, even with no word in common ("How big is the team?" -> "Team of 40 engineers").
_TOPICS: dict[str, tuple[str, str]] = {
    "size": (
        r"\bhow (big|large|many (people|engineers|developers|employees))\b|\bsize\b|\bheadcount\b",
        rf"\b{_NUMBER} (\w+ )?(engineers|developers|people|employees|staff|members|devs|squads|teams)\b"
        r"|\bteams? of \d|\b(headcount|size)\b|\b(small|large|growing) teams?\b|\bteams? (is|are) (small|large)\b",
    ),
    "stack": (
        r"\b(stack|tech|technolog(y|ies)|languages?|frameworks?|tools?|tooling|built (with|on|in)|written in)\b",
        r"\b(stack|languages?|frameworks?|written in|built (with|on|in))\b",
    ),
    "place": (
        r"\b(remote|office|offices|hybrid|on-?site|location|based|relocat\w*|wfh|from home)\b",
        r"\b(remote|office|offices|hybrid|on-?site|based in|relocat\w*|from home|days a week)\b",
    ),
    "oncall": (r"\b(on-?call|pager|incidents?|outages?)\b", r"\b(on-?call|pager|incidents?|outages?)\b"),
    "release": (
        r"\b(deploy\w*|releases?|releasing|ship\w*|ci|cd|code reviews?)\b",
        r"\b(deploy\w*|releases?|releasing|ship\w*|ci/cd|code reviews?)\b",
    ),
    "growth": (
        r"\b(career|growth|grow|promotions?|progression|learning|mentor\w*|training|ladder)\b",
        r"\b(career|promotions?|progression|learning|mentor\w*|training|ladder|budget for)\b",
    ),
    "culture": (r"\b(culture|values?|like to work|environment)\b", r"\b(culture|values?|we value)\b"),
    "pay": (
        r"\b(salary|salaries|pay|compensation|equity|stock|bonus|benefits?|perks?)\b",
        r"\b(salary|salaries|pay|compensation|equity|stock|bonus|benefits?|perks?)\b",
    ),
    "hours": (
        r"\b(hours|work-life|balance|overtime|flexib\w*|vacation|holidays?)\b",
        r"\b(hours|work-life|balance|overtime|flexib\w*|vacation|holidays?|days off)\b",
    ),
    "product": (r"\b(product|customers?|clients?|users?)\b", r"\b(product|customers?|clients?|users?)\b"),
    "next": (
        r"\b(next steps?|interview process|hear back|timeline|decision)\b",
        r"\b(next steps?|interview process|rounds?|decision|within \w+ (days|weeks))\b",
    ),
    "money": (
        r"\b(funding|funded|raised|investors?|revenue|profitable|profit|runway|series [a-e])\b",
        r"\b(funding|funded|raised|investors?|revenue|profitable|profit|runway|series [a-e])\b",
    ),
}
_TOPIC_RE = {k: (re.compile(q, re.I), re.compile(n, re.I)) for k, (q, n) in _TOPICS.items()}


def _stem(word: str) -> str:
    """A crude stem, enough to match "engineers" with "engineering" and "deploys" with "deploy"."""
    for suffix in ("ing", "ers", "ies", "ed", "es", "er", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def best_sentence(notes: CompanyNotes, question: str) -> str | None:
    """The notes sentence that answers the candidate's question, or None when none does.

    Deterministic, no model: a sentence scores 2 for each topic it shares with the
    question (a size question and "Team of 40 engineers") and 1 for each content word in
    common (stemmed, common words ignored); the highest score wins, the earlier sentence
    on a tie, and a sentence that scores 0 is never quoted."""
    words = _content(question)
    topics = [n for q, n in _TOPIC_RE.values() if q.search(question)]
    best, best_n = None, 0
    asks_stack = _TOPIC_RE["stack"][0].search(question) is not None
    for s in notes.sentences:
        on_topic = sum(1 for rx in topics if rx.search(s))
        if asks_stack and not _TOPIC_RE["stack"][1].search(s) and _techs_in(s):  # "We use Go and Postgres"
            on_topic += 1
        n = 2 * on_topic + len(words & _content(s))
        if n > best_n:
            best, best_n = s, n
    return best


def answer_from_notes(notes: CompanyNotes, question: str) -> str:
    """The interviewer's reply to a question about the company: the notes sentence that
    answers it, quoted as written, or an honest "not in my notes" (never a made-up fact)."""
    hit = best_sentence(notes, question)
    if hit:
        return f'Good question. From my notes on {notes.name}: "{hit}"'
    return (
        f"Good question. That isn't in my notes on {notes.name}, so I can't tell you; "
        "it's a good one to ask your real interviewers."
    )
