"""`icraft diff` end to end in a subprocess: files, session ids, JSON contract, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from icraft.rewrite.text import strip_placeholders
from icraft.rubric import lint_answer, load_rubric

from .conftest import TRANSCRIPT_FIXTURES

STORY = (
    "Interviewer: Tell me about a time you fixed a production issue.\n"
    "Candidate: That's a great question, let me think. Um, so basically we had this service that was slow and "
    "we kind of fixed it by adding caching and I guess it was better after that. We also migrated to a new "
    "database which maybe helped a lot.\n"
    "Interviewer: How would you design a URL shortener?\n"
    "Candidate: I would use a hash of the URL as the key and store it in a table, because reads dominate. "
    "I'd put a cache in front and shard by key when one node is not enough, trading some consistency for "
    "latency. At ten thousand reads per second a few replicas are enough.\n"
)


def _story(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def test_json_contract_and_gains_are_real(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("diff", str(_story(tmp_path)), "--answer", "1", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["answer"] == 0 and data["answer_number"] == 1  # "answer" is 0-based, as in `icraft lint`
    assert [v["name"] for v in data["versions"]] == ["minimal", "medium", "ideal"]
    base = lint_answer(data["original"], question=data["question"], question_type=data["question_type"])
    assert data["original_score"]["overall"] == base.score.overall
    scores = [base.score.overall]
    for v in data["versions"]:
        relint = lint_answer(strip_placeholders(v["text"]), question=data["question"],
                             question_type=data["question_type"])
        assert v["score"]["overall"] == relint.score.overall
        assert v["gain"] == relint.score.overall - base.score.overall
        assert {"kind", "before", "after", "reason", "rule"} <= set(v["edits"][0])
        assert set(v["rules_fixed"]) <= set(data["original_findings"])
        scores.append(v["score"]["overall"])
        assert "".join(c["text"] for c in v["diff"] if c["op"] != "delete")
    assert scores == sorted(scores)
    minimal = data["versions"][0]
    assert "filler_spike" in minimal["rules_fixed"] and minimal["gain"] > 0
    ideal = data["versions"][2]
    labels = {p["label"] for p in ideal["placeholders"]}
    assert {"your decision", "trade-off"} <= labels


def test_human_output_shows_diff_gains_and_placeholders(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("diff", str(_story(tmp_path)), "--answer", "1")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for title in ("minimal patch", "medium rewrite", "ideal answer"):
        assert title in out
    # no colour in a pipe: git word-diff markers
    assert re.search(r"\[-[^\]]*Um, so basically we-\] \{\+We\+\}", out)  # "we" -> "We" is shown too
    flat = " ".join(out.split())  # the terminal wraps lines
    assert "we [-kind of-] fixed it" in flat and ". [your part: what did you do yourself?]+}" in flat
    assert "I fixed" not in out  # never claims the candidate did what the team did
    assert "[+filler_spike -> +" in out
    assert "fill in:" in out and "[trade-off: what else did you consider?]" in out
    assert "once [your part] is filled" in flat


def test_second_answer_and_a_stored_session(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("diff", str(_story(tmp_path)), "--format", "json")  # default: the lowest-scoring answer
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    turns = [part.split("Candidate: ") for part in STORY.split("Interviewer: ")[1:]]
    lows = [lint_answer(a.strip(), question=q.strip(), question_type=t).score.overall
            for (q, a), t in zip(turns, ("behavioral", "system-design"))]
    assert data["answer_number"] == 1 + lows.index(min(lows))
    assert data["question_type"] == ("behavioral", "system-design")[data["answer"]]
    # a session id works where a file does (saved here through rewind, which stores files first)
    saved = cli("rewind", str(_story(tmp_path)), "--answer", "1", "--json", input="I fixed it.\n")
    assert saved.returncode == 0, saved.stderr
    sid = json.loads(saved.stdout)["session_id"]
    r2 = cli("diff", sid, "--answer", "1", "--format", "json")
    assert r2.returncode == 0, r2.stderr
    from_session = json.loads(r2.stdout)
    assert from_session["original"].startswith("That's a great question")
    from_file = json.loads(cli("diff", str(_story(tmp_path)), "--answer", "1", "-f", "json").stdout)
    assert from_session["versions"] == from_file["versions"]  # same answer, same versions, same gains


def test_shared_fixture_formats(cli) -> None:  # type: ignore[no-untyped-def]
    from icraft.cli.diff_cmd import load_answer

    path = TRANSCRIPT_FIXTURES / "mid_behavioral.deepgram.json"
    r = cli("diff", str(path), "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    # a recording's lint may differ from the text re-lint the gains are measured against;
    # exactly then one note gives both scores
    recorded = load_answer(str(path), None, None)[3].score.overall
    as_text = data["original_score"]["overall"]
    assert data["notes"] == ([] if recorded == as_text else [
        f"gains are measured against the answer re-linted as text ({as_text}); "
        f"the recorded lint scored {recorded} with timing rules"])
    assert data["versions"][2]["placeholders"]


def test_bad_input_is_one_line_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = str(_story(tmp_path))
    for args in (
        ("diff", story, "--answer", "9"),
        ("diff", story, "--answer", "0"),
        ("diff", "no-such-session"),
        ("diff", str(tmp_path / "missing.json")),
    ):
        r = cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("icraft: error:")
        assert "Traceback" not in r.stderr
    assert "answer 9 does not exist" in cli("diff", story, "--answer", "9").stderr


# A vague story of one-clause sentences: nothing to split or reorder. (Its first telling, "we had a
# project and we decided to do something...", is split into its situation and action since rubric
# 2026.12.34: the split no longer cost the point that a "we" action's count did, so it is kept.)
WEAK = (
    "Interviewer: Tell me about a time you had to make an unpopular decision.\n"
    "Candidate: Um, so basically we had a project that people didn't really like. We kind of talked about it. "
    "In the end it was fine I think. The team was ok with it eventually and things worked out.\n"
)
STRONG = (
    "Interviewer: Tell me about a time you had to say no to a request from a senior leader.\n"
    "Candidate: In 2024 our VP of Sales asked me to promise a custom SSO integration for a prospect within two "
    "weeks. I was the backend lead and I said no to the two week date because it would have pulled three "
    "engineers off a PCI audit fix. I met him the same day, showed the audit deadline and the risk of a 50 "
    "thousand dollar fine, and offered a scoped alternative: SAML only in four weeks. He agreed, the prospect "
    "signed a 400 thousand dollar contract, and we passed the audit with zero findings. I learned to come with "
    "an alternative instead of a bare no.\n"
)


RUN_ON = (
    "Interviewer: Tell me about a time you improved a process.\n"
    "Candidate: So our deploys were slow and the team was annoyed and I looked into it and I found that the test "
    "suite ran serially and I split it into shards and the deploys got faster and everyone was happier about it "
    "and we shipped more often after that.\n"
)


def _diff_both(cli, tmp_path: Path, text: str) -> tuple[dict, str, list[str]]:  # type: ignore[no-untyped-def,type-arg]
    """The JSON and human outputs of `diff` on ``text``, and the human output's "does:" lines,
    after the checks every answer's output must pass: each headline gives the gain now and
    the score once filled, and the pending line says what the figure is."""
    p = tmp_path / "answer.txt"
    p.write_text(text, encoding="utf-8")
    data = json.loads(cli("diff", str(p), "--format", "json").stdout)
    r = cli("diff", str(p))
    assert r.returncode == 0, r.stderr
    flat = " ".join(r.stdout.split())
    for v in data["versions"]:
        now = f"{v['title']} {data['original_score']['overall']} -> {v['score']['overall']} ({v['gain']:+d} now, "
        assert now + f"{v['score_when_filled']} once filled)" in flat
        assert f"(score with every placeholder filled: {v['score_when_filled']}/100)" in flat
    assert "(once filled:" not in flat
    assert [x["kind"] for x in data["versions"]] == ["patch", "restructure", "model answer"]
    does = re.findall(r"^does[^:]*: (.*)$", r.stdout, re.M)
    assert len(set(does)) == len(does) and does[0].startswith("patch") and does[-1].startswith("model answer"), does
    return data, r.stdout, does


def test_headline_says_the_gain_now_and_the_score_once_filled(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A new user read "56 -> 64 (+8)" three times and "(once filled: 29)" as a score below
    the current one: each headline gives the gain now and the score once filled, and a
    "does:" line tells the versions apart. A vague story with nothing to reorder or split:
    the restructure says why it is the patch's text instead of a "does:" line."""
    data, out, does = _diff_both(cli, tmp_path, WEAK)
    v = data["versions"]
    assert v[1]["text"] == v[0]["text"] and len(does) == 2, does
    assert "same text as the minimal patch: nothing to restructure" in out
    assert v[2]["score_when_filled"] > v[0]["score_when_filled"]
    assert "where each goes: " in out and "lesson ([lesson])" in out


def test_a_restructure_that_differs_says_what_it_did(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A run-on story: the restructure splits it and opens with the answer, and its
    "does:" line says so; the three versions differ and each scores at least the last."""
    data, out, does = _diff_both(cli, tmp_path, RUN_ON)
    v = data["versions"]
    assert len({x["text"] for x in v}) == 3 and len(does) == 3, does
    assert does[1].startswith("restructure") and "splits run-on sentences" in does[1], does
    # a restructure that moves no rule would say "scores the same as the minimal patch"
    assert "scores the same as the minimal patch" not in does[1]
    assert (v[1]["score"]["overall"], v[1]["score_when_filled"]) != (v[0]["score"]["overall"], v[0]["score_when_filled"])
    assert "same text as the minimal patch" not in out
    filled = [x["score_when_filled"] for x in v]
    assert filled == sorted(filled), filled


def test_strong_answer_says_nothing_to_fix(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "strong.txt"
    p.write_text(STRONG, encoding="utf-8")
    r = cli("diff", str(p))
    assert r.returncode == 0, r.stderr
    assert "nothing to fix" in r.stdout and f"{round(load_rubric().top)}/100" in r.stdout
    for title in ("minimal patch", "medium rewrite", "ideal answer", "(+0)", "[task:"):
        assert title not in r.stdout
    data = json.loads(cli("diff", str(p), "--format", "json").stdout)
    assert data["nothing_to_fix"] is True and data["versions"] == []


def test_small_talk_is_not_judged_so_there_is_nothing_to_rewrite(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A trial's small-talk file: lint says "Not judged: small talk"; diff stopped with
    "unknown question type 'small-talk'" (exit 2)."""
    p = tmp_path / "hello.txt"
    p.write_text("Interviewer: Hi, how are you today?\nCandidate: Good, thanks! Excited to be here.\n",
                 encoding="utf-8")
    r = cli("diff", str(p))
    assert r.returncode == 0, r.stderr
    assert "not judged: small talk" in r.stdout and "nothing to rewrite" in r.stdout
    data = json.loads(cli("diff", str(p), "--format", "json").stdout)
    assert data["question_type"] == "small-talk" and data["not_judged"].startswith("small talk")
    assert data["nothing_to_fix"] is True and data["versions"] == []
