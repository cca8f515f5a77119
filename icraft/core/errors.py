"""Domain errors and the process exit codes they map to.

Every error the user can cause or fix is an :class:`IcraftError`; the CLI boundary
(``icraft.cli.main.run``) prints it as one line on stderr, with its hint, and exits
with its code. Anything else is a bug and is reported as such.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit status of every icraft command."""

    OK = 0
    FINDINGS = 1  # lint found answers under --fail-under, or a threshold was missed
    USAGE = 2  # bad option, bad input file, unknown id
    PROVIDER = 3  # provider, key or network problem
    INTERNAL = 70  # a bug in icraft (EX_SOFTWARE); run with ICRAFT_DEBUG=1 and report it
    INTERRUPTED = 130  # Ctrl-C


class IcraftError(Exception):
    """An error with a message a user can act on."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(IcraftError):
    """Bad input: a malformed or unreadable file, an invalid value."""


class NotFoundError(IcraftError):
    """A session, answer, skill or file that does not exist."""


class ConfigError(IcraftError):
    """An unknown or invalid configuration key or value."""


class ProviderError(IcraftError):
    """A provider failed: missing key, network error, bad response."""

    exit_code = ExitCode.PROVIDER


class DependencyError(IcraftError):
    """An optional native dependency (PortAudio, faster-whisper...) is missing."""

    exit_code = ExitCode.PROVIDER
