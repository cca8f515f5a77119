"""`icraft lint` and `icraft rules` as a user runs them (real subprocess, real DB)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, TRANSCRIPT_FIXTURES

EXAMPLE = str(REPO / "examples" / "mid_behavioral.txt")
STRONG = (
    "The clearest example is a checkout outage I fixed during our biggest sale last year. Our checkout page was "
    "timing out for about 30% of customers, and I was the on-call engineer that week. I pulled the traces and saw "
    "the inventory service was making one database call per item. I rewrote the lookup to batch all items into a "
    "single query and load-tested it before I shipped it. As a result, checkout errors fell from 30% to under 0.5% "
    "within an hour. What I learned is to read the traces before guessing."
)


def test_lint_example_human_output(cli) -> None:
    r = cli("lint", EXAMPLE, "--no-save")
    assert r.returncode == 0, r.stderr
    assert "Answer 1" in r.stdout and "Score" in r.stdout
    assert "missing_metrics" in r.stdout and "fix:" in r.stdout
    assert "went down a lot" in r.stdout  # the quote, cut from the answer
    assert r.stderr == ""  # no progress bar or notices when not a terminal


def test_json_is_versioned_documented_and_deterministic(cli) -> None:
    a = cli("lint", EXAMPLE, "--no-save", "--format", "json")
    b = cli("lint", EXAMPLE, "--no-save", "-f", "json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert doc["schema"] == "icraft.lint" and doc["schema_version"] == "1.4"
    assert doc["rubric_version"] and doc["errors"] == []
    report = doc["reports"][0]
    assert report["source"] == EXAMPLE and report["session_id"] is None
    answer = report["answers"][0]
    assert answer["question_type"] == "behavioral"
    assert answer["answer"] == 0 and answer["answer_number"] == 1  # 0-based index beside the 1-based number
    assert "missing_metrics" in answer["judged"]
    assert answer["score"]["rubric_version"] == doc["rubric_version"]
    finding = answer["findings"][0]
    assert {"rule_id", "category", "severity", "message", "fix", "spans", "points", "skills", "measurable"} <= set(
        finding
    )
    assert doc["summary"]["answers"] == 1 and doc["summary"]["min_score"] == answer["score"]["overall"]


def test_json_matches_the_published_schema(cli) -> None:
    schema = json.loads((REPO / "docs" / "lint-output.schema.json").read_text())
    doc = json.loads(cli("lint", str(TRANSCRIPT_FIXTURES), "--no-save", "-f", "json").stdout)
    _check(doc, schema, schema)


def _check(value, schema, root, path="$") -> None:  # a minimal JSON-schema walker (type/required/properties/items)
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    if "anyOf" in schema:
        errors = []
        for alt in schema["anyOf"]:
            try:
                _check(value, alt, root, path)
                return
            except AssertionError as e:
                errors.append(str(e))
        raise AssertionError(f"{path}: matches no alternative: {errors}")
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        py = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool,
              "null": type(None)}
        assert any(isinstance(value, py[n]) and not (n in ("integer", "number") and isinstance(value, bool))
                   for n in names), f"{path}: {value!r} is not {names}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{path}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _check(value[key], sub, root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(item, schema["items"], root, f"{path}[{i}]")
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"


def test_sarif_output(cli) -> None:
    r = cli("lint", EXAMPLE, "--no-save", "--format", "sarif")
    assert r.returncode == 0, r.stderr
    sarif = json.loads(r.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "no_star_structure" in rule_ids
    result = next(x for x in run["results"] if x["ruleId"] == "missing_metrics")
    assert rule_ids[result["ruleIndex"]] == "missing_metrics"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == EXAMPLE
    region = loc["region"]
    raw = Path(EXAMPLE).read_text()
    assert raw[region["charOffset"] : region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    assert region["startLine"] == 2


def test_fail_under_sets_exit_code(cli) -> None:
    assert cli("lint", EXAMPLE, "--no-save", "--fail-under", "99").returncode == 1
    assert cli("lint", EXAMPLE, "--no-save", "--fail-under", "10").returncode == 0


def test_stdin_typed_text(cli) -> None:
    r = cli("lint", "-", "--no-save", "-f", "json", "--question-type", "behavioral", input=STRONG)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    answer = doc["reports"][0]["answers"][0]
    assert doc["reports"][0]["source"] == "<stdin>"
    assert answer["score"]["overall"] >= 90
    assert [f["rule_id"] for f in answer["findings"] if f["measurable"]] == []


def test_rules_and_ignore_options(cli) -> None:
    r = cli("lint", EXAMPLE, "--no-save", "-f", "json", "--rules", "missing_metrics,vague_quantities")
    ids = {f["rule_id"] for f in json.loads(r.stdout)["reports"][0]["answers"][0]["findings"]}
    assert ids == {"missing_metrics", "vague_quantities"}
    r = cli("lint", EXAMPLE, "--no-save", "-f", "json", "--ignore", "missing_metrics", "--ignore", "pace")
    ids = {f["rule_id"] for f in json.loads(r.stdout)["reports"][0]["answers"][0]["findings"]}
    assert "missing_metrics" not in ids and "pace" not in ids and "vague_quantities" in ids


def test_bad_input_is_one_line_and_exit_2(cli, tmp_path: Path) -> None:
    cases = [
        (["lint", EXAMPLE, "--rules", "missing_metric"], "did you mean 'missing_metrics'"),
        (["lint", EXAMPLE, "--question-type", "trivia"], "unknown question type"),
        (["lint", str(tmp_path / "nope.json")], "no such file"),
        (["lint", EXAMPLE, "--from", "docx"], "unknown format"),
        (["rules", "missing_reslt"], "did you mean 'missing_result'"),
    ]
    for args, needle in cases:
        r = cli(*args, "--no-save") if args[0] == "lint" else cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert needle in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_batch_directory_continues_past_a_bad_file(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STRONG)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(Path(EXAMPLE).read_text())
    (tmp_path / "sub" / "broken.json").write_text("{not json")
    (tmp_path / "notes.pdf").write_text("ignored")
    r = cli("lint", str(tmp_path), "--no-save", "-f", "json")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert [Path(x["source"]).name for x in doc["reports"]] == ["a.txt", "b.txt"]
    assert len(doc["errors"]) == 1 and "broken.json" in doc["errors"][0]["source"]
    assert "broken.json" in r.stderr


def test_batch_continues_past_a_missing_file(cli, tmp_path: Path) -> None:
    """A missing file in a batch is one error of the batch, like an empty one: the
    other files are still linted and reported (docs/lint-output.md)."""
    (tmp_path / "a.txt").write_text(STRONG)
    (tmp_path / "empty.txt").write_text("")
    for bad in ("missing.txt", "empty.txt"):
        r = cli("lint", str(tmp_path / "a.txt"), str(tmp_path / bad), "--no-save", "--json")
        assert r.returncode == 2, (bad, r.stderr)
        doc = json.loads(r.stdout)
        assert [Path(x["source"]).name for x in doc["reports"]] == ["a.txt"], bad
        assert [Path(e["source"]).name for e in doc["errors"]] == [bad]
        assert bad in r.stderr and "Traceback" not in r.stderr
    r = cli("lint", str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"), "--no-save")
    assert r.returncode == 2 and "Answer 1" in r.stdout
    assert "1 of 2 files could not be linted" in r.stderr


def test_directory_skips_json_that_is_not_a_transcript(cli, tmp_path: Path) -> None:
    schema = REPO / "docs" / "lint-output.schema.json"
    (tmp_path / "a.txt").write_text(STRONG)
    (tmp_path / "lint-output.schema.json").write_text(schema.read_text())
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "nested" / "deeper" / "b.txt").write_text(Path(EXAMPLE).read_text())
    (tmp_path / "nested" / "settings.json").write_text('{"theme": "dark"}')
    (tmp_path / "nested" / "README.md").write_text("# notes, not a transcript")
    r = cli("lint", str(tmp_path), "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [Path(x["source"]).name for x in doc["reports"]] == ["a.txt", "b.txt"] and doc["errors"] == []
    assert all(x["session_id"] for x in doc["reports"])
    assert r.stderr.splitlines() == [
        "icraft: skipped 2 files that are not transcripts (JSON that is not icraft, Deepgram or Whisper output)",
        "icraft: saved 2 sessions (`icraft sessions` lists them; --no-save skips this)",
    ]
    # named explicitly, the same schema file still fails loudly
    r = cli("lint", str(schema), "--no-save")
    assert r.returncode == 2 and "not a transcript format" in r.stderr
    # a folder holding nothing but foreign JSON: one clear error, not success
    only = tmp_path / "nested"
    (only / "deeper" / "b.txt").unlink()
    r = cli("lint", str(only), "--no-save")
    assert r.returncode == 2 and r.stderr.splitlines()[-1].startswith("icraft: error:"), r.stderr
    assert "no transcripts found" in r.stderr


def test_results_are_saved_unless_no_save(cli, icraft_home: Path) -> None:
    r = cli("lint", str(TRANSCRIPT_FIXTURES / "interview_two_speakers.deepgram.json"), "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    sid = doc["reports"][0]["session_id"]
    assert sid
    from icraft.store import connect

    conn = connect()
    row = conn.execute("SELECT kind, status, score, rubric_version FROM sessions WHERE id = ?", (sid,)).fetchone()
    assert tuple(row) == ("lint", "completed", doc["reports"][0]["score"]["overall"], doc["rubric_version"])
    n = conn.execute("SELECT COUNT(*) FROM answer_scores WHERE session_id = ?", (sid,)).fetchone()[0]
    assert n == 2
    before = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    cli("lint", EXAMPLE, "--no-save")
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == before


def test_rules_command_lists_and_explains(cli) -> None:
    r = cli("rules")
    assert r.returncode == 0 and "no_star_structure" in r.stdout and "early_concession" in r.stdout
    doc = json.loads(cli("rules", "--json").stdout)
    assert len(doc["rules"]) >= 22 and doc["rubric_version"]
    one = json.loads(cli("rules", "no_ownership", "--json").stdout)["rule"]
    assert one["skills"] == ["ownership_signal"] and one["anti_pattern"] and one["best_practice"]
    human = cli("rules", "pace").stdout
    assert "anti-pattern" in human and "best practice" in human
    # A rule that lists no skill says so instead of an empty line.
    assert "none (it moves no skill" in cli("rules", "blames_others").stdout


@pytest.mark.parametrize("command", ["lint", "rules"])
def test_help_paragraphs_are_whole_and_end_with_examples(cli, command: str) -> None:
    from tests.test_help_examples import test_help_shows_examples_one_per_line

    test_help_shows_examples_one_per_line(cli, (command,))  # examples one per line, as for other commands
    # the command list shows the first paragraph as one flowing sentence, not cut where the source wrapped
    top = cli("--help", env={"COLUMNS": "250"}).stdout.splitlines()
    i = next(i for i, line in enumerate(top) if line.strip(" │").startswith(f"{command} "))
    first = "Lint answers against the rubric" if command == "lint" else "List the lint rules"
    assert first in top[i], top[i]
    # one row per command: the next line is the next command, not a wrapped tail of this one
    assert top[i + 1].strip(" │").split(" ", 1)[0].isalpha() and top[i + 1].startswith(top[i][: len(top[i]) - len(top[i].lstrip(" │"))])


def test_human_points_name_their_category_in_whole_points(cli) -> None:
    """"-25" alone read like 25 overall points; the label names the category it is lost
    from and rounds (10.5 -> 11, 29.97 -> 30), while the JSON keeps the exact float."""
    weak = str(REPO / "examples" / "weak_behavioral.txt")
    doc = json.loads(cli("lint", weak, "--no-save", "-f", "json").stdout)
    points = {f["rule_id"]: f["points"] for f in doc["reports"][0]["answers"][0]["findings"]}
    assert points["vague_quantities"] == 10.5 and points["hedging"] == 29.97
    out = cli("lint", weak, "--no-save", env={"COLUMNS": "200"}).stdout
    assert "missing_metrics  -25 depth  " in out
    assert "vague_quantities  -11 depth  " in out and "hedging  -30 communication  " in out
    assert "10.5" not in out and "29.97" not in out
    short = cli("lint", "-", "--no-save", input="Interviewer: Tell me about a conflict.\nCandidate: I fixed it.\n",
                env={"COLUMNS": "200"}).stdout
    assert re.search(r"too_short  -\d+ each category  ", short), short  # scope "answer": costs every category
