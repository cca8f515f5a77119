"""The prepared-answers Markdown format.

::

    # My answers                      <- anything before the first "## " is ignored
    ## Tell me about yourself         <- a question (entry 1)
    aka: Walk me through your background
    aka: Introduce yourself           <- other wordings, indexed with the question
    keys: payments, Go, 40% faster    <- optional: the key words the card fades to (and the drill checks)
    - Backend engineer, six years, payments at Acme.
    - Led the ledger rewrite: p99 from 900 ms to 120 ms.

Entries are numbered from 1 in file order. The answer is every line under the
heading until the next one (bullets or prose); its key points are its ``keys:`` when
given, else its top-level bullets, or its sentences when it is prose: a drilled answer
is checked against them (:attr:`Entry.recall_points`). Bad input is one line naming the file
and line: an empty file, a heading with no answer. A duplicate question is warned
about and kept (both entries stay; the retriever cannot tell them apart).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from icraft.core.errors import InputError

FORMAT_HINT = "each question is a '## ' heading with its answer on the lines below; see `icraft cue --help`"
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'+#.%-]*[A-Za-z0-9%+#]|[A-Za-z0-9]")
KEY_WORDS = 8  # key words a card fades to when the file gives none
FIRST_WORDS = 6  # words of each key point a "first words" card keeps

# Words that carry no content of their own (for key words and matching).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how
    i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most my myself no nor not of
    off on once only or other ought our ours ourselves out over own same she should so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll they're they've this
    those through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
    where which while who whom why will with won't would wouldn't you you'd you'll you're you've your yours
    yourselves us really get got gets thing things lot way also well one two three""".split()
)


@dataclass(frozen=True)
class Entry:
    """One prepared question and the candidate's own answer."""

    number: int  # from 1, in file order
    question: str
    aka: tuple[str, ...]
    answer: str  # the lines under the heading, as written
    points: tuple[str, ...]  # top-level bullets, or sentences of prose
    keys: tuple[str, ...]  # key words, from a `keys:` line or chosen from the answer
    line: int = 0  # the heading's line in its file (1-based), 0 when not from a file
    source: str = "file"  # file, bank, story
    keys_given: bool = False  # the keys come from the file's `keys:` line

    @property
    def recall_points(self) -> tuple[str, ...]:
        """What a drilled answer is checked against: the file's ``keys:`` when given (a card
        with four keys is four points, not its three bullets), else the key points."""
        return self.keys if self.keys_given else self.points

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.question, *self.aka)

    def to_dict(self) -> dict[str, object]:
        return {"number": self.number, "question": self.question, "aka": list(self.aka), "answer": self.answer,
                "points": list(self.points), "keys": list(self.keys), "line": self.line, "source": self.source,
                "keys_given": self.keys_given}


@dataclass
class Prepared:
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)
    path: str = "<text>"

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, number: int) -> Entry:
        return self.entries[number - 1]


def words(text: str) -> list[str]:
    """The words of ``text`` (letters, digits and in-word ' + # . % -)."""
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w.lower() not in STOPWORDS]


def question_key(text: str) -> str:
    """A question's identity for duplicate checks: its words, lowercased."""
    return " ".join(w.lower() for w in words(text))


def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def key_points(answer: str) -> tuple[str, ...]:
    """Top-level bullets (continuation lines joined) or, for prose, its sentences."""
    lines = answer.splitlines()
    if any(_BULLET.match(ln) and not ln.startswith(("    ", "\t")) for ln in lines):
        points: list[str] = []
        for ln in lines:
            if not ln.strip():
                continue
            if _BULLET.match(ln) and not ln.startswith(("    ", "\t")):
                points.append(_strip_bullet(ln))
            elif points:
                points[-1] = f"{points[-1]} {_strip_bullet(ln)}"
            else:
                points.append(ln.strip())
        return tuple(p for p in points if p)
    prose = " ".join(ln.strip() for ln in lines if ln.strip())
    return tuple(s.strip() for s in _SENTENCE.split(prose) if s.strip())


def choose_keys(answer: str, doc_freq: Counter[str], n_docs: int, limit: int = KEY_WORDS) -> tuple[str, ...]:
    """The answer's most telling words: numbers and names first, then rare content words
    (by how few answers of the file use them), in the order they appear."""
    seen: dict[str, tuple[float, int, str]] = {}
    for pos, w in enumerate(content_words(answer)):
        low = w.lower()
        if low in seen or len(low) < 3 and not any(c.isdigit() for c in low):
            continue
        rarity = 1.0 - doc_freq.get(low, 0) / max(1, n_docs)
        bonus = 1.0 if any(c.isdigit() for c in w) else 0.5 if w[0].isupper() and pos > 0 else 0.0
        seen[low] = (rarity + bonus, pos, w)
    best = sorted(seen.values(), key=lambda t: (-t[0], t[1]))[:limit]
    return tuple(w for _score, _pos, w in sorted(best, key=lambda t: t[1]))


def first_words(point: str, n: int = FIRST_WORDS) -> str:
    toks = point.split()
    return " ".join(toks[:n]) + (" …" if len(toks) > n else "")


def parse(text: str, path: str = "<text>") -> Prepared:
    """Parse prepared answers; raise InputError (one line, with the line number) on bad input."""
    if not text.strip():
        raise InputError(f"{path}: is empty: no prepared answers", FORMAT_HINT)
    raw: list[tuple[int, str, list[str], list[str], list[str]]] = []  # line, question, aka, keys, body
    in_fence = False
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and re.match(r"^##(?!#)", line):
            question = line[2:].strip().rstrip("#").strip()
            if not question:
                raise InputError(f"{path}:{n}: a '##' heading with no question", FORMAT_HINT)
            raw.append((n, question, [], [], []))
            continue
        if not raw:
            continue  # title and introduction before the first question
        _, _, aka, keys, body = raw[-1]
        low = stripped.lower()
        if not body and low.startswith("aka:"):
            alt = stripped[4:].strip()
            if alt:
                aka.append(alt)
            continue
        if not body and low.startswith("keys:"):
            keys.extend(k.strip() for k in stripped[5:].split(",") if k.strip())
            continue
        if body or stripped:
            body.append(line.rstrip())
    if not raw:
        raise InputError(f"{path}: no '## ' question headings found", FORMAT_HINT)
    for n, question, _aka, _keys, body in raw:
        if not "\n".join(body).strip():
            raise InputError(f"{path}:{n}: '## {question}' has no answer below it", "write the answer under the heading")
    answers = ["\n".join(body).strip() for *_, body in raw]
    doc_freq: Counter[str] = Counter()
    for a in answers:
        doc_freq.update({w.lower() for w in content_words(a)})
    entries: list[Entry] = []
    warnings: list[str] = []
    first_line: dict[str, int] = {}
    for i, ((n, question, aka, keys, _body), answer) in enumerate(zip(raw, answers), 1):
        key = question_key(question)
        if key in first_line:
            warnings.append(f"{path}:{n}: duplicate question '{question}' (also line {first_line[key]}); both kept")
        else:
            first_line[key] = n
        entries.append(Entry(
            number=i, question=question, aka=tuple(aka), answer=answer, points=key_points(answer),
            keys=tuple(keys) or choose_keys(answer, doc_freq, len(answers)), line=n, keys_given=bool(keys),
        ))
    return Prepared(entries, warnings, path)


def load(path: str | Path) -> Prepared:
    """Read and parse a prepared-answers file (one-line errors for missing/binary/non-UTF-8 files)."""
    from icraft.formats import read_text_file

    text, _ = read_text_file(Path(path), binary_hint=CUE_BINARY_HINT)
    return parse(text, str(path))


CUE_BINARY_HINT = ("pass your prepared answers as Markdown or plain text; to listen to a recording: "
                   "`icraft cue ANSWERS.md --audio FILE`")


def from_pairs(pairs: list[tuple[str, str]], source: str = "bank") -> Prepared:
    """Entries from (question, answer) pairs (imported answers or stories)."""
    body = "\n\n".join(f"## {q.strip()}\n{a.strip()}" for q, a in pairs if q.strip() and a.strip())
    if not body:
        return Prepared([], [], source)
    p = parse(body, source)
    p.entries = [Entry(**{**e.__dict__, "source": source, "line": 0}) for e in p.entries]
    return p
