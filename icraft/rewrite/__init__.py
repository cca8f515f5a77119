"""The 3-version diff: minimal patch, medium rewrite and ideal answer, built by code
from the candidate's own sentences and re-linted by the same engine (docs/DIFF.md).

Never imports Rich, Textual or a provider SDK: rendering lives in ``icraft.cli.diff_cmd``.
"""

from icraft.rewrite.diff import Chunk, word_diff
from icraft.rewrite.facts import fact_tokens, new_facts
from icraft.rewrite.gains import Delta, Relinter, RuleDelta, compare
from icraft.rewrite.text import Edit
from icraft.rewrite.versions import IDEAL, MEDIUM, MINIMAL, Pending, Skipped, Version, Versions, build_versions

__all__ = [
    "IDEAL",
    "MEDIUM",
    "MINIMAL",
    "Chunk",
    "Delta",
    "Edit",
    "Pending",
    "Relinter",
    "RuleDelta",
    "Skipped",
    "Version",
    "Versions",
    "build_versions",
    "compare",
    "fact_tokens",
    "new_facts",
    "word_diff",
]
