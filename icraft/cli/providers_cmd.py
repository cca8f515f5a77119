"""`icraft providers [--json] [--check]`: what can icraft use, and is it ready?"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

CheckFlag = Annotated[
    bool,
    typer.Option("--check", help="Also send each configured provider a short, free request (3 s timeout)."),
]


# Providers that need something installed on this machine besides a key: (kind, id) ->
# "module:function", a cheap check (no import of the library itself) that raises a
# DependencyError naming the install command.
MACHINE_CHECKS: dict[tuple[str, str], str] = {
    ("stt", "local"): "icraft.providers.stt.local:check_installed",  # faster-whisper, the local-stt extra
    ("tts", "local"): "icraft.providers.tts.local:espeak_path",  # the espeak-ng program
}


def _machine_check(kind: str, pid: str) -> None:
    target = MACHINE_CHECKS.get((kind, pid))
    if target is not None:
        import importlib

        module, _, func = target.partition(":")
        getattr(importlib.import_module(module), func)()


def _status(check: bool) -> dict[str, Any]:
    from icraft import config
    from icraft.core.errors import DependencyError, ProviderError
    from icraft.providers import keys, registry
    from icraft.providers.fallback import configured_chain

    chain = configured_chain()
    cfg = config.load()
    selected = {"llm": [registry.split_id(n)[0] for n in chain],
                "stt": [registry.split_id(cfg["stt.provider"])[0]],
                "tts": [registry.split_id(n)[0] for n in [cfg["tts.provider"], *cfg["tts.fallback"]]]}
    rows = []
    for spec in registry.specs():
        key_name = registry.key_name_for(spec)
        key = keys.info(key_name) if key_name else None
        ready, why, hint = True, "ready", None
        llm = None
        try:
            if spec.kind == "llm":
                llm = registry.get_llm(spec.id)
            elif key_name and spec.key_required:
                keys.require(key_name, provider=spec.id)
            if spec.plugin is None:
                _machine_check(spec.kind, spec.id)
        except (ProviderError, DependencyError) as e:
            ready, why, hint = False, e.message, e.hint
        reachable: str | None = None
        if check:
            if spec.kind != "llm":
                reachable = "no check for speech providers"
            elif llm is None:
                reachable = "skipped (not ready)"
            else:
                try:
                    reachable = llm.check(timeout=3.0)
                except ProviderError as e:
                    reachable = "no: " + e.message.removeprefix(f"{spec.id}: ")
        opts = registry.options_for(spec) if spec.kind == "llm" else None
        rows.append(
            {
                "id": spec.id,
                "kind": spec.kind,
                "capabilities": sorted(spec.capabilities),
                "description": spec.description,
                "model": (opts.model if opts else "") or spec.default_model,
                "in_chain": spec.id in selected[spec.kind],
                "ready": ready,
                "status": why,
                "hint": hint,
                "key_name": key_name,
                "key_required": spec.key_required,
                "key_source": key.source if key else None,
                "key_fingerprint": key.fingerprint if key else None,
                "reachable": reachable,
                "plugin": spec.plugin,
                "options": spec.options.describe() if hasattr(spec.options, "describe") else [],
            }
        )
    return {
        "provider": config.get("llm.provider"),
        "chain": chain,
        "providers": rows,
        "plugin_errors": registry.plugin_errors(),
    }


def providers(json_out: JsonFlag = False, check: CheckFlag = False, fmt: JsonFormat = None) -> None:
    """List the providers (built-in and plug-ins) with capabilities, key and readiness.

    The chain line shows the order icraft tries them in (llm.provider, llm.fallback, then offline, which means icraft's own rule-based code).

    \b
    Examples:
      icraft providers
      icraft providers --check   # one small request each
      icraft providers --json

    With --check, the exit status is 3 when a provider of the chain cannot be reached.
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    json_out = wants_json(json_out, fmt)
    data = _status(check)
    if json_out:
        from icraft.cli.output import print_json

        print_json(data)
    else:
        _render(data, check)
    down = [r for r in data["providers"] if r["in_chain"] and _unreachable(r["reachable"])]
    if down:  # the report is out; the exit status tells a script the chain is broken
        from icraft.core.errors import ProviderError

        what = "; ".join(f"{r['id']}: {r['reachable'].removeprefix('no: ')}" for r in down)
        raise ProviderError(f"cannot reach the configured {'provider' if len(down) == 1 else 'providers'} ({what})",
                            "meanwhile icraft falls back to the next one in the chain")


def _unreachable(reachable: str | None) -> bool:
    """A --check result that means the provider cannot be used now."""
    return reachable is not None and reachable.startswith(("no:", "skipped"))


def _render(data: dict[str, Any], check: bool) -> None:
    from rich.markup import escape

    from icraft.cli.output import Col, console, notice, print_table

    c = console()
    # Names stay whole; the free text wraps between words. Capabilities go first when the
    # terminal is narrow, then the model (both are in --json and rarely decide anything).
    cols = [Col("id"), Col("kind"), Col("capabilities", wrap=True, min_width=12, drop=1),
            Col("model", drop=2), Col("key", wrap=True, min_width=8), Col("status", wrap=True),
            *([Col("reachable", wrap=True, min_width=10)] if check else [])]
    rows = []
    for r in data["providers"]:
        if r["key_name"] is None:
            key = "not needed"
        elif r["key_source"]:
            key = r["key_source"]
        else:
            key = "missing" + ("" if r["key_required"] else " (optional)")
        if r["key_name"] not in (None, r["id"]):  # say which key when it is not named after the provider
            key = f"{r['key_name']}: {key}"
        cells = [
            ("* " if r["in_chain"] else "") + r["id"] + (f" [{r['plugin']}]" if r["plugin"] else ""),
            r["kind"],
            ", ".join(c for c in r["capabilities"] if c != r["kind"]),
            r["model"] or "-",
            key,
            _short_status(r["id"], r["status"]),
        ]
        if check:
            cells.append(r["reachable"] or "")
        rows.append([escape(cell) for cell in cells])
    print_table("providers  (chain: " + " -> ".join(data["chain"]) + ")", cols, rows, bold_first=False)
    hints: dict[str, list[str]] = {}
    for r in data["providers"]:
        if not r["hint"]:
            continue
        # "local" is an STT and a TTS provider with different needs: say which one
        other = any(o["id"] == r["id"] and o["hint"] != r["hint"] for o in data["providers"])
        label = f"{r['id']} ({r['kind']})" if other else r["id"]
        if label not in hints.setdefault(r["hint"], []):
            hints[r["hint"]].append(label)
    for hint, ids in hints.items():
        # soft_wrap: a long command is never broken with a newline, so it can be copied whole
        c.print(f"  {', '.join(ids)}: {hint}", markup=False, highlight=False, soft_wrap=True)
    for err in data["plugin_errors"]:
        notice(f"warning: {err}")


def _short_status(pid: str, status: str) -> str:
    """The status without the provider's name, which is already in the row."""
    if status == f"no API key for {pid}":
        return "no API key"
    return status[len(pid) + 1:] if status.startswith(pid + " ") else status


def register(app: typer.Typer) -> None:
    app.command(
        "providers", short_help="List the model and speech providers, and which are ready."
    )(providers)
