"""`icraft lint DIR --fail-under N` ends its human output with one summary line: files,
answers, how many are under N; the same counts as the JSON summary."""

from __future__ import annotations

import json

WEAK = "Q: Tell me about a time you led a project.\nA: Um, we kind of did stuff and it was fine I guess.\n"
STRONG = (
    "Q: Tell me about a time you improved performance.\n"
    "A: Last year our checkout page took 4 seconds to load and conversion was dropping. "
    "I was asked to fix it within one quarter. I profiled the page, found three blocking "
    "scripts and moved them behind a feature flag, then I added caching for the product API. "
    "As a result load time fell to 1.2 seconds and conversion rose by 8 percent.\n"
)


def test_batch_with_fail_under_prints_one_summary_line(cli, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "weak.txt").write_text(WEAK)
    (folder / "strong.txt").write_text(STRONG)
    data = json.loads(cli("lint", str(folder), "--json", "--fail-under", "60", "--no-save").stdout)["summary"]
    assert data["files"] == 2 and data["below_threshold"] >= 1  # the weak answer is under 60

    r = cli("lint", str(folder), "--fail-under", "60", "--no-save", env={"NO_COLOR": "1"})
    assert r.returncode == 1, r.stderr
    last = r.stdout.rstrip().splitlines()[-1]
    expected = (f"2 files · {data['answers']} answers · {data['below_threshold']} under 60 · "
                f"lowest {data['min_score']}, mean {data['mean_score']:g}")
    assert last == expected


def test_one_file_without_fail_under_has_no_summary_line(cli, tmp_path):
    answer = tmp_path / "a.txt"
    answer.write_text(STRONG)
    r = cli("lint", str(answer), "--no-save", env={"NO_COLOR": "1"})
    assert r.returncode == 0, r.stderr
    assert " under " not in r.stdout and "1 file ·" not in r.stdout
    with_threshold = cli("lint", str(answer), "--no-save", "--fail-under", "10", env={"NO_COLOR": "1"})
    assert with_threshold.stdout.rstrip().splitlines()[-1].startswith("1 file · 1 answer · 0 under 10 · lowest ")
