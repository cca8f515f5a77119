"""A real ``python -m icraft`` child process, for what only a process shows: a prompt on a
real pseudo-terminal (PtyChild), Ctrl-C / SIGINT at a known point (both), exit codes.

Nothing here sleeps to wait for readiness: a test waits for a marker the program prints
(its prompt, a line of output) and only then types or signals. Every wait has a generous
deadline (a cold interpreter under `pytest -n 2` on a loaded machine can take many
seconds), and the child is killed and its descriptors closed however the test ends, so a
failing or hung test leaves no process behind.

pty.fork makes the pty the child's controlling terminal, as in a real shell.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from types import TracebackType

DEADLINE = 120.0


def _default_sigint() -> None:
    """In the child before exec: SIGINT at its default, as in a shell's foreground job.

    A job a non-interactive shell starts in the background (`pytest ... &`, CI runners)
    ignores SIGINT, children inherit that, and Python then never raises KeyboardInterrupt:
    the Ctrl-C tests would wait for an exit that never comes."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env(env: dict[str, str] | None) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120", **(env or {})}


def _read_some(fd: int, timeout: float) -> bytes | None:
    """What ``fd`` has within ``timeout`` (b"" if nothing yet), or None at end of file."""
    if not select.select([fd], [], [], timeout)[0]:
        return b""
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # a pty whose child exited and closed it
        return None
    return chunk or None


class _Child:
    pid: int

    def __init__(self) -> None:
        self.exit_code: int | None = None

    def _poll(self) -> bool:
        raise NotImplementedError

    def _drain(self) -> None:
        """Read what the child wrote before it exited."""

    def wait_exit(self, deadline: float = DEADLINE) -> int | None:
        """The child's exit code, polled (never a blocking wait) until the deadline; the
        output it wrote before exiting is read in full first."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if self._poll():
                self._drain()
                return self.exit_code
            time.sleep(0.02)
        return None

    def interrupt(self) -> None:
        """SIGINT, as Ctrl-C in a shell sends it."""
        os.kill(self.pid, signal.SIGINT)

    def _kill(self) -> None:
        if self.exit_code is None:  # failed or hung: do not leave the child behind
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class PtyChild(_Child):
    """``python -m icraft ARGS`` on a pty; use as a context manager."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        super().__init__()
        full_env = _env(env)
        pid, fd = pty.fork()
        if pid == 0:  # the child
            _default_sigint()
            os.execvpe(sys.executable, [sys.executable, "-m", "icraft", *args], full_env)
        self.pid, self.fd = pid, fd
        self.out = b""
        self._eof = False

    def read_until(self, marker: bytes, deadline: float = DEADLINE) -> bool:
        """Collect output until ``marker`` appears, the child closes the pty, or the deadline."""
        end = time.monotonic() + deadline
        while marker not in self.out and not self._eof and time.monotonic() < end:
            chunk = _read_some(self.fd, 0.2)
            if chunk is None:
                self._eof = True
            else:
                self.out += chunk
        return marker in self.out

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def echo_on(self) -> bool:
        # On Linux the master reports the terminal's modes: getpass turns ECHO off before reading.
        return bool(termios.tcgetattr(self.fd)[3] & termios.ECHO)

    def wait_echo_off(self, deadline: float = DEADLINE) -> bool:
        end = time.monotonic() + deadline
        while self.echo_on() and time.monotonic() < end:
            time.sleep(0.02)
        return not self.echo_on()

    def _poll(self) -> bool:
        done, status = os.waitpid(self.pid, os.WNOHANG)
        if done:
            self.exit_code = os.waitstatus_to_exitcode(status)
        return bool(done)

    def _drain(self) -> None:
        while not self._eof:  # the pty gives what is left, then EIO
            chunk = _read_some(self.fd, 1.0)
            if not chunk:
                self._eof = True
            else:
                self.out += chunk

    def __enter__(self) -> PtyChild:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._kill()
        if self.exit_code is None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        os.close(self.fd)


class PipeChild(_Child):
    """``python -m icraft ARGS`` with stdin, stdout and stderr on pipes (as a script drives
    it); use as a context manager. ``out``/``err`` collect what was read so far (text)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        super().__init__()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "icraft", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(env),
            preexec_fn=_default_sigint,
        )
        self.pid = self.proc.pid
        self._out_fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        self._err_fd = self.proc.stderr.fileno()  # type: ignore[union-attr]
        self._bufs = {self._out_fd: b"", self._err_fd: b""}
        self._open = set(self._bufs)

    @property
    def out(self) -> str:
        return self._bufs[self._out_fd].decode(errors="replace")

    @property
    def err(self) -> str:
        return self._bufs[self._err_fd].decode(errors="replace")

    def _pump(self, timeout: float) -> None:
        ready = select.select(list(self._open), [], [], timeout)[0] if self._open else []
        for fd in ready:
            chunk = _read_some(fd, 0)
            if chunk is None:
                self._open.discard(fd)
            else:
                self._bufs[fd] += chunk

    def read_until(self, marker: str, deadline: float = DEADLINE) -> bool:
        """Collect output (both streams) until ``marker`` is on stdout, end of output, or the deadline."""
        end = time.monotonic() + deadline
        while marker not in self.out and self._open and time.monotonic() < end:
            self._pump(0.2)
        return marker in self.out

    def write(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def _poll(self) -> bool:
        self._pump(0)
        if self.proc.poll() is None:
            return False
        self.exit_code = self.proc.returncode
        return True

    def _drain(self) -> None:
        end = time.monotonic() + 10  # a grandchild holding the pipes must not hang the test
        while self._open and time.monotonic() < end:
            self._pump(1.0)

    def __enter__(self) -> PipeChild:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                try:
                    stream.close()
                except BrokenPipeError:
                    pass
