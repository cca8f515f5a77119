"""A small JSON-schema checker for model output (the subset icraft's schemas use).

A model's structured output is a claim like any other: before a caller sees it we
check its shape (types, required keys, enums, array items). The subset is what
OpenAI's strict json_schema mode accepts, so one schema serves both vendors.
"""

from __future__ import annotations

from typing import Any, Mapping

from icraft.providers.base import ProviderCallError

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def problems(value: Any, schema: Mapping[str, Any], path: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (empty when it conforms)."""
    out: list[str] = []
    want = schema.get("type")
    if want is not None:
        names = [want] if isinstance(want, str) else list(want)
        ok = any(
            isinstance(value, _TYPES[n]) and not (n in ("integer", "number") and isinstance(value, bool))
            for n in names
            if n in _TYPES
        )
        if not ok:
            return [f"{path} should be {'/'.join(names)}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path} should be one of {list(schema['enum'])}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                out.append(f"{path}.{key} is missing")
        for key, sub in props.items():
            if key in value:
                out.extend(problems(value[key], sub, f"{path}.{key}"))
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            out.extend(problems(item, schema["items"], f"{path}[{i}]"))
    return out


def check(value: Any, schema: Mapping[str, Any], *, where: str = "response") -> None:
    """Raise ProviderCallError (not retryable) when ``value`` does not match ``schema``."""
    found = problems(value, schema)
    if found:
        more = f" (+{len(found) - 3} more)" if len(found) > 3 else ""
        raise ProviderCallError(f"{where} does not match the requested schema: {'; '.join(found[:3])}{more}")
