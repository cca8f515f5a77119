"""Relevance: can icraft tell an answer to its own question from the same answer given
to another question?

    python benchmarks/bench_relevance.py            # ROC AUC, the real pairs' lowest scores
    python benchmarks/bench_relevance.py --worst 10 # also the 10 hardest pairs

Positives: every answer of the calibration set (tests/calibration), of the rule fixtures
that give a question (tests/rule_fixtures, 25 words or more) and of examples/*.txt, with
its own question. Negatives: the same answers paired with every question of the bank's
interview types (drills/questions) other than their own. Answers a calibration case
marks as off the question (``must_fire`` names off_topic or keyword_stuffing, or the
answer is in another language) are negatives with their own question too, never
positives. The score is ``icraft.rubric.relevance.relevance(...).score``, with the
question's talking points when it is a bank question. The off_topic threshold
(rubrics/default.toml) is printed with the share of each side beyond it.

Target (issue 13): ROC AUC >= 0.95.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from icraft.content.bank import INTERVIEW_TYPES, load_bank  # noqa: E402
from icraft.rubric import load_rubric  # noqa: E402
from icraft.rubric.questions import infer_question_type, type_from_question  # noqa: E402
from icraft.core.transcript import CANDIDATE, Turn  # noqa: E402
from icraft.rubric.relevance import cover, covered_share, language_of, relevance, talking_points_for  # noqa: E402
from icraft.rubric.text import split_sentences  # noqa: E402

OFF_RULES = {"off_topic"}
# Bank questions an answer also answers (labelled by hand, before any score was looked
# at, from the answer's text and the question's): pairing them is not a mismatch, so
# they are left out of the negatives. Keys are the sources printed by --worst.
SAME: dict[str, set[str]] = {
    "behavioral_strong_conflict.toml": {"beh-conflict-004", "beh-conflict-001"},
    "behavioral_strong_mentoring.toml": {"beh-mentoring-001", "beh-mentoring-003", "beh-mentoring-004"},
    "coding_strong_twosum.toml": {"code-complexity-001"},
    "coding_weak_heap.toml": {"code-complexity-008"},
    "sd_strong_shortener.toml": {"sd-urlshort-001"},
    "system_design.txt": {"sd-urlshort-001"},
    "sd_weak_one_sentence.toml": {"sd-urlshort-001"},
    "sd_weak_two_sentences.toml": {"sd-urlshort-001"},
    "too_short.toml:trigger": {"sd-urlshort-001"},
    "sd_mid_cache.toml": {"sd-cache-001"},
    "sd_weak_chat.toml": {"sd-chat-001"},
    "technical_mid_hedgy.toml": {"tech-explain-001"},
    "negotiation_strong.toml": {"neg-offer-001"},
    "negotiation_weak.toml": {"neg-offer-001"},
    "negotiation.txt": {"neg-offer-001"},
    "negotiation_mid_range.toml": {"neg-anchor-001"},
    "behavioral_mid_we_heavy.toml": {"beh-learning-002", "beh-results-001"},
    "no_stakeholder_mgmt.toml:trigger": {"beh-conflict-001"},
    "no_stakeholder_mgmt.toml:pass": {"beh-conflict-001"},
    "no_mentoring_signal.toml:trigger": {"beh-mentoring-001"},
    "behavioral_weak_vague.toml": {"beh-conflict-001"},
    **{k: {"beh-pressure-001", "beh-failure-004"} for k in (
        "behavioral_strong_outage.toml", "behavioral_mid_outage.toml", "behavioral_timed_fast.toml",
        "behavioral_weak_rambling.toml", "behavioral_weak_two_sentences.toml", "mid_behavioral.txt",
        "strong_behavioral.txt", "weak_behavioral.txt", "too_short.toml:pass")},
}


def answers() -> list[tuple[str, str, bool, str]]:
    """(question, answer, on_topic, source) for every answer with a question."""
    out: list[tuple[str, str, bool, str]] = []
    for p in sorted((REPO / "tests" / "calibration").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        if d.get("question"):
            on = not (OFF_RULES & set(d.get("must_fire", []))) and language_of(d["answer"]) is None
            out.append((d["question"], d["answer"], on, p.name))
    for p in sorted((REPO / "tests" / "rule_fixtures").glob("*.toml")):
        d = tomllib.loads(p.read_text(encoding="utf-8"))
        for kind in ("trigger", "pass"):
            for c in d.get(kind, []):
                if c.get("question") and len(c["answer"].split()) >= 25 and p.stem not in OFF_RULES:
                    out.append((c["question"], c["answer"], True, f"{p.name}:{kind}"))
    for p in sorted((REPO / "examples").glob("*.txt")):
        for q, a in re.findall(r"Interviewer: (.*)\nCandidate: (.*)", p.read_text(encoding="utf-8")):
            out.append((q, a, True, p.name))
    return out


def qtype_of(question: str, bank_types: dict[str, str]) -> str:
    return bank_types.get(question.strip().lower()) or type_from_question(question) or "technical"


def roc_auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    neg_sorted = sorted(neg)
    import bisect

    total = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg_sorted, p)
        hi = bisect.bisect_right(neg_sorted, p)
        total += lo + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worst", type=int, default=0, help="print the N hardest positives and negatives")
    args = ap.parse_args()
    bank = [q for q in load_bank() if q.type in INTERVIEW_TYPES or q.type == "negotiation"]
    bank_types = {q.text.strip().lower(): q.type for q in bank}
    pairs = answers()
    t0 = time.perf_counter()
    pos: list[tuple[float, str, str]] = []
    pos_points: list[float] = []  # real pairs whose question has talking points (a bank question)
    off: list[tuple[float, str]] = []
    pts_sources: list[tuple[float, str]] = []
    neg: list[tuple[float, str, str]] = []
    for question, answer, on_topic, source in pairs:
        shape = infer_question_type(None, answer)
        sentences = [answer[s.char_start : s.char_end] for s in split_sentences(Turn.from_text(CANDIDATE, answer).words)]
        own_points = talking_points_for(question)
        own = relevance(answer, question, qtype_of(question, bank_types), shape,
                        covered_share(cover(own_points, sentences, by_meaning=False)))
        (pos if on_topic else neg).append((own.score, source, question))
        if on_topic and own_points:
            pos_points.append(own.score)
            pts_sources.append((own.score, source))
        if not on_topic:
            off.append((own.score, source))
        for q in bank:
            if q.text.strip().lower() == question.strip().lower() or q.id in SAME.get(source, ()):
                continue
            r = relevance(answer, q.text, q.type, shape, covered_share(cover(q.talking_points, sentences, by_meaning=False)))
            neg.append((r.score, source, q.text))
    dt = time.perf_counter() - t0
    auc = roc_auc([p[0] for p in pos], [n[0] for n in neg])
    rule = load_rubric().rule("off_topic")
    threshold = float(rule.params["min_relevance"])
    threshold_pts = float(rule.params["min_relevance_points"])
    print(f"{len(pos)} real pairs, {len(neg)} mismatched or off-topic pairs, {len(bank)} bank questions "
          f"({dt:.1f} s, embeddings loaded once)")
    print(f"ROC AUC {auc:.3f} (target >= 0.95)")
    # The talking-point term favours nothing on one side only when both sides have points:
    # the real pairs on bank questions against every mismatched pair.
    if pos_points:
        auc_pts = roc_auc(pos_points, [n[0] for n in neg])
        print(f"ROC AUC, real pairs on bank questions only ({len(pos_points)}): {auc_pts:.3f}; "
              f"lowest {min(pts_sources)[0]:.3f} ({min(pts_sources)[1]})")
    for score, source in off:
        print(f"  off-topic case {source}: {score:.3f}")
    below = sum(p[0] < threshold for p in pos)
    above = sum(n[0] < threshold for n in neg)
    print(f"off_topic threshold {threshold} (any question): real pairs below it {below}/{len(pos)}; "
          f"mismatched pairs below it {above}/{len(neg)} ({above / len(neg):.0%})")
    below_pts = sum(p < threshold_pts for p in pos_points)
    above_pts = sum(n[0] < threshold_pts for n in neg)
    print(f"off_topic threshold {threshold_pts} (bank questions): real pairs below it {below_pts}/{len(pos_points)}; "
          f"mismatched pairs below it {above_pts}/{len(neg)} ({above_pts / len(neg):.0%})")
    if args.worst:
        print("lowest real pairs:")
        for s, src, q in sorted(pos)[: args.worst]:
            print(f"  {s:.3f}  {src}  <- {q[:70]}")
        print("highest mismatched pairs:")
        for s, src, q in sorted(neg, reverse=True)[: args.worst]:
            print(f"  {s:.3f}  {src}  <- {q[:70]}")


if __name__ == "__main__":
    main()
