"""Architecture boundaries, checked in a fresh interpreter (DESIGN.md: "Boundaries").

The headless core must not pull in the TUI, Rich, numpy, audio libraries or any
provider SDK: that keeps `icraft lint` fast and the layers honest.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "textual", "rich", "anthropic", "openai", "deepgram", "numpy", "sounddevice", "pydub", "fsrs",
    "safetensors", "tokenizers", "wordllama",
)

# package -> modules it must never load
BOUNDARIES = {
    "icraft.core": HEAVY,
    "icraft.formats": HEAVY,
    "icraft.rubric": HEAVY,
    "icraft.delivery": HEAVY,
    "icraft.rewrite": HEAVY,
    "icraft.skills": ("textual", "rich", "anthropic", "openai", "deepgram", "numpy", "sounddevice", "pydub"),
    "icraft.store": HEAVY,
    "icraft.nlp.embed": HEAVY,
    "icraft.negotiation.engine": HEAVY,
    "icraft.providers": ("textual", "anthropic", "openai", "deepgram", "sounddevice", "pydub"),
    "icraft.cli.main": ("textual", "rich", "anthropic", "openai", "deepgram", "numpy", "sounddevice", "pydub", "fsrs"),
}


def _loaded_after_import(module: str) -> set[str]:
    code = (
        "import sys, json, importlib; importlib.import_module(%r); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))" % module
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


@pytest.mark.parametrize("module", sorted(BOUNDARIES))
def test_layer_does_not_import_heavy_modules(module: str) -> None:
    # a missing layer fails here (ModuleNotFoundError in the child) rather than skipping
    loaded = _loaded_after_import(module)
    leaked = loaded & set(BOUNDARIES[module])
    assert not leaked, f"importing {module} loaded {sorted(leaked)}"


def test_core_and_formats_together_stay_light() -> None:
    # the exact check from the foundation issue
    code = "import sys, icraft.core, icraft.formats; print(sorted(m for m in ('textual','rich','anthropic','openai','numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_tui_imports_textual() -> None:
    from pathlib import Path

    import icraft

    root = Path(icraft.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tui" not in p.relative_to(root).parts[:1]
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
