"""The technologies gazetteer: canonical entries with aliases, matched on token boundaries.

Two data files in ``icraft/jd/data/``: ``technologies.tsv`` (icraft's curated list, with
the flags that guard everyday words) and ``github_topics.tsv`` (the wider list, derived
from github/explore's topics; "Topics data from github/explore, licensed CC BY 4.0").
Matching runs on :mod:`icraft.jd.tokens`, so "C++", "C#", ".NET", "Node.js" and "k8s" are
whole tokens and "Java" never matches inside "JavaScript".

An *ambiguous* entry is also an everyday word: "Go", "R", "Swift", "Spark", "Rust",
"Excel". It counts only when written with its capital letter and in a technology
context: next to another technology in a list ("Python, Go and Rust"), or after or
before a cue ("experience with", "programming", "language", "Apache", "MS"), and never
in a known phrase of the everyday sense ("go to market", "excel at", "R&D").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from icraft.jd.tokens import Token, tokenize

DATA = Path(__file__).resolve().parent / "data"
MAX_WORDS = 6  # the longest alias, in tokens

ATTRIBUTION = "Topics data from github/explore, licensed CC BY 4.0."


@dataclass(frozen=True, slots=True)
class Technology:
    id: str
    name: str
    category: str
    ambiguous: bool = False
    exact_case: bool = False
    curated: bool = True


@dataclass(frozen=True, slots=True)
class Match:
    tech: Technology
    first: int  # token index
    last: int  # token index, inclusive
    start: int  # character offsets in the text
    end: int


def key(text: str) -> str:
    """The lookup key of a phrase: lower case, hyphens and underscores as spaces, tokens
    joined by one space ("Amazon-Web-Services" -> "amazon web services", "C/C++" -> "c / c++")."""
    return " ".join(t.text for t in tokenize(text.lower().replace("_", " ").replace("-", " ")))


class Gazetteer:
    def __init__(self, entries: list[tuple[Technology, list[str]]]) -> None:
        self.by_id: dict[str, Technology] = {}
        self.index: dict[str, tuple[Technology, str]] = {}  # key -> (entry, surface form)
        for tech, names in entries:
            if tech.id in self.by_id:
                continue
            self.by_id[tech.id] = tech
            for name in names:
                k = key(name)
                if k and k not in self.index:
                    self.index[k] = (tech, name)

    def lookup(self, phrase: str) -> Technology | None:
        hit = self.index.get(key(phrase))
        return hit[0] if hit else None

    def candidates(self, text: str, tokens: list[Token]) -> list[Match]:
        """Longest matches, left to right, before the context rules."""
        out: list[Match] = []
        keys = [t.text.lower().replace("_", " ").replace("-", " ") for t in tokens]
        i = 0
        n = len(tokens)
        while i < n:
            found: Match | None = None
            for j in range(min(n, i + MAX_WORDS) - 1, i - 1, -1):
                if tokens[j].start - tokens[i].start > 80:
                    continue
                hit = self.index.get(" ".join(keys[i : j + 1]))
                if hit is None:
                    continue
                tech, surface = hit
                span = text[tokens[i].start : tokens[j].end]
                if tech.ambiguous and not span[:1].isupper():
                    continue
                if tech.exact_case and not tech.ambiguous and span != surface and span != tech.name:
                    continue
                found = Match(tech, i, j, tokens[i].start, tokens[j].end)
                break
            if found:
                out.append(found)
                i = found.last + 1
            else:
                i += 1
        return out

    def find(self, text: str, tokens: list[Token] | None = None, *, curated_only: bool = True) -> list[Match]:
        """Technologies named in ``text``, after the context rules for everyday words."""
        tokens = tokenize(text) if tokens is None else tokens
        cands = [m for m in self.candidates(text, tokens) if m.tech.curated or not curated_only]
        sure = {m.first for m in cands if not m.tech.ambiguous} | {m.last for m in cands if not m.tech.ambiguous}
        return [m for m in cands if not m.tech.ambiguous or _tech_context(text, tokens, m, sure)]


# Words before or after an ambiguous name that make it a technology.
_CUES_BEFORE = {
    "in", "with", "using", "of", "and", "or", "apache", "ms", "microsoft", "advanced", "modern", "idiomatic",
    "write", "writing", "written", "program", "programming", "proficient", "proficiency", "knowledge",
    "experience", "expertise", "skills", "like", "e.g", "eg", "including", "such", "as", "backend", "native",
    "languages", "language", "stack", "aws", "azure", "amazon", "databricks",
}
_CUES_AFTER = {
    "programming", "language", "languages", "developer", "developers", "engineer", "engineers", "code",
    "codebase", "services", "service", "microservices", "backend", "sdk", "ui", "stack", "ecosystem",
    "experience", "development", "applications", "application", "jobs", "cluster", "clusters", "streaming",
    "sql", "spreadsheets", "spreadsheet", "macros", "vba", "pivot", "modules", "runtime", "toolchain",
    "libraries", "library", "packages", "scripts", "scripting", "/", "concurrency", "goroutines",
    "plus", "bonus", "preferred", "required", "knowledge", "skills", "expertise", "proficiency",
}
# Phrases of the everyday sense: (the ambiguous word in lower case, the next word).
_EVERYDAY_NEXT = {
    ("go", "to"), ("go", "beyond"), ("go", "above"), ("go", "live"), ("go", "ahead"), ("go", "through"),
    ("go", "the"), ("go", "further"), ("go", "out"), ("go", "back"), ("go", "into"), ("go", "for"),
    ("go", "far"), ("go", "above"), ("go", "get"), ("go", "extra"),
    ("excel", "at"), ("excel", "in"), ("swift", "response"), ("swift", "action"), ("swift", "decisions"),
    ("spark", "joy"), ("spark", "curiosity"), ("spark", "innovation"), ("spark", "ideas"), ("spark", "change"),
    ("r", "&"), ("rust", "belt"), ("rust", "on"), ("c", "level"), ("c", "suite"), ("unity", "of"), ("chef", "de"),
}
_LIST_JOINERS = {",", "/", "and", "or", "&", "(", ")", "|", ";"}


def _tech_context(text: str, tokens: list[Token], m: Match, sure: set[int]) -> bool:
    span = text[m.start : m.end]
    if m.last > m.first and not span.islower():  # "Apache Spark", "MS Excel": qualified, so sure
        return True
    if span.islower():  # "go", "spark", "rust", "excel": the everyday word
        return False
    nxt = tokens[m.last + 1].text.lower() if m.last + 1 < len(tokens) else ""
    if (span.lower(), nxt) in _EVERYDAY_NEXT:
        return False
    # A neighbour in a list is a sure technology: "Python, Go and Rust", "C/C++".
    for step in (-1, 1):
        k = (m.first if step < 0 else m.last) + step
        hops = 0
        while 0 <= k < len(tokens) and tokens[k].text.lower() in _LIST_JOINERS and hops < 2:
            k += step
            hops += 1
        if hops and 0 <= k < len(tokens) and k in sure:
            return True
    before = {t.text.lower().rstrip(":") for t in tokens[max(0, m.first - 3) : m.first]}
    after = {t.text.lower() for t in tokens[m.last + 1 : m.last + 4]}
    return bool(before & _CUES_BEFORE and m.first > 0) or bool(after & _CUES_AFTER)


def _read_tsv(path: Path, curated: bool) -> list[tuple[Technology, list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 5)[:5]
        tid, name, category, aliases, flags = cols
        tech = Technology(tid, name, category, "ambiguous" in flags, "case" in flags or "ambiguous" in flags, curated)
        names = [name, tid.replace("-", " ")] + [a for a in aliases.split(";") if a]
        out.append((tech, names))
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The curated list first (it wins on a shared alias), then the GitHub topics."""
    entries = _read_tsv(DATA / "technologies.tsv", True)
    topics = DATA / "github_topics.tsv"
    if topics.is_file():
        entries += _read_tsv(topics, False)
    return Gazetteer(entries)
