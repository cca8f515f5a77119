"""Locate the data folders (rubrics/, drills/) in a wheel or in a source checkout.

A wheel carries them as ``icraft/_data/<name>`` (hatch force-include); an editable
install or a checkout reads them from the repository root beside the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from icraft.core.errors import IcraftError

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_folder(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise IcraftError(
        f"icraft's {name}/ data folder is missing from this installation",
        "reinstall icraft with `pip install --force-reinstall icraft`",
    )


def rubrics_dir() -> Path:
    return data_folder("rubrics")


def drills_dir() -> Path:
    return data_folder("drills")
