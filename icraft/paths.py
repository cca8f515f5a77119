"""Where icraft keeps its files.

``ICRAFT_HOME`` (tests always set it) puts everything — database, config, keys —
under one folder. Otherwise data goes to platformdirs' user data dir and config to
the user config dir. Folders are created owner-only (0700) and files owner-only
(0600): answers to interview questions are personal.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "icraft"


def _home() -> Path | None:
    h = os.environ.get("ICRAFT_HOME")
    return Path(h).expanduser() if h else None


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def data_dir(create: bool = True) -> Path:
    home = _home()
    if home is None:
        import platformdirs

        home = Path(platformdirs.user_data_dir(APP, appauthor=False))
    return ensure_private_dir(home) if create else home


def config_dir(create: bool = True) -> Path:
    home = _home()
    if home is None:
        import platformdirs

        home = Path(platformdirs.user_config_dir(APP, appauthor=False))
    return ensure_private_dir(home) if create else home


def db_path() -> Path:
    return data_dir() / "icraft.db"


def config_path() -> Path:
    override = os.environ.get("ICRAFT_CONFIG")
    return Path(override).expanduser() if override else config_dir(create=False) / "config.toml"


def write_private(path: Path, data: bytes, *, own_folder: bool = True) -> None:
    """Write a file atomically with mode 0600 (temp file + rename). ``own_folder=False``
    for a folder the user chose: created 0700 if missing, an existing one left as it is."""
    if own_folder:
        ensure_private_dir(path.parent)
    elif not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as e:  # name the file the user knows, not the temporary one
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
