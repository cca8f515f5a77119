"""Generate a realistic, deterministic practice history into an icraft database.

Used by ``benchmarks/bench_dashboard.py`` (1,000 sessions x 20 answers) and by the
dashboard tests (a dozen sessions, fixed dates) so both exercise the real schema
through the real migrations. Rows are written with ``executemany`` in one
transaction, so the big database takes a couple of seconds, not minutes.

    python benchmarks/gen_data.py --home /tmp/icraft-big            # 1,000 x 20
    python benchmarks/gen_data.py --home /tmp/icraft-small --sessions 30 --answers 4
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# Seed rule ids (see ../shared/DESIGN.md) with a category and the skills they give evidence on.
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "no_star_structure": ("structure", ("star_structure",)),
    "missing_result": ("structure", ("star_structure", "quantifiable_results")),
    "result_not_specific": ("depth", ("quantifiable_results",)),
    "missing_metrics": ("depth", ("quantifiable_results", "capacity_estimation")),
    "no_tradeoff": ("depth", ("tradeoff_analysis",)),
    "no_assumptions": ("depth", ("capacity_estimation",)),
    "shallow_followup": ("depth", ("component_design",)),
    "rambling": ("communication", ("conciseness",)),
    "filler_spike": ("communication", ("filler_word_control",)),
    "no_ownership": ("seniority_signal", ("ownership_signal",)),
    "no_scale_thinking": ("seniority_signal", ("scalability_thinking",)),
    "no_stakeholder_mgmt": ("seniority_signal", ("conflict_resolution",)),
    "no_mentoring_signal": ("seniority_signal", ("mentoring_signal",)),
    "weak_anchor": ("structure", ("anchoring",)),
    "early_concession": ("structure", ("counter_strategy",)),
}
TYPES = ("behavioral", "system-design", "coding-discussion", "technical", "negotiation")
KINDS = ("interview", "lint", "drill")
QUESTIONS = (
    "Tell me about a time you disagreed with your manager.",
    "Design a URL shortener for 100 million users.",
    "Walk me through how you would test a rate limiter.",
    "Describe a project where you improved performance.",
    "What salary range are you looking for?",
    "How would you design a news feed?",
    "Tell me about a time you mentored someone.",
)
ANSWER = (
    "So um basically I led the migration of our billing service to a queue based design and "
    "we cut the p99 latency from 900 ms to 200 ms over two months while I coordinated three teams"
)
RUBRIC_VERSION = "2026.1"


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def generate(
    conn: sqlite3.Connection,
    *,
    sessions: int = 1000,
    answers_per_session: int = 20,
    seed: int = 7,
    end: date | None = None,
    days: int = 365,
    skills: tuple[str, ...] | None = None,
) -> dict[str, int]:
    """Fill ``conn`` (already migrated) with sessions, turns, scores, findings and skill events.

    Sessions are spread evenly over the ``days`` before ``end`` (inclusive), scores
    improve slowly over time so trend lines have a shape. Returns the row counts.
    """
    from icraft.skills.evidence import update_score

    rng = random.Random(seed)
    end = end or date.today()
    start = datetime(end.year, end.month, end.day, 18, 0, tzinfo=timezone.utc) - timedelta(days=days - 1)
    if skills is None:
        from icraft.skills import load_skills

        skills = tuple(s.id for s in load_skills())
    all_skills = skills
    skill_score: dict[str, float] = {}
    skill_evidence: dict[str, int] = {}
    skill_last: dict[str, datetime] = {}

    session_rows, turn_rows, score_rows, finding_rows, event_rows = [], [], [], [], []
    # Continue after existing rows, so the generator can add to a database already in use.
    (turn_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM turns").fetchone()
    (score_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM answer_scores").fetchone()
    (finding_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM findings").fetchone()
    step = timedelta(days=days - 1) / max(sessions - 1, 1)  # the last session starts on ``end``
    for s in range(sessions):
        t0 = start + step * s
        progress = s / max(sessions - 1, 1)  # 0 -> 1: the user gets better
        sid = f"s{s:07d}"
        qtype = rng.choice(TYPES)
        kind = KINDS[s % len(KINDS)]
        timed = kind == "interview"
        overall_sum = 0
        for a in range(answers_per_session):
            at = _iso(t0 + timedelta(minutes=2 * a + 1))
            q = QUESTIONS[(s + a) % len(QUESTIONS)]
            turn_id += 1
            turn_rows.append((turn_id, sid, 2 * a, "interviewer", q, None, at))
            turn_id += 1
            turn_rows.append((turn_id, sid, 2 * a + 1, "candidate", ANSWER, None, at))
            fired = [r for r in RULES if rng.random() < 0.35 - 0.2 * progress]
            overall = max(5, min(100, int(60 + 30 * progress + rng.gauss(0, 8) - 4 * len(fired))))
            overall_sum += overall
            delivery = None
            if timed:
                wpm = round(120 + 30 * progress + rng.gauss(0, 10), 1)
                filler = round(max(0.0, 9 - 6 * progress + rng.gauss(0, 1.5)), 2)
                delivery = json.dumps(
                    {"measurable": True, "word_count": 34, "filler_count": 2, "wpm": wpm,
                     "filler_rate_per_min": filler, "approximate": False, "fillers": [], "pauses": []}
                )
            score_id += 1
            cats = {c: max(0, overall + rng.randint(-10, 10)) for c in ("structure", "depth", "communication")}
            score_rows.append(
                (score_id, sid, turn_id, a, 0, ANSWER, qtype, overall, json.dumps(cats), delivery,
                 RUBRIC_VERSION, at)
            )
            touched: dict[str, float] = {}
            for rule in fired:
                category, rule_skills = RULES[rule]
                finding_id += 1
                w0 = rng.randint(0, 20)
                words = ANSWER.split(" ")
                quote = " ".join(words[w0 : w0 + 4])
                c0 = len(" ".join(words[:w0])) + (1 if w0 else 0)
                span = {"turn": 2 * a + 1, "word_start": w0, "word_end": w0 + 4, "char_start": c0,
                        "char_end": c0 + len(quote), "quote": quote, "start_ms": None, "end_ms": None}
                finding_rows.append(
                    (finding_id, score_id, rule, category, "warning", f"{rule.replace('_', ' ')} in this answer",
                     round(rng.uniform(2, 12), 1), 1, json.dumps([span]), json.dumps(list(rule_skills)))
                )
                for sk in rule_skills:
                    touched[sk] = min(touched.get(sk, 100.0), float(overall - 20))
            for sk in rng.sample(all_skills, 2):
                touched.setdefault(sk, float(overall))
            for sk, observed in touched.items():
                n = skill_evidence.get(sk, 0)
                after = update_score(skill_score.get(sk), n, observed)  # the real rule (docs/SKILLS.md)
                skill_score[sk] = after
                skill_evidence[sk] = n + 1
                skill_last[sk] = t0
                event_rows.append((sk, at, after, observed, sid, score_id, None, kind))
        ended = _iso(t0 + timedelta(minutes=2 * answers_per_session + 1))
        score = round(overall_sum / answers_per_session) if answers_per_session else None
        session_rows.append(
            (sid, kind, "completed", f"{qtype.replace('-', ' ')} practice #{s + 1}", qtype, "backend", "mid",
             None, "{}", _iso(t0), ended, score, RUBRIC_VERSION)
        )
    skill_rows = [
        (sk, skill_score[sk], skill_evidence[sk], None,
         (skill_last[sk] + timedelta(days=1 + (i % 9))).date().isoformat(), _iso(skill_last[sk]))
        for i, sk in enumerate(sorted(skill_score))
    ]
    with conn:
        conn.executemany(
            "INSERT INTO sessions (id, kind, status, title, type, role, level, source, meta, started_at, ended_at,"
            " score, rubric_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            session_rows,
        )
        conn.executemany(
            "INSERT INTO turns (id, session_id, idx, speaker, text, words, created_at) VALUES (?,?,?,?,?,?,?)",
            turn_rows,
        )
        conn.executemany(
            "INSERT INTO answer_scores (id, session_id, turn_id, answer_index, attempt, text, question_type,"
            " overall, categories, delivery, rubric_version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            score_rows,
        )
        conn.executemany(
            "INSERT INTO findings (id, score_id, rule_id, category, severity, message, points, measurable, spans,"
            " skills) VALUES (?,?,?,?,?,?,?,?,?,?)",
            finding_rows,
        )
        conn.executemany(
            "INSERT INTO skill_events (skill_id, at, score, observed, session_id, score_id, finding_id, source)"
            " VALUES (?,?,?,?,?,?,?,?)",
            event_rows,
        )
        conn.executemany(
            "INSERT OR REPLACE INTO skills (skill_id, score, evidence, card, due_at, updated_at)"
            " VALUES (?,?,?,?,?,?)",
            skill_rows,
        )
    conn.execute("ANALYZE")
    return {
        "sessions": len(session_rows),
        "turns": len(turn_rows),
        "answers": len(score_rows),
        "findings": len(finding_rows),
        "skill_events": len(event_rows),
        "skills": len(skill_rows),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--home", required=True, help="ICRAFT_HOME to create the database in (must be new)")
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--answers", type=int, default=20, help="answers per session")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--end", type=date.fromisoformat, default=None, help="date of the last session (YYYY-MM-DD)")
    args = p.parse_args(argv)
    os.environ["ICRAFT_HOME"] = str(Path(args.home).expanduser())
    from icraft.store import connect
    from icraft.paths import db_path

    if db_path().exists():
        print(f"gen_data: {db_path()} already exists; pick a new --home", file=sys.stderr)
        return 2
    t = time.perf_counter()
    conn = connect()
    counts = generate(conn, sessions=args.sessions, answers_per_session=args.answers, seed=args.seed, end=args.end)
    conn.close()
    print(f"{db_path()}: {counts} in {time.perf_counter() - t:.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
