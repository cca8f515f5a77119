"""Question-type classifier: accuracy and confusion table on labelled interview questions.

    python benchmarks/bench_question_types.py            # accuracy + confusion table
    python benchmarks/bench_question_types.py --errors   # also every misread question

The labelled set is ``tests/data/question_types.tsv`` (public question lists, sources
in its header) plus every question of the bank (``drills/questions``; the bank's
``warmup`` and ``closing`` questions are general ones). Each question is read alone,
as ``icraft.rubric.questions.classify_question`` reads a question with no answer.
Target: accuracy >= 95 % (issue 13). Figures are in docs/SCORING.md.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from icraft.content.bank import load_bank  # noqa: E402
from icraft.rubric.questions import SMALL_TALK, classify_question, scoring_type  # noqa: E402

DATA = REPO / "tests" / "data" / "question_types.tsv"
LABELS = ("general", "behavioral", "technical", "system-design", "coding-discussion", "negotiation", SMALL_TALK)
SHORT = {"general": "gen", "behavioral": "beh", "technical": "tech", "system-design": "sd",
         "coding-discussion": "code", "negotiation": "neg", SMALL_TALK: "small"}


def labelled() -> list[tuple[str, str, str]]:
    """(label, question, source) for every labelled question: the public set, then the bank."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, question, source = line.split("\t")
        if label not in LABELS:
            raise ValueError(f"{DATA}: unknown label {label!r}")
        rows.append((label, question, source))
    for q in load_bank():
        label = scoring_type(q.type)
        if label is not None:
            rows.append((label, q.text, f"bank:{q.id}"))
    return rows


def evaluate(rows: list[tuple[str, str, str]]) -> tuple[float, Counter[tuple[str, str]], list[tuple[str, str, str, str]]]:
    """Accuracy, the (gold, predicted) counts and the misread rows."""
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for label, question, source in rows:
        got = classify_question(question)
        confusion[(label, got)] += 1
        if got != label:
            errors.append((label, got, question, source))
    return 1 - len(errors) / len(rows), confusion, errors


def confusion_table(confusion: Counter[tuple[str, str]]) -> str:
    """A Markdown table: one row per gold label, one column per predicted label."""
    head = "| gold \\ read as | " + " | ".join(SHORT[c] for c in LABELS) + " | n | accuracy |"
    lines = [head, "|" + "---|" * (len(LABELS) + 3)]
    for g in LABELS:
        n = sum(confusion[(g, p)] for p in LABELS)
        if not n:
            continue
        cells = " | ".join(str(confusion[(g, p)] or ".") for p in LABELS)
        lines.append(f"| {g} | {cells} | {n} | {confusion[(g, g)] / n:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list every misread question")
    args = ap.parse_args(argv)
    rows = labelled()
    accuracy, confusion, errors = evaluate(rows)
    public = sum(1 for r in rows if not r[2].startswith("bank:"))
    print(f"{len(rows)} questions ({public} from public lists, {len(rows) - public} from the bank)")
    print(f"accuracy {accuracy:.1%} ({len(rows) - len(errors)}/{len(rows)}); target >= 95%")
    print()
    print(confusion_table(confusion))
    if args.errors:
        print()
        for label, got, question, source in errors:
            print(f"{label:>17} read as {got:<17} {source:<28} {question}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
