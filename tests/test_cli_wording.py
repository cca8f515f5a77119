"""Usage errors speak icraft's words, never pydantic's or Click's: one line, what is
wrong with the value given, then the help to read (exit 2)."""

from __future__ import annotations

import pytest

LIBRARY_WORDING = ("Invalid value for", "Value error", "Input should be", "unable to parse", "No such option",
                   "Possible options", "Missing argument", "Missing option", "Got unexpected", "requires an argument",
                   "does not take a value", "No such command")

CASES = [
    (("lint", "x.txt", "--format", "xml"),
     "--format must be one of human, json, sarif, not 'xml' (see `icraft lint --help`)"),
    (("plan", "--format", "sarif"), "--format must be one of human, json, not 'sarif' (see `icraft plan --help`)"),
    (("plan", "--minutes", "abc"), "--minutes must be a whole number, not 'abc' (see `icraft plan --help`)"),
    (("plan", "--minutes", "0"), "--minutes must be between 1 and 600, not 0 (see `icraft plan --help`)"),
    (("lint", "x.txt", "--fail-under", "200"), "--fail-under must be between 0 and 100, not 200 (see `icraft lint --help`)"),
    (("sessions", "--limit", "0"), "--limit must be at least 1, not 0 (see `icraft sessions --help`)"),
    (("rules", "--jsn"), "unknown option --jsn; did you mean --json? (see `icraft rules --help`)"),
    (("lint",), "missing FILES (see `icraft lint --help`)"),
    (("transcript", "convert", "x.vtt"), "--to is required (see `icraft transcript convert --help`)"),
    (("rules", "a", "b"), "unexpected argument 'b' (see `icraft rules --help`)"),
    (("usage", "--since"), "--since needs a value (see `icraft usage --help`)"),
    (("sessions", "export", "x", "--format"), "--format needs a value (see `icraft sessions export --help`)"),
    (("drill", "--rewind=yes"), "--rewind is a switch and takes no value (see `icraft drill --help`)"),
]


@pytest.mark.parametrize("args,expected", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_usage_errors_are_one_line_in_icraft_words(cli, args, expected):
    r = cli(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("icraft: error: "), r.stderr
    assert expected in r.stderr, r.stderr
    assert not [w for w in LIBRARY_WORDING if w in r.stderr], r.stderr
