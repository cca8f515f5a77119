"""`icraft code`: live coding practice, problems run in the sandbox.

``icraft code [PROBLEM]`` starts a coding round (Textual, or ``--plain``); ``icraft code
list`` lists the problems; ``icraft code show ID`` prints one; ``icraft code run FILE
--problem ID`` judges a file for scripts (exit 1 when a test fails).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from icraft.cli import completion
from typer.core import TyperGroup

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

UnsafeOpt = Annotated[bool, typer.Option(
    "--unsafe-no-sandbox",
    help="Run the code with resource limits only, without the sandbox's isolation (prints a warning).")]
PlainOpt = Annotated[bool, typer.Option("--plain", help="Plain lines instead of the full-screen app: the code is a "
                                        "file path, or pasted lines ending with a line EOF.")]
ContinueOpt = Annotated[bool, typer.Option(
    "--continue", help="Continue an interrupted coding round (default: the latest in progress).")]
JsonReport = Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout once the round ends "
                                          "(the dialogue goes to stderr; the same as --format json).")]


class CodeGroup(TyperGroup):
    """`icraft code two-sum` is `icraft code practice two-sum`: a word that is not a
    subcommand is the problem to practise."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            return "practice", self.commands["practice"], args
        return super().resolve_command(ctx, args)


code_app = typer.Typer(cls=CodeGroup, invoke_without_command=True, add_completion=False, rich_markup_mode=None)


@code_app.callback(invoke_without_command=True)
def code(ctx: typer.Context, plain: PlainOpt = False, unsafe: UnsafeOpt = False, continue_: ContinueOpt = False,
         json_out: JsonReport = False, fmt: JsonFormat = None) -> None:
    """Practise live coding: explain your approach, write the code in the editor, run the examples (Ctrl+R), submit to the hidden tests (Ctrl+S), answer the follow-ups. Code runs in a sandbox (bubblewrap) as an unprivileged user, never on the host.

    The report shows each test's verdict, your time against the reference on large inputs, the complexity you stated against the reference's, code-quality findings and your explanation's findings, quoted. The coding microskills move from them. Say 'hint' for a hint (three levels), 'move on' to stop coding.

    \b
    Examples:
      icraft code
      icraft code two-sum
      icraft code lru-cache --plain
      icraft code list --topic graphs
      icraft code run solution.py --problem two-sum --json
    """  # noqa: E501
    json_out = wants_json(json_out, fmt)
    if ctx.invoked_subcommand is None:
        _practice(None, plain, unsafe, json_out, continue_)
    else:  # `icraft code --plain two-sum`: the group's options count for the round too
        ctx.obj = {"plain": plain, "unsafe": unsafe, "json": json_out, "continue": continue_}


@code_app.command("practice")
def practice(
    ctx: typer.Context,
    problem: Annotated[Optional[str], typer.Argument(
        help="The problem id (icraft code list); with --continue, the session to continue.", show_default=False,
        autocompletion=completion.problems)] = None,
    plain: PlainOpt = False,
    unsafe: UnsafeOpt = False,
    continue_: ContinueOpt = False,
    json_out: JsonReport = False,
    fmt: JsonFormat = None,
) -> None:
    """Start a coding round (the same as icraft code PROBLEM)."""
    group = ctx.obj or {}
    _practice(problem, plain or group.get("plain", False), unsafe or group.get("unsafe", False),
              wants_json(json_out, fmt) or group.get("json", False), continue_ or group.get("continue", False))


def _practice(problem_id: str | None, plain: bool, unsafe: bool, json_out: bool, continue_: bool = False) -> None:
    from icraft.cli.code_round import run_round

    if continue_:
        run_round(None, plain=plain, unsafe=unsafe, json_out=json_out, session_id=problem_id, resume=True)
    else:
        run_round(problem_id, plain=plain, unsafe=unsafe, json_out=json_out)


@code_app.command("list")
def list_problems(
    topic: Annotated[Optional[str], typer.Option("--topic", help="Only this topic.", show_default=False)] = None,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """List the problems: id, title, topic, difficulty.

    \b
    Examples:
      icraft code list
      icraft code list --topic graphs --json
    """
    from icraft.coding import bank
    from icraft.core.errors import InputError

    problems = list(bank.problems().values())
    if topic is not None:
        if topic not in bank.TOPICS:
            raise InputError(f"no topic '{topic}'", f"topics: {', '.join(bank.TOPICS)}")
        problems = [p for p in problems if p.topic == topic]
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"problems": [p.summary() for p in problems]})
        return
    from icraft.cli.output import Col, print_table

    # the title wraps in what the whole columns leave (never cut: README, "Tables never cut a value")
    print_table(f"{len(problems)} coding problems", [Col("id"), Col("title", wrap=True), Col("topic"),
                                                      Col("difficulty")],
                [[p.id, p.title, p.topic, p.difficulty] for p in problems], compact=True)


@code_app.command("show")
def show(
    problem: Annotated[str, typer.Argument(help="The problem id.", show_default=False,
                                           autocompletion=completion.problems)],
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Print a problem: statement, examples, starter code.

    \b
    Examples:
      icraft code show two-sum
    """
    from icraft.coding import bank
    p = bank.get(problem)
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({**p.summary(), "statement": p.statement, "constraints": list(p.constraints),
                    "examples": [{"name": t.name, "args": t.args, "expected": t.expected} for t in p.samples],
                    "starter": p.starter})
        return
    typer.echo(p.statement_text())
    typer.echo("\nStarter code:\n" + p.starter)


def _read_code(path: Path, *, solution: str = "") -> str:
    """A file (or - for stdin) as text; `solution` (the problem id) refuses an empty one."""
    from icraft.core.errors import InputError, NotFoundError

    if str(path) == "-":
        text = sys.stdin.read()
    elif not path.is_file():
        raise NotFoundError(f"no file {path}", "give the path of your solution's .py file, or - for stdin")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{path} is not UTF-8 text", "save the solution as a UTF-8 .py file") from None
    if solution and not text.strip():  # judged, it was a runtime error in every test
        where = "stdin" if str(path) == "-" else f"the file {path}"
        raise InputError(f"{where} is empty: there is no solution to run",
                         f"write your solution in it; `icraft code show {solution}` prints the starter code")
    return text


@code_app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Your solution (.py), or - for stdin.", show_default=False)],
    problem: Annotated[str, typer.Option("--problem", "-p", help="The problem id (icraft code list).",
                                         show_default=False)],
    samples: Annotated[bool, typer.Option("--samples", help="Run only the sample tests.")] = False,
    explanation: Annotated[Optional[Path], typer.Option(
        "--explanation", help="A text file with your explanation of the approach, linted and scored too.",
        show_default=False)] = None,
    unsafe: UnsafeOpt = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Judge a solution file; exit 1 unless all tests pass.

    JSON: {"verdict", "tests": [{"name", "verdict", "time_ms"}], "score", "quality", ...}.

    \b
    Examples:
      icraft code run solution.py --problem two-sum
      icraft code run solution.py --problem two-sum --json
      icraft code run solution.py -p lru-cache --samples
    """
    from icraft.coding import bank, judge, quality, scoring
    from icraft.core.errors import ExitCode

    p = bank.get(problem)
    code_text = _read_code(file, solution=p.id)
    text = _read_code(explanation) if explanation is not None else ""
    if unsafe:
        from icraft.cli.output import notice
        from icraft.sandbox.runner import UNSAFE_BANNER

        notice(UNSAFE_BANNER)
    verdicts = judge.judge(p, code_text, judge.SAMPLES if samples else judge.HIDDEN, unsafe=unsafe)
    checks = quality.check(code_text)
    lint = scoring.lint_explanation(text, p)
    result = scoring.score(p, verdicts, checks, lint, text)
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({**verdicts.to_dict(), "score": result.to_dict(), "quality": checks.to_dict(),
                    "explanation": lint.to_dict() if lint is not None else None,
                    "reference_complexity": {"time": p.time_complexity, "space": p.space_complexity}})
    else:
        from icraft.coding.report import render_run

        typer.echo(render_run(p, verdicts, result, checks, lint, text))
    if verdicts.verdict != "passed":
        raise typer.Exit(int(ExitCode.FINDINGS))


def register(app: typer.Typer) -> None:
    app.add_typer(code_app, name="code", short_help="Practise live coding; your code runs in a sandbox.")
