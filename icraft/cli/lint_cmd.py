"""`icraft lint FILE...`: lint transcripts against the rubric, with evidence, and score them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, Sequence

import typer

from icraft.cli import completion

from icraft.cli.options import JsonFlag, NoSave, output_format
from icraft.fmt import count as plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from icraft.cli.output import Batched

    from icraft.core.findings import AnswerResult, Finding, Span
    from icraft.rubric.model import Rubric
    from icraft.rubric.report import LintedFile

# Files picked up when a directory is given (anything else in it is skipped). Not ".md":
# a folder of transcripts often holds a README, and Markdown would lint as an answer.
LINTABLE_SUFFIXES = (".json", ".vtt", ".srt", ".txt", ".text")


class LintFormat(str, Enum):
    human = "human"
    json = "json"
    sarif = "sarif"


def _split_ids(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def _expand(p: str) -> list[tuple[str, bool]]:
    """The files one argument names, or the one-line error saying why it names none."""
    from icraft.core.errors import InputError, NotFoundError

    if p == "-":
        return [(p, False)]
    path = Path(p)
    if path.is_dir():
        found = sorted(
            f
            for f in path.rglob("*")
            if f.is_file()
            and f.suffix.lower() in LINTABLE_SUFFIXES
            and not any(part.startswith(".") for part in f.relative_to(path).parts)
        )
        if not found:
            raise InputError(f"{p}: no transcript files in this directory", f"expected {', '.join(LINTABLE_SUFFIXES)}")
        return [(str(f), True) for f in found]
    if path.exists():
        return [(p, False)]
    raise NotFoundError(f"{p}: no such file or directory")


def lint(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Transcript files or directories (json, deepgram, openai, vtt, srt, text); '-' reads stdin.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Optional[LintFormat],
        typer.Option("--format", "-f", help="human (rich, the default), json (docs/lint-output.md) or sarif (2.1.0).",
                     case_sensitive=False, show_default=False),
    ] = None,
    json_out: JsonFlag = False,
    fail_under: Annotated[
        Optional[int],
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 when any answer scores below N (for CI)."),
    ] = None,
    question_type: Annotated[
        Optional[str],
        typer.Option(
            "--question-type",
            "-t",
            help="behavioral, system-design, coding-discussion, technical or negotiation "
            "(default: the transcript's metadata, else inferred per answer).",
            autocompletion=completion.question_types,
        ),
    ] = None,
    rules: Annotated[
        Optional[list[str]],
        typer.Option("--rules", help="Only these rule ids (comma-separated or repeated); see `icraft rules`."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", help="Skip these rule ids (comma-separated or repeated).")
    ] = None,
    from_fmt: Annotated[
        Optional[str],
        typer.Option("--from", help="Input format instead of detecting it: json, deepgram, openai, vtt, srt, text.",
                     autocompletion=completion.formats),
    ] = None,
    rubric_path: Annotated[
        Optional[Path], typer.Option("--rubric", help="A rubric TOML file instead of the built-in one.")
    ] = None,
    judge: Annotated[
        Optional[str],
        typer.Option(
            "--judge",
            help="Also let an LLM provider (anthropic, openai, openai-compatible[:model]) propose depth "
            "findings; code checks every span and quote and still computes the score (docs/PROVIDERS.md). "
            "If the provider fails, the rules-only result is kept.",
        ),
    ] = None,
    no_save: NoSave = False,
) -> None:
    """Lint answers against the rubric: each finding quotes your own words and says how to fix it; scores are computed from the rubric's weights (docs/SCORING.md).

    A directory is searched recursively for transcript files (.json, .vtt, .srt, .txt, .text); JSON files there that are not transcripts are skipped with a notice.

    \b
    Examples:
      icraft lint answer.txt
      icraft lint interview.deepgram.json -f json
      icraft lint transcripts/ --fail-under 70 --no-save
      pbpaste | icraft lint -
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.core.errors import ExitCode, IcraftError, InputError
    from icraft.rubric import load_rubric
    from icraft.rubric.engine import check_question_type, select_rules

    fmt = output_format(json_out, fmt, LintFormat.human)
    rubric = load_rubric(rubric_path)
    check_question_type(question_type)
    rule_ids = _split_ids(rules)
    ignore_ids = _split_ids(ignore)
    select_rules(rubric, rule_ids, ignore_ids)  # typos fail before any file is read
    if from_fmt is not None:
        from icraft.formats import normalize_format

        from_fmt = normalize_format(from_fmt)
    chain = _judge_chain(judge) if judge else None
    from icraft.cli.output import notice

    # A missing file or an empty folder in a batch is one error of the batch, listed like
    # an unreadable file; the other files are still linted (docs/lint-output.md).
    sources: list[tuple[str, bool]] = []
    errors: list[dict[str, str]] = []
    for given in files:
        try:
            sources.extend(_expand(given))
        except IcraftError as e:
            if len(files) == 1:
                raise
            errors.append({"source": given, "error": str(e)})
            notice(f"icraft: error: {e}")
    paths = [p for p, _ in sources]
    if paths.count("-") > 1:
        raise InputError("stdin ('-') can be given only once")
    batch = len(paths) + len(errors) > 1

    linted: list[LintedFile] = []
    skipped = 0
    progress = _progress(len(paths))
    try:
        for path, in_dir in sources:
            try:
                linted.append(
                    _lint_path(path, from_fmt, rubric, question_type, rule_ids, ignore_ids, fmt is LintFormat.sarif,
                               chain)
                )
            except IcraftError as e:
                if in_dir and _is_foreign_json(path):  # e.g. a docs/*.schema.json next to the transcripts
                    skipped += 1
                    continue
                if not batch:
                    raise
                errors.append({"source": path, "error": str(e)})
                notice(f"icraft: error: {e}")  # a closed stderr must not end the run with Click's exit 1
            if progress is not None:
                progress[0].advance(progress[1])
    finally:
        if progress is not None:
            progress[0].stop()
    if skipped:
        what = "file that is not a transcript" if skipped == 1 else "files that are not transcripts"
        notice(f"icraft: skipped {skipped} {what} (JSON that is not icraft, Deepgram or Whisper output)")
    if not linted and not errors:
        raise InputError(f"{', '.join(files)}: no transcripts found", "only JSON files that are not transcripts")
    if not no_save and linted:
        from icraft.practice.record import save_report
        from icraft.store import connect

        conn = connect()
        try:
            for item in linted:
                item.session_id = save_report(conn, item.transcript, item.report, kind="lint", source=item.source,
                                              rules=rule_ids, ignore=ignore_ids)
        finally:
            conn.close()
        notice(f"icraft: saved {len(linted)} {'session' if len(linted) == 1 else 'sessions'} "
               "(`icraft sessions` lists them; --no-save skips this)")

    from icraft.rubric.report import summary

    counts = summary(linted, fail_under)
    if fmt is LintFormat.json:
        from icraft.cli.output import print_json
        from icraft.rubric.report import lint_document

        print_json(lint_document(linted, rubric, errors=errors, fail_under=fail_under))
    elif fmt is LintFormat.sarif:
        from icraft.cli.output import print_json
        from icraft.rubric.report import to_sarif

        print_json(to_sarif(linted, rubric))
    else:
        _render_human(linted, fail_under, {r.id for r in rubric.rules if r.scope == "answer"})
        if fail_under is not None or len(linted) > 1:
            _render_summary(counts)
        if errors:
            given = len(paths) - skipped + sum(e["source"] not in paths for e in errors)
            notice(f"{len(errors)} of {plural(given, 'file')} could not be linted (see the errors above).")

    if errors:
        raise typer.Exit(int(ExitCode.USAGE))
    if counts["below_threshold"]:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _is_foreign_json(path: str) -> bool:
    """True when ``path`` holds valid JSON that no transcript reader recognizes: found in
    a directory, such a file is not a transcript (a schema, a config), not a broken one.
    Invalid JSON or a file that cannot be read is not foreign: it stays an error."""
    if not path.lower().endswith(".json"):
        return False
    from icraft.core.errors import IcraftError
    from icraft.formats import deepgram, icraft_json, openai, read_text_file
    from icraft.formats._build import load_json

    try:
        text, label = read_text_file(path)
        data = load_json(text.lstrip("\ufeff"), label=label)
    except IcraftError:
        return False
    return not any(m.looks_like(data) for m in (icraft_json, deepgram, openai))


def _judge_chain(name: str):  # type: ignore[no-untyped-def]
    """The judge's fallback chain: the named provider, then offline (rules only).

    An unknown provider id fails before any file is read, as a usage error (exit 2,
    with the nearest id), not as a provider failure (3): nothing was tried."""
    from icraft.cli.output import notice
    from icraft.core.errors import InputError
    from icraft.providers import FallbackChain, ProviderUnavailable, get_spec
    from icraft.providers.registry import specs

    try:
        get_spec(name)
    except ProviderUnavailable as e:
        close = e.hint if e.hint and e.hint.startswith("did you mean") else None
        ids = ", ".join(s.id for s in specs("llm"))
        raise InputError(f"--judge: {e.message}", close or f"choose one of: {ids}") from None
    return FallbackChain([name], notify=lambda m: notice(f"icraft: note: {m}"))


def _progress(total: int) -> tuple[Progress, TaskID] | None:
    """A progress bar on stderr, only for batches and only when stderr is a terminal."""
    import sys

    if total < 2 or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from icraft.cli.output import err_console

    bar = Progress(
        TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console(), transient=True,
    )
    bar.start()
    return bar, bar.add_task("lint", total=total)


def _lint_path(
    path: str,
    from_fmt: str | None,
    rubric: Rubric,
    question_type: str | None,
    rules: list[str],
    ignore: list[str],
    keep_raw: bool,
    chain=None,  # type: ignore[no-untyped-def]
) -> LintedFile:
    from icraft.formats import read_path
    from icraft.rubric import lint_transcript
    from icraft.rubric.report import LintedFile

    transcript = read_path(path, from_fmt)
    source = "<stdin>" if path == "-" else path
    report = lint_transcript(
        transcript, rubric=rubric, question_type=question_type, rules=rules or None, ignore=ignore or None,
        source=source,
    )
    if chain is not None:
        from icraft.rubric.judge import judge_report

        judged = judge_report(report, transcript, chain, rubric=rubric)
        report = judged.report
        if judged.provider is not None:
            typer.echo(f"icraft: {judged.summary(source)}", err=True)
    raw = None
    if keep_raw and path != "-" and transcript.meta.get("source_format") in ("text", "vtt", "srt"):
        raw = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    return LintedFile(source=source, transcript=transcript, report=report, raw_text=raw)


# ----------------------------------------------------------------------------------- human output

_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_CONTEXT_CHARS = 50


def _score_style(score: int) -> str:
    return "bold green" if score >= 80 else "bold yellow" if score >= 60 else "bold red"


def _clock(ms: int) -> str:
    s = ms / 1000
    return f"{int(s // 60)}:{s % 60:04.1f}"


def _render_human(files: list[LintedFile], fail_under: int | None, answer_scoped: set[str]) -> None:
    from icraft.cli.output import Batched, console

    with Batched(console()) as out:  # one print per batch of lines: Rich's per-call cost dominated
        _render_files(out, files, fail_under, answer_scoped)


def _render_files(out: Batched, files: list[LintedFile], fail_under: int | None, answer_scoped: set[str]) -> None:
    from rich.text import Text

    for f in files:
        t = f.transcript
        head = Text()
        head.append(f.source, style="bold")
        fmt = t.meta.get("source_format", "?")
        timing = "timed" + (", approximate" if t.approximate else "") if t.timed else "untimed"
        head.append(f"  ({fmt}, {timing}; rubric {f.report.rubric_version})", style="dim")
        if f.session_id:
            head.append(f"  session {f.session_id}", style="dim")
        if head.cell_len + 4 <= out.width:
            out.rule(head, align="left")
        else:  # narrow: a rule title would be cut ("... se… ─"); wrapped in a terminal, whole when piped
            out.rule(style="dim")
            out.print(head)
        for a in f.report.answers:
            _render_answer(out, f, a, fail_under, answer_scoped)
        if len(f.report.answers) > 1:
            s = f.report.score
            line = Text("Session score ")
            line.append(f"{s.overall}/100", style=_score_style(s.overall))
            from icraft.rubric.scoring import is_judged

            judged = sum(1 for a in f.report.answers if is_judged(a))
            over = plural(judged, "answer") if judged == len(f.report.answers) else f"{judged} of {len(f.report.answers)} answers (judged)"
            line.append(f"  over {over}  ", style="dim")
            line.append(" · ".join(f"{c} {v}" for c, v in s.categories.items()), style="dim")
            out.print(line)
            if any(t.meta is not None and t.meta.phase == "core" for t in f.transcript.turns):  # an interview's export
                sid = f.transcript.meta.get("session_id")
                show = f"`icraft sessions show {sid}`" if sid else "`icraft sessions show`"
                out.print(f"  the interview scores the mean of its questions, a question's answers joined: {show} gives "
                          "its score (docs/SCORING.md section 4)", style="dim", markup=False)
        out.print()


def _render_summary(counts: dict) -> None:
    """One line over the batch: "3 files · 7 answers (1 not judged) · 2 under 70 · lowest 52"."""
    from rich.text import Text

    from icraft.cli.output import console

    line = Text(f"{plural(counts['files'], 'file')} · {plural(counts['answers'], 'answer')}")
    if counts["not_judged"]:
        line.append(f" ({counts['not_judged']} not judged)")
    if counts["fail_under"] is not None:
        below = counts["below_threshold"]
        line.append(" · ")
        line.append(f"{below} under {counts['fail_under']}", style="bold red" if below else "bold green")
    if counts["min_score"] is not None:
        line.append(f" · lowest {counts['min_score']}, mean {counts['mean_score']:g}", style="dim")
    console().print(line)


def _render_answer(
    out: Console, f: LintedFile, a: AnswerResult, fail_under: int | None, answer_scoped: set[str]
) -> None:
    from rich.text import Text

    title = Text(f"Answer {a.answer + 1}", style="bold")
    title.append(f" · {a.question_type}", style="dim")
    if a.question:
        from icraft.rubric.relevance import bank_question

        # An interview's export says "Thanks. Next question. " before the question: show
        # the bank question behind it (the one the answer was judged against).
        q = bank_question(a.question) or a.question
        q = q if len(q) <= 90 else q[:87] + "..."
        title.append(f" · Q: {q}", style="italic dim")
    out.print(title)
    from icraft.rubric.scoring import not_judged_reason

    reason = not_judged_reason(a)
    if reason is not None:  # no score: a 100 here would be a pass no rule gave
        out.print(f"  Not judged: {reason}", style="yellow", markup=False)
        return
    score = Text("  Score ")
    score.append(f"{a.score.overall}/100", style=_score_style(a.score.overall))
    if fail_under is not None and a.score.overall < fail_under:
        score.append(f" (below {fail_under})", style="bold red")
    score.append("   " + " · ".join(f"{c} {v}" for c, v in a.score.categories.items()), style="dim")
    out.print(score)
    d = a.delivery
    if d is not None and d.measurable:
        approx = " (approximate timings)" if d.approximate else ""
        out.print(
            f"  Delivery: {d.wpm:g} wpm · {d.filler_count} fillers ({d.filler_rate_per_min:g}/min) · "
            f"{d.hesitation_pauses} pauses ≥1.5 s ({d.long_pauses} ≥3 s) · {(d.duration_ms or 0) / 1000:.1f} s{approx}",
            style="dim",
            markup=False,
        )
    elif d is not None:
        out.print(f"  Delivery: {d.filler_count} fillers · untimed (no pace or pauses)", style="dim", markup=False)
    measured = [x for x in a.findings if x.measurable]
    unmeasured = [x for x in a.findings if not x.measurable]
    if not measured:
        top = a.score.overall if a.score is not None else None
        note = f" {top} is the top score: nothing the rules check is missing." if top is not None and top < 100 else ""
        out.print(f"  No findings.{note}", style="green", markup=False)
    for fd in measured:
        _render_finding(out, f, fd, answer_scoped)
    for fd in unmeasured:
        out.print(f"  · {fd.rule_id}: {fd.message}", style="dim", markup=False)
    _render_talking_points(out, a)
    out.print()


def _render_talking_points(out: Console, a: AnswerResult) -> None:
    """The question's talking points, each covered one with the sentence that covers it."""
    if not a.talking_points:
        return
    covered = sum(q is not None for _, q in a.talking_points)
    out.print(f"  Talking points: {covered} of {len(a.talking_points)} covered", style="bold")
    for point, quote in a.talking_points:
        if quote is None:
            out.print(f"    - {point}", style="dim", markup=False)
        else:
            shown = quote if len(quote) <= 120 else quote[:117] + "..."
            out.print(f"    ✓ {point}: “{shown}”", markup=False)


def points_label(fd: Finding, answer_scoped: set[str]) -> str:
    """What a finding costs, named by where (see `icraft.rubric.report.cost_label`)."""
    from icraft.rubric.report import cost_label

    return cost_label(fd.rule_id, fd.category, fd.points, answer_scoped)


@dataclass
class _Place:
    """Where a finding's spans are quoted: one window of a turn, the spans in it, and the
    character ranges shown marked (overlapping spans are one range)."""

    turn: int
    lo: int
    hi: int
    spans: list[Span]
    marks: list[list[int]]


def _places(f: LintedFile, spans: Sequence[Span]) -> list[_Place]:
    """A finding's spans as the places quoted: each span with up to ``_CONTEXT_CHARS`` of
    context either side, spans whose context overlaps or touches (three fillers in one
    sentence) joined into one quote with each span marked, never the same words quoted
    again with a shifted window."""
    places: list[_Place] = []
    for s in sorted(spans, key=lambda s: (s.turn, s.char_start, s.char_end)):
        text = f.transcript.turns[s.turn].text
        lo, hi = max(0, s.char_start - _CONTEXT_CHARS), min(len(text), s.char_end + _CONTEXT_CHARS)
        last = places[-1] if places else None
        if last is None or last.turn != s.turn or lo > last.hi:
            places.append(_Place(s.turn, lo, hi, [s], [[s.char_start, s.char_end]]))
            continue
        last.hi, last.spans = max(last.hi, hi), [*last.spans, s]
        if s.char_start <= last.marks[-1][1]:  # overlapping spans: one marked range
            last.marks[-1][1] = max(last.marks[-1][1], s.char_end)
        else:
            last.marks.append([s.char_start, s.char_end])
    return places


def _render_finding(out: Console, f: LintedFile, fd: Finding, answer_scoped: set[str]) -> None:
    from rich.text import Text

    line = Text("  ")
    line.append(f"{fd.severity:<7}", style=_SEV_STYLE.get(fd.severity, ""))
    line.append(f" {fd.rule_id}", style="bold")
    if fd.source != "rules":  # proposed by the --judge model, verified by code
        line.append(f" [{fd.source}]", style="dim")
    line.append(f"  {points_label(fd, answer_scoped)}  ", style="dim")
    line.append(fd.message)
    out.print(line)
    places = _places(f, fd.spans)
    shown = places[:3]
    for p in shown:
        text = f.transcript.turns[p.turn].text
        quote = Text("      “")
        if p.lo > 0:
            quote.append("…")
        at = p.lo
        for start, end in p.marks:
            quote.append(text[at:start], style="dim")
            body = text[start:end]
            quote.append(body if len(body) <= 240 else body[:120] + " … " + body[-100:], style="bold reverse")
            at = end
        quote.append(text[at : p.hi], style="dim")
        if p.hi < len(text):
            quote.append("…")
        quote.append("”")
        first, last = p.spans[0], max(p.spans, key=lambda s: s.char_end)
        if first.start_ms is not None and last.end_ms is not None:
            quote.append(f"  [{_clock(first.start_ms)}–{_clock(last.end_ms)}]", style="dim")
        out.print(quote)
    if len(places) > len(shown):
        rest = len(places) - len(shown)
        out.print(f"      (+{rest} more {'place' if rest == 1 else 'places'})", style="dim")
    fix = Text("      fix: ", style="green")
    fix.append(fd.fix)
    out.print(fix)


def register(app: typer.Typer) -> None:
    app.command("lint", short_help="Lint answers against the rubric, with evidence and fixes.")(lint)
