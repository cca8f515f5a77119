"""`icraft doctor`: check the database, config, keys, audio and speech programs, and say the fix.

Every check is a function in :data:`CHECKS` that returns one :class:`Check` (or several);
to add one, write a function and append it. Doctor only reads: it never writes to the
database (a damaged one is opened read-only) nor creates the data folder.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, how it went, what was found, the fix."""

    name: str
    status: str  # ok, warn (works, with a limit) or fail (something is broken)
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


CheckFn = Callable[[], "Check | Iterable[Check]"]

WAL_WARN_BYTES = 64 << 20  # a WAL this large means checkpoints are not happening
DISK_FAIL_BYTES = 10 << 20  # less free space than this: saves will fail soon
DISK_WARN_BYTES = 200 << 20


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


def _data_dir() -> Path:
    from icraft.paths import data_dir

    return data_dir(create=False)


def check_database() -> Iterable[Check]:
    """The database file: sound (quick_check), migrated, WAL size."""
    import sqlite3

    from icraft.store import db

    path = _data_dir() / "icraft.db"
    wal = db.wal_path(path)
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    if not path.exists():
        yield Check("database", OK, f"{path}: none yet (created by the first command that saves)")
        return
    size = path.stat().st_size
    move = f"move it aside (mv {path} {path}.damaged) and icraft starts a new one"
    if size == 0:
        if wal_bytes:
            yield Check("database", FAIL, f"{path} is empty but its write-ahead log holds {_size(wal_bytes)}",
                        f"keep both files; {move}")
        else:
            yield Check("database", OK, f"{path}: empty (set up by the next command that saves)")
        return
    try:
        conn = db.open_read_only(path, immutable=True)  # no -shm/-wal made beside it either
    except sqlite3.Error as e:
        yield Check("database", FAIL, f"{path} cannot be opened: {e}", move)
        return
    try:
        problems = db.quick_check(conn)
        if problems:
            yield Check("database", FAIL, f"{path} is damaged: {problems[0]}",
                        f"{move}; `sqlite3 {path} .recover` can salvage what is readable")
            return
        applied = db.applied_migrations(conn)
        pending = db.pending_migrations(conn)
    except sqlite3.DatabaseError as e:
        yield Check("database", FAIL, f"{path} is damaged: {e}",
                    f"{move}; `sqlite3 {path} .recover` can salvage what is readable")
        return
    finally:
        conn.close()
    known = {name for name, _ in db.MIGRATIONS}
    newer = [name for name in applied if name not in known]
    detail = f"{path}: {_size(size)}, sound (quick_check), {len(applied)} migrations applied"
    if newer:
        yield Check("database", FAIL, f"{detail}, {len(newer)} unknown ({newer[-1]}): made by a newer icraft",
                    "upgrade icraft (pip install -U icraft)")
    elif pending:
        yield Check("database", WARN, f"{detail}, {len(pending)} pending ({', '.join(pending)})",
                    "applied by the next icraft command that opens it")
    else:
        yield Check("database", OK, detail)
    if wal_bytes > WAL_WARN_BYTES:
        yield Check("wal", WARN, f"{wal}: {_size(wal_bytes)} (not checkpointed)",
                    "close other icraft processes; the next command folds it back into the database")
    else:
        yield Check("wal", OK, f"write-ahead log {_size(wal_bytes)}")


def check_disk() -> Check:
    """Free space and write permission where the data lives."""
    folder = _data_dir()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError as e:
        return Check("disk", FAIL, f"{folder}: cannot read the free space ({e.strerror})")
    where = f"{folder}: {_size(free)} free"
    if not os.access(existing, os.W_OK):
        return Check("disk", WARN, f"{where}, read-only (commands that only read work; saves fail)",
                     "make it writable, or point ICRAFT_HOME at a writable folder")
    if free < DISK_FAIL_BYTES:
        return Check("disk", FAIL, where, "free some space: saves fail when the disk is full")
    if free < DISK_WARN_BYTES:
        return Check("disk", WARN, where, "free some space soon")
    return Check("disk", OK, where)


def check_config() -> Iterable[Check]:
    """The config file parses, every key is known, every value is valid."""
    from icraft import config
    from icraft.core.errors import ConfigError
    from icraft.paths import config_path

    path = config_path()
    try:
        unknown = config.unknown_keys()
        _, invalid = config.resolve()
    except ConfigError as e:
        yield Check("config", FAIL, e.message, e.hint or f"fix {path}")
        return
    where = str(path) if path.exists() else f"{path} (none: defaults)"
    if not unknown and not invalid:
        yield Check("config", OK, where)
    if unknown:
        yield Check("config", WARN, f"{where}: unknown keys {', '.join(unknown)} (ignored)",
                    "remove them (`icraft config show` lists the known keys)")
    for key, e in sorted(invalid.items()):
        yield Check("config", FAIL, f"{key}: {e.message}", e.hint or "")


def check_keys() -> Check:
    """Where `icraft keys set` stores API keys (none are needed offline)."""
    from icraft.providers import keys

    try:  # keys.store_name() would create the data folder for the vault's path
        backend = keys._keyring_backend()
        where = f"keyring ({type(backend).__name__})" if backend is not None else (
            f"encrypted file ({_data_dir() / keys._VAULT})")
        return Check("keys", OK, f"stored in the {where}")
    except Exception as e:  # noqa: BLE001 - a broken keyring backend is reported, not raised
        return Check("keys", WARN, f"the key store is unavailable: {e}",
                     "set keys in the environment (e.g. ANTHROPIC_API_KEY) instead")


def check_audio() -> Check:
    """PortAudio loads and sees a microphone and speakers (voice mode only)."""
    from icraft.core.errors import IcraftError
    from icraft.voice.audio import list_devices

    try:
        devices = list_devices()
    except IcraftError as e:
        return Check("audio", WARN, f"voice mode unavailable: {e.message}", e.hint or "")
    inputs = sum(1 for d in devices if d.inputs > 0)
    outputs = sum(1 for d in devices if d.outputs > 0)
    detail = f"PortAudio: {inputs} input and {outputs} output devices"
    if not inputs:
        return Check("audio", WARN, f"{detail}: no microphone for voice mode",
                     "connect one, or practise in text mode with `icraft interview --plain`")
    return Check("audio", OK, detail)


def check_programs() -> Iterable[Check]:
    """espeak-ng (local speech) and ffmpeg (MP3/FLAC audio)."""
    espeak = shutil.which("espeak-ng") or shutil.which("espeak")
    if espeak:
        yield Check("espeak-ng", OK, espeak)
    else:
        yield Check("espeak-ng", WARN, "not found: the offline voice is silent",
                    "install espeak-ng (`apt-get install espeak-ng` or `brew install espeak-ng`)")
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        yield Check("ffmpeg", OK, ffmpeg)
    else:
        yield Check("ffmpeg", WARN, "not found: MP3/FLAC audio cannot be read (WAV can)",
                    "install ffmpeg (`apt-get install ffmpeg` or `brew install ffmpeg`)")


def check_extras() -> Iterable[Check]:
    """Optional extras: local speech-to-text (faster-whisper) and onnxruntime."""
    from importlib.util import find_spec

    for module, package, use in (
        ("faster_whisper", "faster-whisper", "local speech-to-text: pip install 'icraft[local-stt]'"),
        ("onnxruntime", "onnxruntime", "comes with the local speech-to-text extra"),
    ):
        if find_spec(module) is not None:
            yield Check(package, OK, "installed")
        else:
            yield Check(package, OK, f"not installed (optional; {use})")


def check_vad() -> Check:
    """The voice-activity detector a voice interview uses (``voice.vad``) and why."""
    from icraft.core.errors import ConfigError
    from icraft.voice import vad

    try:
        choice = vad.configured()
    except ConfigError as e:  # the config check names the bad value and its fix
        return Check("vad", WARN, f"unknown: {e.message}", e.hint or "")
    backend, why = vad.describe(choice)
    if backend == "silero" or choice == "energy":
        return Check("vad", OK, why)
    return Check("vad", WARN, why, vad.SETUP_HINT)


def check_sandbox() -> Check:
    """The code sandbox for coding practice (bubblewrap + user namespaces, ``icraft.sandbox``)."""
    from icraft.sandbox import runner

    st = runner.status()
    if st.available:
        return Check("sandbox", OK, st.detail)
    return Check("sandbox", WARN, f"coding practice cannot run code: {st.detail}", st.fix)


# The checks, in the order they are shown. Append a function to add one.
CHECKS: list[CheckFn] = [
    check_database,
    check_disk,
    check_config,
    check_keys,
    check_audio,
    check_programs,
    check_extras,
    check_vad,
    check_sandbox,
]


def run_checks(checks: Iterable[CheckFn] = CHECKS) -> list[Check]:
    """Every check's results; a check that raises is reported as failed, never raised."""
    out: list[Check] = []
    for fn in checks:
        name = fn.__name__.removeprefix("check_")
        try:
            result = fn()
            out.extend([result] if isinstance(result, Check) else list(result))
        except Exception as e:  # noqa: BLE001 - doctor reports every problem, it never stops at one
            out.append(Check(name, FAIL, f"the check itself failed: {type(e).__name__}: {e}",
                             "rerun with ICRAFT_DEBUG=1 and please report it"))
    return out


def doctor(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Check the database, config, keys, audio and speech programs, and say the fix.

    Each line is ok, warn (works, with a limit) or fail (broken), with the fix.
    Exits 0 when nothing fails (warnings allowed) and 1 when a check fails.
    Doctor only reads: it never writes to the database, even a damaged one.

    \b
    Examples:
      icraft doctor
      icraft doctor --json
    """
    from icraft.core.errors import ExitCode

    json_out = wants_json(json_out, fmt)
    results = run_checks()
    failed = any(c.status == FAIL for c in results)
    if json_out:
        from icraft.cli.output import print_json

        print_json({"ok": not failed, "checks": [c.to_dict() for c in results]})
    else:
        width = max(len(c.name) for c in results)
        lines = []
        for c in results:
            lines.append(f"{c.status:<4}  {c.name:<{width}}  {c.detail}")
            if c.fix and c.status != OK:
                lines.append(f"{'':<4}  {'':<{width}}  fix: {c.fix}")
        typer.echo("\n".join(lines))
    if failed:
        raise typer.Exit(int(ExitCode.FINDINGS))


def register(app: typer.Typer) -> None:
    app.command("doctor", short_help="Check the database, config, audio and extras; say the fix.")(doctor)
