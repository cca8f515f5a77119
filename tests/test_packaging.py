"""A non-editable install must carry the rubrics/ and drills/ data folders."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_contains_data_folders(tmp_path: Path) -> None:
    import hatchling  # noqa: F401 (a test dependency: --no-build-isolation builds with it; a skip would hide a broken wheel)
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    [wheel] = tmp_path.glob("icraft-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "icraft/_data/rubrics/skills.toml" in names
    for folder in ("rubrics", "drills"):
        src = sorted(p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob("*") if p.is_file())
        assert src, f"{folder}/ is empty"
        for rel in src:
            assert f"icraft/_data/{rel}" in names, f"{rel} missing from the wheel"
    assert "icraft/cli/main.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_resources_resolve_in_checkout() -> None:
    from icraft.resources import drills_dir, rubrics_dir

    assert (rubrics_dir() / "skills.toml").is_file()
    assert drills_dir().is_dir()
