"""The LLM hook: a model's versions are used only when they add no fact and re-lint at
least as high; gains are always icraft's re-lint. End to end against a fake
openai-compatible server on 127.0.0.1 (the real SDK path), and offline by default."""

from __future__ import annotations

import json
from pathlib import Path

from icraft import config
from icraft.rewrite import IDEAL, MEDIUM, MINIMAL, build_versions, new_facts
from icraft.rewrite.llm import check_versions, wanted
from icraft.rewrite.text import strip_placeholders
from icraft.rubric import lint_answer
from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network, server  # noqa: F401 (fixtures)

Q = "Tell me about a time you fixed a production issue."
WEAK = (
    "That's a great question, let me think. Um, so basically we had this service that was slow and we kind of "
    "fixed it by adding caching and I guess it was better after that. We also migrated to a new database which "
    "maybe helped a lot."
)
GOOD_REWRITE = (
    "We fixed a slow service by adding caching [your part: what did you do yourself?], and it was better after "
    "that [metric: by how much?]. We had this service that was slow. We also migrated to a new database, which "
    "helped."
)


def _result():  # type: ignore[no-untyped-def]
    return lint_answer(WEAK, question=Q, question_type="behavioral")


def test_model_versions_are_checked_and_fall_back() -> None:
    rule = build_versions(WEAK, _result(), question=Q)
    proposed = {
        MINIMAL: GOOD_REWRITE,
        MEDIUM: "We cut latency by 40% with Kafka.",  # invented facts: must be refused
        IDEAL: "",  # nothing: icraft's own version stays
    }
    vs = check_versions(WEAK, _result(), proposed, source="fake/model", question=Q)
    assert vs.source == "fake/model"
    minimal, medium, ideal = (vs.get(n) for n in (MINIMAL, MEDIUM, IDEAL))
    good = lint_answer(strip_placeholders(GOOD_REWRITE), question=Q, question_type="behavioral").score.overall
    assert good >= rule.get(MINIMAL).score  # the model's minimal is better here, so it is used
    assert minimal.text == GOOD_REWRITE and {e.kind for e in minimal.edits} == {"rewrite"}
    assert minimal.score == good
    assert minimal.delta.overall == good - vs.baseline.score.overall  # icraft's re-lint, not a claim
    assert "Kafka" not in medium.text and "40%" not in medium.text
    assert any("added facts not in your answer" in n and "Kafka" in n for n in vs.notes)
    assert any(n.startswith("ideal: the model returned nothing") for n in vs.notes)
    scores = [vs.baseline.score.overall, minimal.score, medium.score, ideal.score]
    assert scores == sorted(scores)
    for v in vs.versions:
        assert new_facts(vs.original, v.text) == []


def test_a_model_that_turns_we_into_i_is_refused() -> None:
    """"we fixed it" -> "I fixed it" claims what only the candidate knows."""
    claimed = GOOD_REWRITE.replace("We fixed", "I fixed").replace("We also migrated", "I also migrated")
    vs = check_versions(WEAK, _result(), {MINIMAL: claimed, MEDIUM: "", IDEAL: ""}, source="fake", question=Q)
    assert vs.get(MINIMAL).text != claimed
    assert any("added facts not in your answer" in n and "I fixed" in n and "I migrated" in n for n in vs.notes)


def test_a_lower_scoring_model_version_is_not_used() -> None:
    rule = build_versions(WEAK, _result(), question=Q)
    worse = WEAK + " Um, you know, I guess, maybe, it was kind of fine, sort of."
    vs = check_versions(WEAK, _result(), {MINIMAL: worse, MEDIUM: worse, IDEAL: worse}, source="fake", question=Q)
    assert [v.text for v in vs.versions] == [v.text for v in rule.versions]
    assert sum("using icraft's version" in n for n in vs.notes) == 3


def test_offline_by_default_means_no_model() -> None:
    assert not wanted()
    config.set_value("llm.provider", "openai-compatible")
    assert wanted()


def test_diff_uses_a_configured_model_end_to_end(cli, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.model", "llama3.2")
    config.set_value("llm.provider", "openai-compatible")
    server.push(O.completion(data={MINIMAL: GOOD_REWRITE, MEDIUM: "We cut latency by 40% with Kafka.",
                                   IDEAL: GOOD_REWRITE}))
    story = tmp_path / "story.txt"
    story.write_text(f"Interviewer: {Q}\nCandidate: {WEAK}\n", encoding="utf-8")
    r = cli("diff", str(story), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["written_by"].startswith("openai-compatible") and data["source"] == str(story)
    assert any("Kafka" in n for n in data["notes"])
    assert all("Kafka" not in v["text"] for v in data["versions"])
    for v in data["versions"]:
        relint = lint_answer(strip_placeholders(v["text"]), question=Q, question_type="behavioral")
        assert v["score"]["overall"] == relint.score.overall
    assert len(server.requests) == 1
    sent = json.dumps(server.requests[0].body)
    assert "we kind of fixed it" in sent  # the model saw the candidate's answer
    # the model failing falls back to the offline, rule-built versions (one notice on stderr)
    r2 = cli("diff", str(story), "--format", "json", env={"ICRAFT_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert r2.returncode == 0, r2.stderr
    assert json.loads(r2.stdout)["written_by"] == "rules"
    assert "switching to offline" in r2.stderr
