"""A child process on a real pseudo-terminal, for tests of what a user types at a prompt.

pty.fork makes the pty the child's controlling terminal, as in a real shell. Every wait
has a deadline, and the child is killed and the pty closed however the test ends, so a
failing or hung test leaves no process or descriptor behind.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import termios
import time
from types import TracebackType

DEADLINE = 120.0  # generous: under `pytest -n 2` a cold interpreter can take many seconds


class PtyChild:
    """``python -m icraft ARGS`` on a pty; use as a context manager."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
        pid, fd = pty.fork()
        if pid == 0:  # the child
            os.execvpe(sys.executable, [sys.executable, "-m", "icraft", *args], full_env)
        self.pid, self.fd = pid, fd
        self.out = b""
        self.exit_code: int | None = None

    def read_until(self, marker: bytes, deadline: float = DEADLINE) -> bool:
        """Collect output until ``marker`` appears, the child closes the pty, or the deadline."""
        end = time.monotonic() + deadline
        while marker not in self.out and time.monotonic() < end:
            if not select.select([self.fd], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child exited and closed the pty
                break
            if not chunk:
                break
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

    def wait_exit(self, deadline: float = DEADLINE) -> int | None:
        """The child's exit code, polled (never a blocking wait) until the deadline."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.exit_code = os.waitstatus_to_exitcode(status)
                return self.exit_code
            time.sleep(0.05)
        return None

    def __enter__(self) -> PtyChild:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.exit_code is None:  # failed or hung: do not leave the child behind
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)
