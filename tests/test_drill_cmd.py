"""`icraft drill` closes its database connection on every way out (cli/drill_cmd.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError

ANSWER = (
    "Last year our checkout service was timing out during peak sales. As the on-call lead I owned the fix: "
    "I profiled it, found an N+1 query and batched it, and p99 latency fell from 2.1 s to 300 ms.\n"
)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Every connection `icraft drill` opens, kept to check it was closed."""
    import icraft.store as store

    conns: list[sqlite3.Connection] = []
    real = store.connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conns.append(real(*args, **kwargs))
        return conns[-1]

    monkeypatch.setattr(store, "connect", connect)
    return conns


def _assert_all_closed(conns: list[sqlite3.Connection]) -> None:
    assert conns, "drill opened no connection"
    for conn in conns:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")


def _drill(**kwargs):  # type: ignore[no-untyped-def]
    from icraft.cli.drill_cmd import drill

    args = {"skill": "ownership_signal", "count": 1, "from_file": None, "rewind": False, "json_out": True}
    return drill(**{**args, **kwargs})


def test_connection_closed_after_a_drill(opened, tmp_path: Path, capsys) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(ANSWER, encoding="utf-8")
    _drill(from_file=answers)
    out = json.loads(capsys.readouterr().out)
    assert len(out["drills"]) == 1  # the drill really ran and was saved
    _assert_all_closed(opened)


def test_connection_closed_when_the_skill_is_unknown(opened) -> None:
    with pytest.raises(NotFoundError):
        _drill(skill="ownership_signl")
    _assert_all_closed(opened)


def test_connection_closed_when_no_answer_is_given(opened, tmp_path: Path, monkeypatch) -> None:
    import icraft.practice.drill as practice

    monkeypatch.setattr(practice, "read_answer", lambda *a, **k: None)  # Ctrl-D at the first question
    with pytest.raises(InputError, match="no answer"):
        _drill()
    _assert_all_closed(opened)


def test_connection_closed_on_ctrl_c(opened, monkeypatch) -> None:
    import icraft.practice.drill as practice

    def interrupted(*a, **k):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(practice, "read_answer", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _drill()
    _assert_all_closed(opened)
