"""Run an icraft command inside the test process, as a subprocess with captured pipes would
see it, for speed (a fresh interpreter costs 0.25-0.7 s a command; this costs milliseconds).

``run_in_process(argv, input=..., env=...)`` calls ``icraft.cli.main.run(argv)`` and returns
a ``subprocess.CompletedProcess`` (``returncode``, ``stdout``, ``stderr``), so a test reads
the same either way. What a subprocess would get fresh and this process keeps is reset or
restored around each run:

- stdin, stdout and stderr are new UTF-8 text streams over bytes (``.buffer`` works), not
  terminals (``isatty()`` is False, as for pipes); stdin is empty when no input is given;
  output is read back with universal newlines, as ``subprocess.run(text=True)`` does;
- the environment is applied for the run and restored after it (what the command itself
  changes too), as are the working directory, the SIGINT handler, ``sys.excepthook``
  (Typer sets its own) and ``tempfile``'s cached temporary directory (TMPDIR);
- Rich consoles (cached per process in ``icraft.cli.output``, with the width and colour
  they saw when made) are made again for each run; the provider registry is reloaded;
- warnings go to the captured stderr under the interpreter's default filters, not to
  pytest's recorder;
- threads the command started and left running (not daemons) are waited for, as the
  interpreter waits before it exits;
- ``SystemExit`` becomes the return code; an exception that escapes ``run()`` (only with
  ICRAFT_DEBUG=1) prints its traceback on stderr and returns 1, as the interpreter does.

What a fresh interpreter alone shows stays with ``run_process`` (tests/conftest.py): exit
codes at the process boundary, signals and Ctrl-C, import-time behaviour (lazy imports, a
library's import-time warnings), broken pipes, PYTHONPATH, the ``python -m icraft`` entry.
An ``env`` that only a new interpreter reads (PYTHON*) is refused here, not ignored.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

# The interpreter's own warning filters, as a fresh `python -m icraft` has them (pytest
# installs its own per test, later than this import).
_DEFAULT_FILTERS = list(warnings.filters)


@contextmanager
def _environ(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        for key in set(os.environ) - set(saved):
            del os.environ[key]
        for key, value in saved.items():
            if os.environ.get(key) != value:
                os.environ[key] = value


def _stream(data: bytes = b"", *, errors: str = "strict") -> io.TextIOWrapper:
    # newline="\n": no translation, as Python's own std streams on POSIX.
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors=errors, newline="\n")


def _text(stream: io.TextIOWrapper) -> str:
    try:
        stream.flush()
    except ValueError:  # the command closed it
        pass
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict", newline=None).read()


@contextmanager
def _std_streams(stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextmanager
def _process_state() -> Iterator[None]:
    cwd = os.getcwd()
    sigint = signal.getsignal(signal.SIGINT)
    excepthook = sys.excepthook
    tempdir = tempfile.tempdir
    tempfile.tempdir = None  # re-read TMPDIR from the command's environment
    try:
        yield
    finally:
        os.chdir(cwd)
        signal.signal(signal.SIGINT, sigint)
        sys.excepthook = excepthook
        tempfile.tempdir = tempdir


def _fresh_caches() -> None:
    """Module state a fresh process would build from this run's environment."""
    from icraft.cli import output
    from icraft.providers import registry

    output.console.cache_clear()
    output.err_console.cache_clear()
    registry.reset()


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _join_new_threads(before: set[threading.Thread], timeout: float = 30) -> None:
    """An interpreter waits for its non-daemon threads before it exits: so does a run. One
    still alive after ``timeout`` would hang a real process: that fails the test."""
    for t in set(threading.enumerate()) - before:
        if not t.daemon:
            t.join(timeout)
            if t.is_alive():
                raise AssertionError(f"the command left thread {t.name!r} running: a real process would not exit")


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # sys.exit("message"): printed, exit 1
    return 1


def run_in_process(argv: list[str], *, input: str | None = None, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    interpreter_only = sorted(k for k in env if k.startswith("PYTHON"))
    if interpreter_only:
        raise ValueError(f"{', '.join(interpreter_only)} only affects a new interpreter: use run_process")
    from icraft.cli.main import run

    threads = set(threading.enumerate())
    stdin = _stream((input or "").encode())
    stdout, stderr = _stream(), _stream(errors="backslashreplace")
    with _environ(env), _process_state(), _std_streams(stdin, stdout, stderr), warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.filters.extend(_DEFAULT_FILTERS)
        warnings.showwarning = _show_warning
        _fresh_caches()
        try:
            run(argv)
            code = 0
        except SystemExit as e:
            code = _exit_code(e.code)
        except BaseException:  # escaped the error boundary (ICRAFT_DEBUG=1): as the interpreter prints it
            traceback.print_exc()
            code = 1
        finally:
            _fresh_caches()  # drop consoles bound to this run's settings
            _join_new_threads(threads)
        out, err = _text(stdout), _text(stderr)
    return subprocess.CompletedProcess(["icraft", *argv], code, out, err)
