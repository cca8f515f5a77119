"""A model's structured output is checked against the schema icraft asked for."""

from __future__ import annotations

import pytest

from icraft.providers.base import ProviderCallError
from icraft.providers.jsonschema import check, problems

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["rule", "severity", "start", "quotes"],
    "properties": {
        "rule": {"type": "string"},
        "severity": {"type": "string", "enum": ["low", "medium", "high"]},
        "start": {"type": "integer"},
        "quotes": {"type": "array", "items": {"type": "string"}},
    },
}
GOOD = {"rule": "missing_result", "severity": "high", "start": 3, "quotes": ["we shipped it"]}


def test_a_conforming_response_passes() -> None:
    assert problems(GOOD, SCHEMA) == []
    check(GOOD, SCHEMA)


def test_an_integral_float_is_an_integer() -> None:
    """JSON has one number type: 1.0 is an integer (a model or SDK may send it that way)."""
    assert problems({**GOOD, "start": 3.0}, SCHEMA) == []
    assert problems({**GOOD, "start": 3.5}, SCHEMA) == ["$.start should be integer, got float"]
    assert problems({**GOOD, "start": True}, SCHEMA) == ["$.start should be integer, got bool"]


def test_additional_properties_false_is_enforced() -> None:
    assert problems({**GOOD, "score": 97}, SCHEMA) == ["$ has unexpected key 'score'"]


def test_every_problem_is_worded_with_its_path() -> None:
    bad = {"rule": 7, "severity": "xml", "quotes": ["ok", 3]}
    found = problems(bad, SCHEMA)
    assert "$.start is missing" in found
    assert "$.rule should be string, got int" in found
    assert "$.severity should be one of ['low', 'medium', 'high']" in found
    assert "$.quotes[1] should be string, got int" in found
    assert not any("is not one of" in p or "Value error" in p for p in found)  # no library wording
    with pytest.raises(ProviderCallError, match=r"judge response does not match the requested schema: .*\(\+1 more\)"):
        check(bad, SCHEMA, where="judge response")
