"""The sandbox's escape suite: each attempt ends in a verdict, and the host is unharmed.

Runs the real bubblewrap sandbox (skipped, naming the package, where bwrap is missing).
As root (this machine and CI) the sandbox runs as nobody, so the process limit holds.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from icraft.sandbox import runner
from icraft.sandbox.runner import Limits, Verdict
from tests.requires import needs

pytestmark = needs("bwrap", "bubblewrap")

FN = {"kind": "function", "name": "f"}


def run(code: str, *args, limits: Limits = Limits(), time_ms: int = 1000) -> runner.RunOutcome:
    return runner.run_tests(code, FN, [{"name": "t", "args": list(args), "time_ms": time_ms}], limits=limits)


def verdict(outcome: runner.RunOutcome) -> str:
    return outcome.tests[0].status


def sandbox_processes(outcome: runner.RunOutcome) -> list[str]:
    """Processes of that run still alive (its id is on every one's command line)."""
    out = subprocess.run(["ps", "-ww", "-eo", "pid=,uid=,args="], capture_output=True, text=True).stdout
    return [line[:80] for line in out.splitlines() if outcome.extra["run_id"] in line]


def wait_no_sandbox_processes(outcome: runner.RunOutcome, timeout: float = 5.0) -> list[str]:
    end = time.monotonic() + timeout
    while (left := sandbox_processes(outcome)) and time.monotonic() < end:
        time.sleep(0.05)
    return left


def test_sandbox_is_available_and_unprivileged() -> None:
    st = runner.status()
    assert st.available, st.detail
    out = run("import os\ndef f():\n    return [os.getuid(), os.path.exists('/proc/1'), sorted(os.listdir('/'))]")
    assert verdict(out) == "ok", out
    uid, has_proc, top = out.tests[0].value
    assert not has_proc  # no /proc: host processes are invisible
    assert "home" not in top and "root" not in top and "etc" in top  # etc holds ld.so.cache only
    if os.geteuid() == 0:
        assert uid == runner.NOBODY


def test_fork_bomb_is_stopped_by_the_process_limit() -> None:
    out = run("import os\ndef f():\n    while True:\n        os.fork()")
    assert verdict(out) in {Verdict.BLOCKED.value, Verdict.TIME_LIMIT.value}, out
    assert wait_no_sandbox_processes(out) == []


def test_infinite_loop_that_swallows_the_alarm_is_killed_by_the_cpu_limit() -> None:
    code = "def f():\n    while True:\n        try:\n            while True:\n                x = 1\n        except BaseException:\n            x = 2"
    out = run(code, limits=Limits(cpu_s=1, wall_s=10))
    assert verdict(out) == Verdict.TIME_LIMIT.value
    assert out.killed == "cpu"
    assert out.wall_ms < 6000


def test_sleep_is_cut_at_the_test_budget() -> None:
    out = run("import time\ndef f():\n    time.sleep(100)", time_ms=200)
    assert verdict(out) == Verdict.TIME_LIMIT.value
    assert out.wall_ms < 3000


def test_sleep_with_signals_blocked_is_killed_at_the_wall_clock() -> None:
    code = ("import signal, time\ndef f():\n    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])\n"
            "    time.sleep(100)")
    started = time.monotonic()
    out = run(code, limits=Limits(wall_s=1.5))
    assert verdict(out) == Verdict.TIME_LIMIT.value
    assert out.killed == "wall"
    assert time.monotonic() - started < 5
    assert wait_no_sandbox_processes(out) == []


def test_a_1_gb_allocation_is_a_memory_limit() -> None:
    out = run("def f():\n    return len(bytearray(1 << 30))")
    assert verdict(out) == Verdict.MEMORY_LIMIT.value


def test_a_5_mb_write_hits_the_file_size_limit() -> None:
    out = run("def f():\n    with open('big', 'wb') as fh:\n        fh.write(b'x' * (5 << 20))")
    assert verdict(out) == Verdict.BLOCKED.value
    assert "File too large" in out.tests[0].error


def test_filling_tmp_stops_at_the_private_tmpfs(tmp_path: Path) -> None:
    code = ("def f():\n    i = 0\n    while True:\n        with open(f'/tmp/icraft-fill-{i}', 'wb') as fh:\n"
            "            fh.write(b'x' * ((1 << 20) - 1))\n        i += 1")
    out = run(code)
    assert verdict(out) == Verdict.BLOCKED.value
    assert "No space left" in out.tests[0].error
    assert not list(Path("/tmp").glob("icraft-fill-*"))  # the host's /tmp never saw them


@pytest.mark.parametrize("target", ["/etc/shadow", "/root/.ssh/id_rsa", "HOME_SSH", "DATABASE"])
def test_secrets_on_the_host_cannot_be_read(target: str, tmp_path: Path) -> None:
    secret = "icraft-secret-7f3a"
    if target == "HOME_SSH":
        target = str(Path.home() / ".ssh" / "id_ed25519")
    if target == "DATABASE":
        db = Path(os.environ["ICRAFT_HOME"]) / "icraft.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        db.write_text(secret)
        target = str(db)
    out = run("def f(path):\n    with open(path) as fh:\n        return fh.read()", target)
    # a host path under /tmp is simply absent from the sandbox's own /tmp: not found
    expected = Verdict.RUNTIME_ERROR if target.startswith("/tmp/") else Verdict.BLOCKED
    assert verdict(out) == expected.value, out
    assert "No such file" in out.tests[0].error
    assert secret not in repr(out)


def test_writing_outside_the_work_dir_is_blocked() -> None:
    for path in ("/usr/icraft-evil", "/icraft-evil", "/etc/icraft-evil"):
        out = run("def f(p):\n    open(p, 'w').write('x')", path)
        assert verdict(out) == Verdict.BLOCKED.value, (path, out)
        assert not Path(path).exists()


def test_symlink_tricks_reach_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("icraft-secret-symlink")
    code = ("import os\ndef f(p):\n    os.symlink(p, 'link')\n    os.symlink('/', 'root')\n"
            "    return [os.path.exists('link'), sorted(os.listdir('root')), open('link').read()]")
    out = run(code, str(secret))
    assert verdict(out) in {Verdict.BLOCKED.value, Verdict.RUNTIME_ERROR.value}, out
    assert "icraft-secret-symlink" not in repr(out)


def test_no_network_not_even_the_hosts_loopback() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.5)
    port = server.getsockname()[1]
    accepted: list[object] = []

    def accept() -> None:
        try:
            accepted.append(server.accept())
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    try:
        for host in ("1.1.1.1", "127.0.0.1"):
            out = run("import socket\ndef f(h, p):\n    socket.create_connection((h, p), timeout=2)", host, port)
            assert verdict(out) == Verdict.BLOCKED.value, (host, out)
    finally:
        t.join()
        server.close()
    assert accepted == []


def test_killing_the_parent_harms_nobody_outside() -> None:
    code = ("import os, signal\ndef f(host_pid):\n    for pid in (os.getppid(), 1, host_pid):\n        try:\n"
            "            os.kill(pid, signal.SIGKILL)\n        except OSError:\n            pass\n"
            "    os.kill(-1, signal.SIGKILL)\n    return 'alive'")
    out = run(code, os.getpid())
    assert verdict(out) in {"ok", Verdict.RUNTIME_ERROR.value}, out
    os.kill(os.getpid(), 0)  # the host (this test process) is still here


def test_runaway_output_is_capped_and_stopped() -> None:
    out = run("def f():\n    while True:\n        print('x' * 1000)")
    assert verdict(out) == Verdict.OUTPUT_LIMIT.value
    assert len(out.stdout) == Limits().output_bytes
    assert wait_no_sandbox_processes(out) == []


def test_environment_keys_never_reach_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-icraft-test-secret")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-icraft-test-secret")
    out = run("import os\ndef f():\n    return dict(os.environ)")
    assert verdict(out) == "ok"
    env = out.tests[0].value
    assert not any("KEY" in k for k in env), env
    assert "icraft-test-secret" not in repr(out)


def test_dev_shm_does_not_persist_between_runs() -> None:
    first = run("def f():\n    open('/dev/shm/icraft-marker', 'w').write('x')\n    return 1")
    assert verdict(first) == "ok"
    second = run("import os\ndef f():\n    return os.path.exists('/dev/shm/icraft-marker')")
    assert second.tests[0].value is False
    assert not Path("/dev/shm/icraft-marker").exists()


def test_a_crash_while_loading_is_a_runtime_error_with_the_traceback() -> None:
    out = run("def f(:\n    pass")
    assert verdict(out) == Verdict.RUNTIME_ERROR.value
    assert "SyntaxError" in out.load_error


def test_exiting_midway_is_a_runtime_error() -> None:
    out = runner.run_tests("import os\ndef f(x):\n    if x == 2:\n        os._exit(3)\n    return x", FN,
                           [{"name": str(i), "args": [i]} for i in range(1, 4)])
    assert [t.status for t in out.tests] == ["ok", Verdict.RUNTIME_ERROR.value, Verdict.NOT_RUN.value]
    assert "status 3" in out.tests[1].error
