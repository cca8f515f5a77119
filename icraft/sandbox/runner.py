"""Run a candidate's Python code against tests, inside bubblewrap, as an unprivileged user.

The sandbox (:func:`command`): every namespace unshared (no network), a new session, the
process dies with its parent, no capabilities, nested user namespaces disabled, a
read-only ``/usr``, private size-limited tmpfs for ``/work`` (the working folder),
``/tmp`` and ``/dev/shm``, a read-only root, no home and an empty environment. When
icraft runs as root, bubblewrap itself is started as ``nobody`` (65534): the kernel
never applies the process limit to uid 0, and a root-mapped user namespace would
still be uid 0 outside. Inside, the harness sets the rlimits (CPU, address space, file
size, processes, open files) before it loads the candidate's code. The host enforces a
wall-clock timeout (killing the whole process group) and caps each output stream.

Without bubblewrap or user namespaces it never runs code unsandboxed on its own:
:class:`SandboxUnavailable` says what is missing and the fix. ``unsafe=True`` (the
CLI option --unsafe-no-sandbox) runs with the rlimits only, under a banner.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from icraft.core.errors import EnvironmentFault

NOBODY = 65534
UNSAFE_BANNER = (
    "WARNING: --unsafe-no-sandbox: your code runs on this machine with resource limits only "
    "(no filesystem or network isolation)."
)
_HARNESS = Path(__file__).with_name("harness.py")


class Verdict(str, Enum):
    PASSED = "passed"
    WRONG_ANSWER = "wrong answer"
    TIME_LIMIT = "time limit"
    MEMORY_LIMIT = "memory limit"
    RUNTIME_ERROR = "runtime error"
    OUTPUT_LIMIT = "output limit"
    BLOCKED = "blocked"
    NOT_RUN = "not run"  # a test after the one that ended the run


# The order in which a run's overall verdict is chosen: the first one any test has.
SEVERITY = [Verdict.BLOCKED, Verdict.OUTPUT_LIMIT, Verdict.MEMORY_LIMIT, Verdict.RUNTIME_ERROR,
            Verdict.TIME_LIMIT, Verdict.WRONG_ANSWER, Verdict.NOT_RUN, Verdict.PASSED]


@dataclass(frozen=True)
class Limits:
    cpu_s: int = 2
    memory_bytes: int = 256 << 20
    file_bytes: int = 1 << 20
    processes: int = 64
    open_files: int = 64
    output_bytes: int = 64 << 10  # per stream (stdout, stderr)
    wall_s: float = 10.0
    tmpfs_bytes: int = 16 << 20  # each of /work, /tmp, /dev/shm

    def for_harness(self) -> dict[str, int]:
        return {"cpu_s": self.cpu_s, "memory_bytes": self.memory_bytes, "file_bytes": self.file_bytes,
                "processes": self.processes, "open_files": self.open_files}


class SandboxUnavailable(EnvironmentFault):
    """The sandbox cannot run here (no bubblewrap, user namespaces disabled...)."""


@dataclass(frozen=True)
class SandboxStatus:
    available: bool
    detail: str
    fix: str = ""
    run_as: int | None = None  # the uid bubblewrap is started as (None: the current user)
    python: str = ""


@dataclass
class TestRun:
    """What the harness reported for one test (or what the host inferred when it died)."""

    index: int
    status: str  # ok (returned a value; the caller compares it) or a Verdict value
    time_ms: float | None = None  # wall
    cpu_ms: float | None = None
    value: object = None
    digest: str | None = None
    error: str = ""


@dataclass
class RunOutcome:
    tests: list[TestRun]
    stdout: str = ""
    stderr: str = ""
    load_error: str = ""
    killed: str = ""  # wall, cpu, output or ""
    exit_code: int | None = None
    wall_ms: float = 0.0
    sandboxed: bool = True
    banner: str = ""
    extra: dict = field(default_factory=dict)


def _world_usable(path: Path) -> bool:
    """True when any user can reach and execute ``path`` (every folder above it o+x)."""
    try:
        if not path.stat().st_mode & stat.S_IXOTH:
            return False
        return all(p.stat().st_mode & stat.S_IXOTH for p in path.parents)
    except OSError:
        return False


def _interpreters() -> list[Path]:
    found = [Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))]
    for name in ("/usr/bin/python3", "/usr/local/bin/python3", shutil.which("python3") or ""):
        if name:
            found.append(Path(os.path.realpath(name)))
    return list(dict.fromkeys(found))


def run_as() -> int | None:
    """The uid the sandbox runs as: nobody when icraft is root, else the current user."""
    return NOBODY if os.geteuid() == 0 else None


@lru_cache(maxsize=None)
def interpreter() -> Path | None:
    """A Python 3 the sandbox's user can run (for root: one every user can reach)."""
    for path in _interpreters():
        if path.is_file() and (run_as() is None or _world_usable(path)):
            return path
    return None


def _binds(python: Path) -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    prefix = python.parent.parent  # .../bin/python3 -> ...
    if not str(prefix).startswith("/usr/") and str(prefix) != "/usr":
        args += ["--ro-bind", str(prefix), str(prefix)]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def command(python: Path, limits: Limits, argv: list[str]) -> list[str]:
    """The bubblewrap command line that runs ``python argv...`` in the sandbox."""
    bwrap = shutil.which("bwrap") or "bwrap"
    size = str(limits.tmpfs_bytes)
    return [
        bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
        "--cap-drop", "ALL", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
        *_binds(python),
        # A minimal /dev (null, zero, urandom): --dev's full devtmpfs costs ~6 ms per start.
        "--dir", "/dev", "--dev-bind", "/dev/null", "/dev/null", "--dev-bind", "/dev/zero", "/dev/zero",
        "--dev-bind", "/dev/urandom", "/dev/urandom", "--size", size, "--tmpfs", "/dev/shm", "--size", size, "--tmpfs", "/tmp",
        "--size", size, "--tmpfs", "/work", "--remount-ro", "/", "--chdir", "/work",
        "--", str(python), "-I", "-S", "-B", *argv,
    ]


def _user_kwargs() -> dict:
    uid = run_as()
    return {} if uid is None else {"user": uid, "group": uid, "extra_groups": []}


@lru_cache(maxsize=None)
def status() -> SandboxStatus:
    """Whether the sandbox works here, by running ``python -c`` in it once (cached)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return SandboxStatus(False, "bubblewrap (bwrap) is not installed",
                             "install it: apt install bubblewrap (dnf install bubblewrap, pacman -S bubblewrap)")
    python = interpreter()
    if python is None:
        return SandboxStatus(False, "no Python 3 that the unprivileged user 'nobody' can run",
                             "install a system Python (apt install python3)", run_as())
    probe = "import os; print(os.getuid())"
    try:
        done = subprocess.run(command(python, Limits(), ["-c", probe]), capture_output=True, text=True,
                              timeout=20, env={}, **_user_kwargs())
    except (OSError, subprocess.SubprocessError) as e:
        return SandboxStatus(False, f"bubblewrap failed to start: {e}", "reinstall bubblewrap", run_as())
    if done.returncode != 0:
        err = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return SandboxStatus(
            False, f"bubblewrap cannot create the sandbox: {err}",
            "allow unprivileged user namespaces: sysctl -w kernel.unprivileged_userns_clone=1 "
            "(Ubuntu 24.04: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; in a container "
            "run it with --security-opt seccomp=unconfined --security-opt apparmor=unconfined)",
            run_as(), str(python))
    who = "nobody (65534)" if run_as() == NOBODY else f"uid {os.geteuid()}"
    return SandboxStatus(True, f"bubblewrap, as {who}, Python {python}", "", run_as(), str(python))


def require() -> SandboxStatus:
    """The sandbox's status, or :class:`SandboxUnavailable` naming what is missing and the fix."""
    st = status()
    if not st.available:
        raise SandboxUnavailable(
            f"cannot run code safely: {st.detail}",
            f"{st.fix}; or pass --unsafe-no-sandbox to run it with resource limits only, no isolation")
    return st


def run_tests(code: str, call: dict, tests: list[dict], *, limits: Limits = Limits(),
              unsafe: bool = False) -> RunOutcome:
    """Run ``code`` against ``tests`` (harness format, see ``harness.py``) in one sandbox run."""
    payload = json.dumps({"code": code, "call": call, "tests": tests, "limits": limits.for_harness()})
    harness = _HARNESS.read_text()
    if unsafe:
        python = interpreter()
        if python is None:
            raise SandboxUnavailable("no Python 3 that the unprivileged user 'nobody' can run",
                                     "install a system Python (apt install python3)")
        workdir = Path(tempfile.mkdtemp(prefix="icraft-unsafe-"))
        os.chmod(workdir, 0o777)
        try:
            outcome = _execute([str(python), "-I", "-S", "-B", "-c", harness], payload, len(tests), limits,
                               cwd=str(workdir))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        outcome.sandboxed = False
        outcome.banner = UNSAFE_BANNER
        return outcome
    st = require()
    return _execute(command(Path(st.python), limits, ["-c", harness]), payload, len(tests), limits)


def _execute(argv: list[str], payload: str, n_tests: int, limits: Limits, cwd: str | None = None) -> RunOutcome:
    import secrets

    read_fd, write_fd = os.pipe()
    run_id = secrets.token_hex(8)  # in every process's command line: finds leftovers (tests)
    argv = [*argv, str(write_fd), run_id]
    with tempfile.TemporaryFile() as stdin:
        stdin.write(payload.encode())
        stdin.seek(0)
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    pass_fds=(write_fd,), start_new_session=True, env={}, cwd=cwd,
                                    **_user_kwargs())
        finally:
            os.close(write_fd)
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    streams = {out_fd: bytearray(), err_fd: bytearray(), read_fd: bytearray()}
    caps = {out_fd: limits.output_bytes, err_fd: limits.output_bytes, read_fd: 16 << 20}
    killed = ""
    sel = selectors.DefaultSelector()
    for fd in streams:
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
    deadline = started + limits.wall_s
    try:
        while sel.get_map():
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                killed = "wall"
                break
            for key, _ in sel.select(timeout=remaining):
                try:
                    chunk = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    sel.unregister(key.fd)
                    continue
                buf = streams[key.fd]
                buf += chunk
                if len(buf) > caps[key.fd]:
                    del buf[caps[key.fd]:]
                    killed = "output"
            if killed:
                break
        if killed:
            _kill(proc)
        try:
            proc.wait(timeout=max(0.1, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            killed = "wall"
            _kill(proc)
            proc.wait()
    finally:
        sel.close()
        os.close(read_fd)
        proc.stdout.close()
        proc.stderr.close()
        if proc.poll() is None:
            _kill(proc)
            proc.wait()
    wall_ms = (time.perf_counter() - started) * 1000
    outcome = RunOutcome(tests=[], stdout=streams[out_fd].decode(errors="replace"),
                         stderr=streams[err_fd].decode(errors="replace"), exit_code=proc.returncode,
                         wall_ms=wall_ms, extra={"run_id": run_id})
    return _interpret(outcome, bytes(streams[read_fd]), n_tests, killed)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # bubblewrap and its pid namespace's init: all of it dies
    except ProcessLookupError:
        pass


def _signal_of(code: int | None) -> int | None:
    if code is None:
        return None
    if code < 0:
        return -code
    return code - 128 if code > 128 else None


def _interpret(outcome: RunOutcome, channel: bytes, n_tests: int, killed: str) -> RunOutcome:
    runs: dict[int, TestRun] = {}
    current: int | None = None
    for line in channel.decode(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "start" and isinstance(event.get("test"), int):
            current = event["test"]
        elif kind == "done" and isinstance(event.get("test"), int):
            runs[event["test"]] = TestRun(event["test"], str(event.get("status")), event.get("time_ms"),
                                          event.get("cpu_ms"), event.get("value"), event.get("digest"),
                                          str(event.get("error", "")))
            current = None
        elif kind == "cpu":
            killed = killed or "cpu"
        elif kind == "load":
            outcome.load_error = str(event.get("error", ""))
            for i in range(n_tests):
                runs[i] = TestRun(i, str(event.get("status", Verdict.RUNTIME_ERROR.value)), error=outcome.load_error)
    sig = _signal_of(outcome.exit_code)
    if not killed and sig in (signal.SIGXCPU, signal.SIGKILL) and current is not None:
        killed = "cpu"  # the CPU limit (soft: SIGXCPU, hard: SIGKILL)
    outcome.killed = killed
    ended = {"wall": Verdict.TIME_LIMIT, "cpu": Verdict.TIME_LIMIT, "output": Verdict.OUTPUT_LIMIT}.get(killed)
    for i in range(n_tests):
        if i in runs:
            outcome.tests.append(runs[i])
        elif i == current or (current is None and ended is not None and not any(j >= i for j in runs)
                              and i == (max(runs) + 1 if runs else 0)):
            verdict = ended or Verdict.RUNTIME_ERROR
            error = "" if ended else _death(outcome)
            outcome.tests.append(TestRun(i, verdict.value, error=error))
        else:
            outcome.tests.append(TestRun(i, Verdict.NOT_RUN.value))
    return outcome


def _death(outcome: RunOutcome) -> str:
    sig = _signal_of(outcome.exit_code)
    tail = outcome.stderr.strip()[-2000:]
    if sig:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return f"the process was killed by {name}" + (f"\n{tail}" if tail else "")
    return f"the process exited (status {outcome.exit_code}) before the test finished" + (f"\n{tail}" if tail else "")
