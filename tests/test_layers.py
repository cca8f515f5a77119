"""The layers of docs/ARCHITECTURE.md, enforced: `lint-imports` checks the contracts in
pyproject.toml ([tool.importlinter]) over every import icraft makes, lazy ones included."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports(config: Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `lint-imports` installed beside this interpreter (import-linter is in the test extra)."""
    scripts = Path(sys.executable).parent
    exe = next((scripts / n for n in ("lint-imports", "lint-imports.exe") if (scripts / n).exists()), None)
    assert exe is not None, f"lint-imports is not installed beside {sys.executable}: pip install -e '.[test]'"
    return subprocess.run([str(exe), "--config", str(config), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_no_import_runs_up_a_layer() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert next(c for c in contracts if c["type"] == "layers")["exhaustive"] is True  # every package is placed
    proc = _lint_imports(ROOT / "pyproject.toml", ROOT)
    out = proc.stdout + proc.stderr
    broken = out[out.find("Broken contracts"):] if "Broken contracts" in out else out[-4000:]
    assert proc.returncode == 0, f"imports that break the layers (pyproject.toml [tool.importlinter]):\n{broken}"
    assert f"Contracts: {len(contracts)} kept, 0 broken." in out, out


def test_every_package_has_an_init() -> None:
    """A folder of modules without __init__.py is a namespace package, which the import graph
    does not see: its imports would go unchecked."""
    missing = [str(d.relative_to(ROOT)) for d in (ROOT / "icraft").rglob("*")
               if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py")) and not (d / "__init__.py").exists()]
    assert not missing, f"add an __init__.py to {missing}"


def test_a_lazy_import_up_a_layer_is_reported(tmp_path: Path) -> None:
    """What the contract relies on: an import inside a function counts, and the report names it."""
    pkg = tmp_path / "toy"
    (pkg / "low").mkdir(parents=True)
    (pkg / "high").mkdir()
    for init in ("__init__.py", "low/__init__.py", "high/__init__.py"):
        (pkg / init).write_text("")
    (pkg / "high" / "a.py").write_text("from toy.low import b\n")
    (pkg / "low" / "b.py").write_text("def f():\n    from toy.high import a\n    return a\n")
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_packages = ["toy"]\n[[tool.importlinter.contracts]]\n'
                      'name = "toy"\ntype = "layers"\ncontainers = ["toy"]\nlayers = ["high", "low"]\n')
    proc = _lint_imports(config, tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "toy.low.b -> toy.high.a (l.2)" in proc.stdout
