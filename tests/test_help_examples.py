"""`--help` of the practice, transcript, provider and settings commands ends with runnable
examples, one per line (the help renderer keeps line breaks, so each stays whole)."""

from __future__ import annotations

import pytest

COMMANDS = [
    ("skills",), ("plan",), ("drill",), ("dashboard",), ("diff",), ("rewind",), ("providers",),
    ("usage",), ("keys", "set"), ("config", "set"), ("transcript", "show"), ("transcript", "convert"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_examples_one_per_line(cli, command):
    r = cli(*command, "--help", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    examples = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        examples.append(line)
    assert examples, r.stdout
    name = " ".join(command)
    for line in examples:
        # indented under the heading, and a whole command that mentions this one
        assert line.startswith("   ") and f"icraft {name}" in line, (name, line)
