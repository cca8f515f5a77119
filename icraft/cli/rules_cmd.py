"""`icraft rules [RULE_ID]`: the rubric's rules with their docs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

if TYPE_CHECKING:
    from icraft.rubric.model import Rule


def rules(
    rule_id: Annotated[Optional[str], typer.Argument(help="Show one rule in full.", show_default=False)] = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
    rubric_path: Annotated[
        Optional[Path], typer.Option("--rubric", help="A rubric TOML file instead of the built-in one.")
    ] = None,
) -> None:
    """List the lint rules (id, category, weight, where they apply), or one rule's docs: message, fix, anti-pattern, best practice, and the microskills it moves.

    A rule's weight is what it costs its category when it fires (docs/SCORING.md); `icraft lint --rules/--ignore` take these ids.

    \b
    Examples:
      icraft rules
      icraft rules missing_metrics
      icraft rules --json
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.rubric import load_rubric

    json_out = wants_json(json_out, fmt)
    rubric = load_rubric(rubric_path)
    if rule_id is not None:
        rule = rubric.rule(rule_id)  # NotFoundError with a did-you-mean
        if json_out:
            from icraft.cli.output import print_json

            print_json({"rubric_version": rubric.version, "rule": rule.to_dict()})
            return
        _render_rule(rule)
        return
    if json_out:
        from icraft.cli.output import print_json

        print_json({"rubric_version": rubric.version, "rules": [r.to_dict() for r in rubric.rules]})
        return
    from rich.markup import escape

    from icraft.cli.output import Col, console, print_table

    cols = [Col("rule"), Col("category"), Col("weight", justify="right"), Col("severity"),
            Col("applies to", style="dim", wrap=True, min_width=10, drop=1), Col("what it catches", wrap=True)]
    rows = [[r.id, r.category, f"{r.weight:g}", r.severity,
             "all" if len(r.applies_to) == 5 else ", ".join(r.applies_to),
             escape(r.name + (" (timed)" if r.timed else ""))] for r in rubric.rules]
    print_table(f"icraft rubric {rubric.version} ({len(rubric.rules)} rules)", cols, rows)
    console().print("Details: icraft rules RULE_ID", style="dim")


def _render_rule(rule: Rule) -> None:
    from rich.text import Text

    from icraft.cli.output import console

    out = console()
    head = Text(rule.id, style="bold")
    head.append(f"  {rule.name}", style="")
    out.print(head)
    rows = [
        ("category", rule.category + ("; its points cost every category that applies" if rule.scope == "answer" else "")),
        ("weight", f"{rule.weight:g} ({rule.severity})"),
        ("applies to", ", ".join(rule.applies_to)),
        ("skills", ", ".join(rule.skills) or "none (it moves no skill in the skill graph)"),
        ("timed", "yes: uses word timings when present" if rule.timed else "no"),
        ("message", rule.message),
        ("fix", rule.fix),
        ("anti-pattern", rule.anti_pattern),
        ("best practice", rule.best_practice),
    ]
    if rule.params:
        rows.append(("thresholds", ", ".join(f"{k}={v}" for k, v in rule.params.items())))
    for k, v in rows:
        line = Text(f"  {k:<14}", style="dim")
        line.append(v)
        out.print(line)


def register(app: typer.Typer) -> None:
    app.command("rules", short_help="List the lint rules, or show one rule's documentation.")(rules)
