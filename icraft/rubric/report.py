"""Machine output of ``icraft lint``: the versioned JSON document and SARIF 2.1.0.

The JSON document is a documented contract (docs/lint-output.md and
docs/lint-output.schema.json): bump :data:`SCHEMA_VERSION` on any breaking change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Collection, Sequence

from icraft.core.findings import LintReport
from icraft.core.transcript import Transcript
from icraft.rubric.model import Rubric

SCHEMA = "icraft.lint"
SCHEMA_VERSION = "1.4"  # 1.1: answers[].answer_number (1-based) and answers[].judged; 1.2: not_judged; 1.3: talking_points; 1.4: reports[].score null
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@dataclass
class LintedFile:
    """One linted input: where it came from, the transcript and its report."""

    source: str
    transcript: Transcript
    report: LintReport
    session_id: str | None = None
    raw_text: str | None = None  # the file's text, for SARIF regions (text inputs)
    extra: dict[str, Any] = field(default_factory=dict)


def lint_document(
    files: Sequence[LintedFile],
    rubric: Rubric,
    *,
    errors: Sequence[dict[str, str]] = (),
    fail_under: int | None = None,
) -> dict[str, Any]:
    """The ``--format json`` document (schema icraft.lint, :data:`SCHEMA_VERSION`)."""
    from icraft import __version__

    from icraft.rubric.scoring import not_judged_reason

    reports = []
    for f in files:
        d = f.report.to_dict()
        d["source"] = f.source
        d["session_id"] = f.session_id
        for a, result in zip(d["answers"], f.report.answers):
            a["answer_number"] = a["answer"] + 1  # 1-based beside the 0-based index, as diff and rewind print it
            # An answer no selected rule judged has no score (its 100 would measure nothing).
            a["not_judged"] = not_judged_reason(result)
            if a["not_judged"] is not None:
                a["score"] = None
        if all(a["score"] is None for a in d["answers"]):
            d["score"] = None  # nothing judged (small talk only): no session score, as the text output says
        reports.append(d)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "icraft_version": __version__,
        "rubric_version": rubric.version,
        "reports": reports,
        "errors": list(errors),
        "summary": summary(files, fail_under),
    }


def summary(files: Sequence[LintedFile], fail_under: int | None = None) -> dict[str, Any]:
    """Counts over a batch: files, answers, not judged, lowest and mean score, and how many
    judged answers score under ``fail_under`` (the JSON summary and the human one)."""
    from icraft.rubric.scoring import is_judged

    answers = [a for f in files for a in f.report.answers]
    scores = [a.score.overall for a in answers if is_judged(a)]
    return {
        "files": len(files),
        "answers": len(answers),
        "not_judged": len(answers) - len(scores),  # no score: no selected rule judged them
        "min_score": min(scores) if scores else None,
        "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
        "fail_under": fail_under,
        "below_threshold": sum(1 for s in scores if fail_under is not None and s < fail_under),
    }


class _Locator:
    """Where quotes are in the input file, when they appear there verbatim (text, VTT,
    SRT); JSON inputs split words into strings, so only the snippet is given.

    Linear in the file, not in files x findings. A turn's text is a subsequence of the
    file (readers only drop labels, tags and timing lines and collapse whitespace), so a
    character ``d`` text positions after a known point is at least ``d`` file positions
    after it: a quote is searched from that lower bound (found quotes move it past their
    turn's end), within a window a few times the text distance, so a quote absent from
    the file (cut across two cues) does not scan the rest of it. Line numbers come from
    an index of line starts. Searching from the bound also places a quote repeated in
    several answers ("um") in its own answer, not at its first occurrence."""

    _SLACK = 4096  # file characters a window allows beyond 4x the text: labels, timing lines

    def __init__(self, raw: str | None, transcript: Transcript) -> None:
        from icraft.core.transcript import clean, clean_with_offsets

        # Quotes are of the clean text (NFC, no zero-width or bidi marks): search a clean
        # copy of the file and map what is found back to the file's own positions.
        self.file = raw
        self.offsets: list[int] | None = None
        if raw and clean(raw) != raw:
            raw, self.offsets = clean_with_offsets(raw)
        self.raw = raw
        self.lines = [0]
        file = self.file or ""
        if file:
            find, pos = file.find, file.find("\n")
            while pos >= 0:
                self.lines.append(pos + 1)
                pos = find("\n", pos + 1)
        self.starts = []  # text position where each turn starts (turns joined by one character)
        self.lengths = []
        total = 0
        for turn in transcript.turns:
            self.starts.append(total)
            self.lengths.append(len(turn.text))
            total += len(turn.text) + 1
        self.turn = -1  # the turn being located
        self.anchor = (0, 0)  # (file position, text position): the file from here holds the text from there
        self.pending = (0, 0)  # the anchor past the current turn, from its quotes found so far

    def _line_col(self, pos: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.lines, pos)
        return line, pos - self.lines[line - 1] + 1

    def region(self, turn: int, char_start: int, quote: str) -> dict[str, Any]:
        region: dict[str, Any] = {"snippet": {"text": quote}}
        raw = self.raw
        if not raw or not quote or not 0 <= turn < len(self.starts):
            return region
        if turn > self.turn:
            if self.pending[0] > self.anchor[0]:
                self.anchor = self.pending
            self.turn = turn
        at = self.starts[turn] + char_start  # the quote's text position
        distance = max(0, at - self.anchor[1])
        lo = self.anchor[0] + distance
        pos = raw.find(quote, lo, lo + 4 * distance + self._SLACK + len(quote))
        if pos < 0:
            return region
        turn_end = pos - char_start + self.lengths[turn] + 1  # the next turn starts after this
        if turn_end > self.pending[0]:
            self.pending = (turn_end, self.starts[turn] + self.lengths[turn] + 1)
        end = pos + len(quote)
        if self.offsets is not None:
            pos, end = self.offsets[pos], self.offsets[end]
            region["snippet"] = {"text": (self.file or "")[pos:end]}  # the file's own characters
        line, col = self._line_col(pos)
        end_line, end_col = self._line_col(end)
        region.update(startLine=line, startColumn=col, endLine=end_line, endColumn=end_col, charOffset=pos,
                      charLength=end - pos)
        return region


def to_sarif(files: Sequence[LintedFile], rubric: Rubric) -> dict[str, Any]:
    """SARIF 2.1.0: one run, the rubric's rules as the driver's rules, one result per finding."""
    from icraft import __version__

    index = {r.id: i for i, r in enumerate(rubric.rules)}
    rules = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.message},
            "fullDescription": {"text": f"Anti-pattern: {r.anti_pattern} Best practice: {r.best_practice}"},
            "help": {"text": r.fix},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {
                "category": r.category,
                "weight": r.weight,
                "skills": list(r.skills),
                "applies_to": list(r.applies_to),
            },
        }
        for r in rubric.rules
    ]
    results = []
    for f in files:
        locator = _Locator(f.raw_text, f.transcript)
        for a in f.report.answers:
            for fd in a.findings:
                locations = []
                for s in fd.spans:
                    locations.append(
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": f.source},
                                "region": locator.region(s.turn, s.char_start, s.quote),
                            },
                            "logicalLocations": [
                                {"name": f"answer {a.answer + 1}", "fullyQualifiedName": f"answers[{a.answer}]"}
                            ],
                            "properties": s.to_dict(),
                        }
                    )
                results.append(
                    {
                        "ruleId": fd.rule_id,
                        "ruleIndex": index.get(fd.rule_id, -1),
                        "level": _SARIF_LEVEL[fd.severity] if fd.measurable else "none",
                        "message": {"text": f"{fd.message} Fix: {fd.fix}"},
                        "locations": locations,
                        "properties": {
                            "answer": a.answer,
                            "points": fd.points,
                            "measurable": fd.measurable,
                            "skills": list(fd.skills),
                            "answer_score": a.score.overall,
                        },
                    }
                )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "icraft",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                        "properties": {"rubric_version": rubric.version},
                    }
                },
                "artifacts": [{"location": {"uri": f.source}} for f in files],
                "results": results,
                "properties": {
                    "scores": {f.source: f.report.score.to_dict() for f in files},
                },
            }
        ],
    }


def answer_scoped_rules(rubric: Rubric | None = None) -> frozenset[str]:
    """Ids of the rules that cost every category (scope = "answer", e.g. too_short)."""
    if rubric is None:
        from icraft.rubric import load_rubric

        rubric = load_rubric()
    return frozenset(r.id for r in rubric.rules if r.scope == "answer")


def cost_label(rule_id: str, category: str, points: float, answer_scoped: Collection[str] | None = None) -> str:
    """What a finding costs, for people: "-25 depth" is 25 of the depth category's 100
    points, not of the overall score (which moves by the category's share, as `icraft
    rewind` shows); "-68 each category" for a rule scoped to the whole answer. Whole
    points, rounded half-up; JSON keeps the exact float."""
    scoped = answer_scoped_rules() if answer_scoped is None else answer_scoped
    where = "each category" if rule_id in scoped else category
    return f"-{int(points + 0.5)} {where}"
