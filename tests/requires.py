"""Markers for tests that need a system program, in one place.

A missing program skips the test with a reason naming the Debian package to install, so a
fresh machine with only Python runs the suite green (skips stated) and `.ci/run`, which
installs these packages, runs everything.
"""

from __future__ import annotations

import shutil

import pytest


def reason(program: str, package: str | None = None) -> str:
    return f"needs {program} (apt install {package or program})"


def needs(program: str, package: str | None = None) -> pytest.MarkDecorator:
    """Skip unless ``program`` is on PATH; the reason names the package that provides it."""
    return pytest.mark.skipif(shutil.which(program) is None, reason=reason(program, package))


def skip_unless(program: str, package: str | None = None) -> str:
    """Inside a test or helper: the program's path, or skip with the same reason as ``needs``."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(reason(program, package))
    return path


needs_espeak = needs("espeak-ng")
needs_ffmpeg = needs("ffmpeg")
needs_sox = needs("sox")
needs_tmux = needs("tmux")
