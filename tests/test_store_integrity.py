"""The database under concurrency and faults: real processes, real SQLite files on disk.

- Eight processes opening one fresh database at the same moment all get a migrated
  database (migrate() takes the write lock before it reads what is applied).
- Parallel saving lints lose no skill update (score, findings and skill moves are one
  transaction that starts with the write lock).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from icraft.store import db as dbmod

WORKERS = 8
TRIALS = int(__import__("os").environ.get("TRIALS", "40"))


def _open_fresh_databases(barrier, paths: list[str], results) -> None:  # noqa: ANN001
    """One of WORKERS processes: for each trial, wait for all the others, then open the
    trial's fresh database at the same moment as they do."""
    from icraft.store.db import connect

    errors = []
    for p in paths:
        barrier.wait(timeout=60)
        try:
            connect(Path(p)).close()
        except Exception as e:  # noqa: BLE001 - every failure is reported to the test
            errors.append(f"{Path(p).parent.name}: {type(e).__name__}: {e}")
    results.put(errors)


def test_eight_processes_opening_a_fresh_database_at_once_all_succeed(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"trial{i:02d}" / "icraft.db") for i in range(TRIALS)]
    for p in paths:
        Path(p).parent.mkdir()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_open_fresh_databases, args=(barrier, paths, results)) for _ in range(WORKERS)]
    for p in procs:
        p.start()
    errors = [e for _ in procs for e in results.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert errors == [], f"{len(errors)} of {WORKERS * TRIALS} opens failed, e.g. {errors[:3]}"
    expected = [name for name, _ in dbmod.MIGRATIONS]
    for p in paths:
        conn = sqlite3.connect(p)
        try:
            assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == expected
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()


LINTERS = 6
WAVES = 3


def _transcript(i: int) -> str:
    """A four-answer transcript whose answers no other file has (each counts as evidence)."""
    from tests.test_drill import STRONG, WEAK
    from tests.test_skills_lint import QS

    turns = []
    for j, q in enumerate(QS):
        answer = (WEAK if (i + j) % 2 else STRONG) + f" That was project number {i * 10 + j}."
        turns += [{"speaker": "interviewer", "text": q}, {"speaker": "candidate", "text": answer}]
    return json.dumps({"turns": turns})


def test_parallel_saving_lints_lose_no_skill_update(tmp_path: Path, icraft_home: Path) -> None:
    """Waves of saving lints at once: every skill's stored evidence count equals its events
    (the skill row is read and written under the write lock, with the answer's score)."""
    env = {**os.environ, "COLUMNS": "120"}
    for wave in range(WAVES):
        files = []
        for k in range(LINTERS):
            f = tmp_path / f"answers{wave}-{k}.json"
            f.write_text(_transcript(wave * LINTERS + k))
            files.append(f)
        procs = [
            subprocess.Popen([sys.executable, "-m", "icraft", "lint", str(f), "--format", "json"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for f in files
        ]
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode in (0, 1), err
    conn = sqlite3.connect(icraft_home / "icraft.db")
    try:
        rows = conn.execute(
            "SELECT s.skill_id, s.evidence, (SELECT COUNT(*) FROM skill_events e WHERE e.skill_id = s.skill_id)"
            " FROM skills s ORDER BY s.skill_id"
        ).fetchall()
        (sessions,) = conn.execute("SELECT COUNT(*) FROM sessions WHERE kind = 'lint' AND status = 'completed'").fetchone()
        (scores,) = conn.execute("SELECT COUNT(*) FROM answer_scores").fetchone()
    finally:
        conn.close()
    assert sessions == WAVES * LINTERS and scores == WAVES * LINTERS * 4
    assert rows and sum(events for _, _, events in rows) >= WAVES * LINTERS
    assert [(skill, evidence) for skill, evidence, _ in rows] == [(skill, events) for skill, _, events in rows]


# -- a damaged database is named, never written to ----------------------------------


def _stored_sessions(n: int) -> str:
    """Store ``n`` linted transcripts through the real save path; return one session id."""
    from icraft.core.transcript import Transcript
    from icraft.formats import read_text
    from icraft.practice.record import save_report
    from icraft.rubric import lint_transcript
    from icraft.store import connect

    conn = connect()
    try:
        for i in range(n):
            t = read_text(_transcript(100 + i), "json")
            assert isinstance(t, Transcript)
            sid = save_report(conn, t, lint_transcript(t), kind="lint", source=f"t{i}.json")
    finally:
        conn.close()
    return sid


def _files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("icraft.db*"))}


def test_a_damaged_database_is_one_clear_line_and_never_written(cli, icraft_home: Path, tmp_path: Path) -> None:
    sid = _stored_sessions(6)
    path = icraft_home / "icraft.db"
    size = path.stat().st_size
    assert size >= 16 * 4096 and not (icraft_home / "icraft.db-wal").exists()  # closed: checkpointed
    with open(path, "r+b") as f:  # garbage over a whole page in the middle of the file
        f.seek((size // 4096 // 2) * 4096)
        f.write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    before = _files(icraft_home)
    answer = tmp_path / "a.txt"
    answer.write_text("I led the migration and we cut latency by 40 percent.\n")
    for args, stdin in (
        (["sessions", "show", sid], None),
        (["sessions"], None),
        (["lint", str(answer)], None),
        (["memory"], None),
        (["interview", "--plain", "--type", "behavioral", "--minutes", "5", "--seed", "1"], "I led it.\n"),
    ):
        r = cli(*args, input=stdin)
        assert r.returncode == 74, (args, r.returncode, r.stderr)
        [line] = r.stderr.splitlines()
        assert line.startswith(f"icraft: error: the database {path} is damaged"), line
        assert "icraft doctor" in line and "internal error" not in line
        assert _files(icraft_home) == before, f"{args} wrote to the damaged database"


def test_an_empty_database_file_with_a_wal_that_holds_data_is_not_reinitialised(cli, icraft_home: Path) -> None:
    _stored_sessions(1)
    path = icraft_home / "icraft.db"
    holder = sqlite3.connect(path)  # kept open: the WAL keeps the frames it is given
    try:
        holder.execute("PRAGMA wal_autocheckpoint=0")
        with holder:
            holder.execute("UPDATE sessions SET title = 'kept in the WAL'")
        wal = (icraft_home / "icraft.db-wal").read_bytes()
    finally:
        holder.close()
    assert len(wal) > 0
    path.write_bytes(b"")  # the file lost, its log still there
    (icraft_home / "icraft.db-wal").write_bytes(wal)
    before = _files(icraft_home)
    r = cli("sessions")
    assert r.returncode == 74, r.stderr
    [line] = r.stderr.splitlines()
    assert f"the database {path} is damaged (the file is empty but its write-ahead log holds" in line
    assert _files(icraft_home) == before
    # An empty file with no log holding data is a new database.
    (icraft_home / "icraft.db-wal").unlink()
    r = cli("sessions", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []


# -- the machine's faults: one line, exit 74, nothing half-saved --------------------


def _big_transcript(n: int, tag: str) -> str:
    from tests.test_drill import STRONG, WEAK
    from tests.test_skills_lint import QS

    turns = []
    for j in range(n):
        answer = (WEAK if j % 2 else STRONG) + f" That was {tag} project {j}."
        turns += [{"speaker": "interviewer", "text": QS[j % len(QS)]}, {"speaker": "candidate", "text": answer}]
    return json.dumps({"turns": turns})


def _sessions(home: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(home / "icraft.db")
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return [tuple(r) for r in conn.execute("SELECT kind, status FROM sessions ORDER BY rowid")]
    finally:
        conn.close()


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "internal error" not in lines[0] and "Traceback" not in stderr
    return lines[0]


def test_a_file_size_limit_is_one_line_and_leaves_no_half_saved_session(cli, icraft_home: Path, tmp_path: Path) -> None:
    """`ulimit -f`: the write fails with EFBIG (CPython ignores SIGXFSZ at start-up), SQLite
    says "disk I/O error" (was: exit 70 with that), icraft names the limit, and the lint's one
    transaction rolls back."""
    import resource

    small = tmp_path / "small.json"
    small.write_text(_big_transcript(1, "first"))
    assert cli("lint", str(small)).returncode in (0, 1)
    big = tmp_path / "big.json"
    big.write_text(_big_transcript(20, "second"))
    limit = 40 << 10  # the -shm file (32 KiB) fits, the WAL of a 20-answer save does not

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    r = subprocess.run([sys.executable, "-m", "icraft", "lint", str(big)], capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "120"}, preexec_fn=cap, timeout=120)
    assert r.returncode == 74, (r.returncode, r.stderr)
    line = _one_line(r.stderr)
    assert line.startswith(f"icraft: error: cannot write to the database {icraft_home / 'icraft.db'}: "
                           f"the file size limit is reached (ulimit -f: {limit} bytes)"), line
    assert _sessions(icraft_home) == [("lint", "completed")]  # nothing of the second lint


def _unshare_works() -> bool:
    import shutil as sh

    if sh.which("unshare") is None or sh.which("mount") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_unshare = pytest.mark.skipif(
    not _unshare_works(), reason="needs util-linux's `unshare` and `mount` with user namespaces (a real "
    "read-only or full file system without root)"
)

# Runs inside `unshare -rm` (a private mount namespace): mounts MOUNT (tmpfs SIZE, or a read-only
# bind of the folder), then runs each icraft command and prints their results as JSON.
_NAMESPACE_SCRIPT = r"""
import json, os, subprocess, sys
spec = json.loads(sys.argv[1])
home = spec["home"]
if spec["mount"] == "ro":
    subprocess.run(["mount", "--bind", home, home], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", home], check=True)
else:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + spec["mount"], "tmpfs", home], check=True)
env = {**os.environ, "ICRAFT_HOME": home, "COLUMNS": "120"}
out = []
for step in spec["steps"]:
    if step[0] == "fill":  # leave step[1] bytes free
        st = os.statvfs(home)
        fd = os.open(os.path.join(home, "filler"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            left = st.f_bavail * st.f_frsize - step[1]
            while left > 0:
                left -= os.write(fd, b"\0" * min(left, 1 << 16))
        except OSError:
            pass
        os.close(fd)
    elif step[0] == "unfill":
        os.unlink(os.path.join(home, "filler"))
    elif step[0] == "copy":  # keep the database for the test to read
        import shutil
        for name in os.listdir(home):
            if name.startswith("icraft.db"):
                shutil.copy(os.path.join(home, name), step[1])
    else:
        r = subprocess.run([sys.executable, "-m", "icraft", *step], env=env, capture_output=True, text=True)
        out.append([r.returncode, r.stdout, r.stderr])
print(json.dumps(out))
"""


def _in_namespace(home: Path, mount: str, steps: list[list]) -> list[tuple[int, str, str]]:
    spec = json.dumps({"home": str(home), "mount": mount, "steps": steps})
    r = subprocess.run(["unshare", "-rm", sys.executable, "-c", _NAMESPACE_SCRIPT, spec], capture_output=True,
                       text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert r.returncode == 0, r.stderr
    return [tuple(x) for x in json.loads(r.stdout)]


@needs_unshare
def test_a_full_disk_is_one_line_nothing_half_saved_and_reading_still_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    kept = tmp_path / "kept"
    kept.mkdir()
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    small.write_text(_big_transcript(1, "first"))
    big.write_text(_big_transcript(20, "second"))
    db = home / "icraft.db"
    first, saving, reading, full_read, full_save, config, again = _in_namespace(home, "2m", [
        ["lint", str(small)],
        ["fill", 48 << 10],  # room for the -shm file, not for the WAL of a 20-answer save
        ["lint", str(big)],
        ["sessions", "--json"],
        ["fill", 0],  # not a byte left: not even the -shm file can be made
        ["sessions", "--json"],
        ["lint", str(small)],
        ["config", "set", "interview.minutes", "45"],
        ["unfill"],
        ["lint", str(big)],
        ["copy", str(kept)],
    ])
    assert first[0] in (0, 1), first[2]
    assert saving[0] == 74, saving
    assert _one_line(saving[2]).startswith(f"icraft: error: cannot write to the database {db}: the disk is full")
    assert reading[0] == 0 and len(json.loads(reading[1])) == 1, reading
    assert full_read[0] == 0 and len(json.loads(full_read[1])) == 1, full_read
    assert full_save[0] == 74, full_save
    assert re.match(f"icraft: error: cannot (save|write) to the database {re.escape(str(db))}: the disk is full",
                    _one_line(full_save[2])), full_save
    assert config[0] == 74, config
    assert _one_line(config[2]).startswith(f"icraft: error: cannot write {home / 'config.toml'}: the disk is full")
    assert again[0] in (0, 1), again[2]
    assert _sessions(kept) == [("lint", "completed"), ("lint", "completed")]


@needs_unshare
def test_a_read_only_home_reads_and_says_why_it_cannot_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    answer = tmp_path / "a.txt"
    answer.write_text("I led the migration and we cut latency by 40 percent.\n")
    env = {**os.environ, "ICRAFT_HOME": str(home), "COLUMNS": "120"}
    made = subprocess.run([sys.executable, "-m", "icraft", "lint", str(answer)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert made.returncode in (0, 1), made.stderr
    before = _files(home)
    listed, shown, saving, unsaved, config = _in_namespace(home, "ro", [
        ["sessions", "--json"],
        ["memory"],
        ["lint", str(answer)],
        ["lint", str(answer), "--no-save"],
        ["config", "set", "llm.provider", "offline"],
    ])
    db = home / "icraft.db"
    assert listed[0] == 0 and len(json.loads(listed[1])) == 1, listed
    assert shown[0] == 0, shown
    assert saving[0] == 74, saving
    assert _one_line(saving[2]) == (
        f"icraft: error: cannot save to the database {db}: its folder is read-only (nothing was saved; "
        "make it writable, or point ICRAFT_HOME at another folder)"
    )
    assert unsaved[0] in (0, 1), unsaved
    assert config[0] == 74, config
    assert _one_line(config[2]).startswith(f"icraft: error: cannot write {home / 'config.toml'}: the file system is "
                                           "read-only")
    assert _files(home) == before


_CAPPED_MID_INTERVIEW = """
import os, resource, sys
from icraft.modes import interview as runner

create = runner.InterviewRunner.create.__func__


def create_then_cap(cls, conn, *args, **kwargs):  # `ulimit -f` reached once the interview has begun
    made = create(cls, conn, *args, **kwargs)
    [(_, _, file)] = [r for r in conn.execute("PRAGMA database_list") if r[1] == "main"]
    wal = os.path.getsize(file + "-wal")
    resource.setrlimit(resource.RLIMIT_FSIZE, (wal + 2 * 4120, resource.RLIM_INFINITY))  # two more frames
    return made


runner.InterviewRunner.create = classmethod(create_then_cap)
from icraft.cli.main import run

sys.argv[0] = "icraft"
run()
"""


def test_a_write_failing_mid_interview_says_how_to_continue(icraft_home: Path) -> None:
    from tests.test_interview_cli import STAR

    answers = ["I build payment systems at Acme.", *([STAR] * 16)]
    r = subprocess.run(
        [sys.executable, "-c", _CAPPED_MID_INTERVIEW, "interview", "--plain", "--type", "behavioral", "--minutes", "10",
         "--seed", "5"], input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert r.returncode == 74, (r.returncode, r.stderr)
    [(sid, status)] = sqlite3.connect(icraft_home / "icraft.db").execute("SELECT id, status FROM sessions").fetchall()
    assert status == "in_progress"
    line = _one_line(r.stderr)
    assert line.startswith(f"icraft: error: cannot write to the database {icraft_home / 'icraft.db'}: the file size "
                           "limit is reached"), line
    assert line.endswith(f"then continue it with `icraft interview --continue {sid}`)"), line
    more = subprocess.run([sys.executable, "-m", "icraft", "interview", "--continue", sid, "--plain"],
                          input="\n".join([STAR] * 16) + "\n", capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "120"})
    assert more.returncode == 0, more.stderr
    assert _sessions(icraft_home) == [("interview", "completed")]
