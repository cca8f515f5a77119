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
    from rich.table import Table

    from icraft.cli.output import console

    table = Table(title=f"icraft rubric {rubric.version} ({len(rubric.rules)} rules)", title_justify="left")
    table.add_column("rule", style="bold", no_wrap=True)
    table.add_column("category")
    table.add_column("weight", justify="right")
    table.add_column("severity")
    table.add_column("applies to", style="dim")
    table.add_column("what it catches")
    for r in rubric.rules:
        applies = "all" if len(r.applies_to) == 5 else ", ".join(r.applies_to)
        table.add_row(r.id, r.category, f"{r.weight:g}", r.severity, applies, r.name + (" (timed)" if r.timed else ""))
    console().print(table)
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
        ("skills", ", ".join(rule.skills)),
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
