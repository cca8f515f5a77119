"""Requests to the interviewer ("skip", "can you repeat the question") in a stored
interview: shown as requests, not numbered: answers are numbered by real answers only
(core.numbering), so rewind and diff can never pick a request by its number."""

from __future__ import annotations

import json
from pathlib import Path

ANSWERS = "\n".join([
    "Hi, thanks, happy to be here.",
    "skip",
    "At Acme our checkout was slow. I profiled the service and added a cache. Latency dropped a lot.",
    "can you repeat the question",
    "It went from 900 ms to 200 ms.",
    "no",
]) + "\n"


def test_requests_are_labelled_and_refused(cli, icraft_home: Path) -> None:
    env = {"ICRAFT_HOME": str(icraft_home)}
    r = cli("interview", "--plain", "--type", "behavioral", "--minutes", "10", "--seed", "2", "--json",
            input=ANSWERS, env=env)
    assert r.returncode == 0, r.stderr
    sid = json.loads(r.stdout)["session_id"]
    shown = cli("sessions", "show", sid, env=env).stdout
    assert "You (request): skip" in shown and "You (request): can you repeat the question" in shown
    # "skip" keeps its stored position but is not counted: the checkout story is answer 2
    assert "You (answer 2) " in shown and shown.split("You (answer 2) ")[1].split(": ", 1)[1].startswith("At Acme")
    assert "You (answer 5)" not in shown
    md = cli("sessions", "export", sid, "--format", "md", env=env).stdout
    assert "**You** (request): skip" in md
    diff = json.loads(cli("diff", sid, "--answer", "2", "--json", env=env).stdout)
    assert (diff["answer"], diff["answer_number"]) == (2, 2) and diff["original"].startswith("At Acme")
    for command in ("rewind", "diff"):
        refused = cli(command, sid, "--answer", "5", input="x\n", env=env)
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.strip() == (
            f"icraft: error: answer 5 does not exist: session {sid} has 4 answers (use --answer 1..4)")
    chosen = cli("rewind", sid, "--json", input="At Acme I profiled the checkout and cut p99 from 900 to 200 ms.\n",
                 env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["answer"] not in (1, 3)  # never a request (0-based 1 and 3)
