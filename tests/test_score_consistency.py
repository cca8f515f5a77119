"""The same answer gets the same score wherever it is shown (issue 13, *Weak answers
vanish*: a new user saw 16, 12, 100 and "too short" for one answer): the interview's
stored score, `sessions show --json`, `rewind --history --json`, `diff --format json`
and `sessions export` followed by `lint` of the exported file.

An exported interview keeps the interviewer's lead-ins ("Thanks. Next question. Tell me
about a time..."); the rubric finds the bank question behind them, so the answer is
judged against the same question and talking points as in the interview (it scored 100
after export, 29 in the interview, when the lead-in hid the bank question).
"""

from __future__ import annotations

import json

from tests.test_interview_scoring import NO_RESULT, STAR
from tests.test_sessions_cmd import interview

OFF_TOPIC = (
    "Last spring a new engineer on my team had 3 pull requests rejected in a row and was losing confidence. "
    "My goal was to get her confident again. I paired with her twice a week and we wrote a review checklist "
    "together. Within six weeks her pull requests were approved on the first pass."
)


def test_one_answer_one_score_in_every_command(cli, db, tmp_path):
    sid = interview(db, ["I build payment systems.", STAR, OFF_TOPIC, NO_RESULT, "It was fine."])
    stored = {
        r["answer_index"]: r["overall"]
        for r in db.execute(
            "SELECT a.answer_index, a.overall FROM answer_scores a JOIN turns t ON t.id = a.turn_id"
            " WHERE a.session_id = ? AND a.attempt = 0 AND t.phase = 'core'",
            (sid,),
        )
    }
    assert len(stored) >= 2 and len(set(stored.values())) >= 2  # several answers, not all alike

    show = json.loads(cli("sessions", "show", sid, "--json").stdout)
    shown = {t["answer"]: t["score"] for t in show["turns"] if t.get("speaker") == "candidate"}

    out = tmp_path / "exported.json"
    assert cli("sessions", "export", sid, "-o", str(out)).returncode == 0
    linted = json.loads(cli("lint", str(out), "--no-save", "-f", "json").stdout)
    relinted = {a["answer"]: (a["score"] or {}).get("overall") for a in linted["reports"][0]["answers"]}

    for answer, score in stored.items():
        number = str(answer + 1)
        history = json.loads(cli("rewind", sid, "--answer", number, "--history", "--json").stdout)
        diff = json.loads(cli("diff", sid, "--answer", number, "--format", "json").stdout)
        seen = {
            "interview": score,
            "sessions show": shown[answer],
            "rewind --history": history["answers"][0]["attempts"][0]["overall"],
            "diff": diff["original_score"]["overall"],
            "export + lint": relinted[answer],
        }
        assert len(set(seen.values())) == 1, f"answer {number}: {seen}"
