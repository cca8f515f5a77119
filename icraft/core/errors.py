"""Domain errors and the process exit codes they map to.

Every error the user can cause or fix is an :class:`IcraftError`; the CLI boundary
(``icraft.cli.main.run``) prints it as one line on stderr, with its hint, and exits
with its code. Anything else is a bug and is reported as such.
"""

from __future__ import annotations

import errno
from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit status of every icraft command."""

    OK = 0
    FINDINGS = 1  # lint found answers under --fail-under, or a threshold was missed
    USAGE = 2  # bad option, bad input file, unknown id
    PROVIDER = 3  # provider, key or network problem
    INTERNAL = 70  # a bug in icraft (EX_SOFTWARE); run with ICRAFT_DEBUG=1 and report it
    ENVIRONMENT = 74  # the machine, not icraft (EX_IOERR): damaged database, disk full, read-only folder
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


class EnvironmentFault(IcraftError):
    """The machine, not icraft nor the input: a full disk, a read-only folder, a file size
    limit, a damaged database file. Nothing was half-saved; the hint says what to do."""

    exit_code = ExitCode.ENVIRONMENT


class CorruptDatabase(EnvironmentFault):
    """The database file is damaged (SQLite: corrupt, not a database): icraft never writes to it."""


# errno of a filesystem fault -> what it means, as the one-line error says it.
_OS_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file size limit is reached (ulimit -f)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def os_fault(e: OSError) -> EnvironmentFault | None:
    """The :class:`EnvironmentFault` for a filesystem error (full, read-only, no permission,
    file too big), naming the path; None for any other OSError."""
    cause = _OS_CAUSES.get(e.errno or 0)
    if cause is None:
        return None
    path = e.filename if e.filename is not None else "a file"
    verb = "use" if e.errno in (errno.EACCES, errno.EPERM) else "write"
    hint = {
        errno.ENOSPC: "free some space and run it again",
        errno.EDQUOT: "free some space and run it again",
        errno.EFBIG: "raise the limit (`ulimit -f unlimited`) and run it again",
    }.get(e.errno or 0, "check the folder's permissions, or point ICRAFT_HOME at a writable folder")
    return EnvironmentFault(f"cannot {verb} {path}: {cause}", hint)
