"""The rubric as data: validation at load, coverage of the design's rules and skills,
and import hygiene of the engine packages."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError
from icraft.resources import rubrics_dir
from icraft.rubric import CATEGORIES, QUESTION_TYPES, load_rubric
from icraft.rubric.model import parse_rubric

DESIGN_RULES = (
    "no_star_structure", "missing_result", "result_not_specific", "missing_metrics", "no_tradeoff",
    "no_assumptions", "shallow_followup", "rambling", "filler_spike", "no_ownership", "no_scale_thinking",
    "no_stakeholder_mgmt", "no_mentoring_signal", "weak_anchor", "early_concession",
)
NEGOTIATION_SKILLS = {"anchoring", "value_articulation", "counter_strategy", "emotional_control"}


def _raw() -> dict:
    with (rubrics_dir() / "default.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_default_rubric_is_versioned_and_complete() -> None:
    rubric = load_rubric()
    assert rubric.version == _raw()["version"] and rubric.version.count(".") == 2
    assert set(DESIGN_RULES) <= set(rubric.ids())
    assert {"hedging", "no_answer_first", "vague_quantities", "no_reflection", "passive_voice", "repetition",
            "pace"} <= set(rubric.ids())
    assert rubric.categories == CATEGORIES
    for rule in rubric.rules:
        assert rule.message and rule.fix and rule.anti_pattern and rule.best_practice, rule.id
        assert 0 < rule.weight <= 100
    assert rubric.rule("weak_anchor").applies_to == ("negotiation",)
    assert rubric.rule("early_concession").applies_to == ("negotiation",)
    assert load_rubric() is rubric  # cached


def test_every_non_negotiation_skill_is_reachable_by_a_rule() -> None:
    with (rubrics_dir() / "skills.toml").open("rb") as fh:
        skills = {s["id"] for s in tomllib.load(fh)["skill"]}
    covered = {s for r in load_rubric().rules for s in r.skills}
    assert skills - NEGOTIATION_SKILLS <= covered, skills - NEGOTIATION_SKILLS - covered


def test_every_question_type_has_rules_and_weights() -> None:
    rubric = load_rubric()
    for qtype in QUESTION_TYPES:
        assert rubric.applicable(qtype), qtype
        assert sum(rubric.category_weights[qtype].values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rule"][0].__setitem__("skills", ["juggling"]), "unknown microskill"),
        (lambda d: d["rule"][0].__setitem__("category", "vibes"), "unknown category"),
        (lambda d: d["rule"][0].__setitem__("applies_to", ["trivia"]), "applies_to"),
        (lambda d: d["rule"][0].__setitem__("severity", "fatal"), "severity"),
        (lambda d: d["rule"][0].__setitem__("weight", "heavy"), "weight"),
        (lambda d: d["rule"][0].pop("fix"), "missing 'fix'"),
        (lambda d: d["rule"].append(dict(d["rule"][0])), "defined twice"),
        (lambda d: d["rule"][0].__setitem__("id", "no_such_detector"), "no detector"),
        (lambda d: d["scoring"]["category_weights"].pop("negotiation"), "category_weights.negotiation"),
        (lambda d: d.pop("version"), "missing 'version'"),
    ],
)
def test_invalid_rubrics_fail_loudly(mutate, message: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(InputError, match=message):
        parse_rubric(data, where="test.toml")


def test_rubric_file_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_rubric(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("version = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_rubric(bad)


def test_custom_rubric_changes_scores(tmp_path: Path) -> None:
    from icraft.rubric import lint_answer

    text = (rubrics_dir() / "default.toml").read_text()
    version = f'version = "{load_rubric().version}"'
    assert version in text
    heavier = text.replace(version, 'version = "test.1"').replace(
        'id = "missing_metrics"\nname = "Missing metrics"\ncategory = "depth"\nweight = 25',
        'id = "missing_metrics"\nname = "Missing metrics"\ncategory = "depth"\nweight = 60',
    )
    assert heavier != text
    path = tmp_path / "custom.toml"
    path.write_text(heavier)
    answer = (Path(__file__).parent.parent / "examples" / "mid_behavioral.txt").read_text().split("Candidate: ")[1]
    base = lint_answer(answer, question_type="behavioral")
    custom = lint_answer(answer, question_type="behavioral", rubric=load_rubric(path))
    assert custom.score.rubric_version == "test.1"
    assert custom.score.categories["depth"] < base.score.categories["depth"]


def test_engine_packages_import_nothing_heavy() -> None:
    code = (
        "import sys, icraft.rubric, icraft.delivery, icraft.rubric.report, icraft.practice.record\n"
        "icraft.rubric.lint_answer('I rewrote the query and cut latency by 40%.')\n"
        "bad = [m for m in ('rich', 'textual', 'numpy', 'anthropic', 'openai', 'deepgram', 'sounddevice', 'typer')"
        " if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_default_rubric_version_is_pinned() -> None:
    """Pinned on purpose (the one test that names the version): a change to weights,
    thresholds or a detector's meaning must bump it (docs/SCORING.md, "Versioning"), and
    this test makes the bump a conscious edit. 2026.11.3: STAR clauses carry an action
    and a result together, outcome words before the first action are setup, "got better"
    is a result, weak_anchor fires on no number at all, too_short under one point is not
    reported, comma-enclosed "like" is a filler, bare non-story text is technical, and
    no_ownership's detector change."""
    assert load_rubric().version == "2026.11.3"
