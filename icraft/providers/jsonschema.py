"""Check a model's structured output against the JSON schema icraft asked for.

A model's structured output is a claim like any other: before a caller sees it we
check its shape with the ``jsonschema`` library (Draft 2020-12: types, required keys,
enums, ``additionalProperties: false``, array items; ``1.0`` is an integer), and
word every problem in icraft's own voice with its JSON path.
"""

from __future__ import annotations

from typing import Any, Mapping

from icraft.providers.base import ProviderCallError


def _path(parts: Any) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _say(error: Any) -> str:
    """One problem as icraft words it (the library's own wording only as a last resort)."""
    where = _path(error.absolute_path)
    kind, want = error.validator, error.validator_value
    if kind == "required":
        missing = [k for k in want if isinstance(error.instance, dict) and k not in error.instance]
        return "; ".join(f"{where}.{k} is missing" for k in missing) or f"{where} lacks a required key"
    if kind == "type":
        names = [want] if isinstance(want, str) else list(want)
        return f"{where} should be {'/'.join(names)}, got {type(error.instance).__name__}"
    if kind == "enum":
        return f"{where} should be one of {list(want)}"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return f"{where} has unexpected key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}"
    return f"{where}: {error.message}"


def problems(value: Any, schema: Mapping[str, Any]) -> list[str]:
    """Every way ``value`` breaks ``schema`` (empty when it conforms), in document order."""
    import jsonschema  # loaded when a model's structured output is checked, not at start-up

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path])
    return [_say(e) for e in errors]


def check(value: Any, schema: Mapping[str, Any], *, where: str = "response") -> None:
    """Raise ProviderCallError (not retryable) when ``value`` does not match ``schema``."""
    found = problems(value, schema)
    if found:
        more = f" (+{len(found) - 3} more)" if len(found) > 3 else ""
        raise ProviderCallError(f"{where} does not match the requested schema: {'; '.join(found[:3])}{more}")
