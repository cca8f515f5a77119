"""`icraft diff FILE|SESSION [--answer N]`: three better versions of an answer, with gains
measured by re-linting (docs/DIFF.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from icraft.cli import completion

from icraft.cli.options import FormatOpt, JsonFlag, wants_json

if TYPE_CHECKING:
    from rich.text import Text

    from icraft.core.findings import AnswerResult
    from icraft.rewrite import Skipped, Version, Versions
    from icraft.rubric.model import Rubric

SourceArg = Annotated[
    str,
    typer.Argument(
        help="A transcript file (icraft JSON, Deepgram, OpenAI, VTT, SRT, text; '-' for stdin) "
        "or a stored session id (see `icraft sessions`).",
        show_default=False,
        autocompletion=completion.sessions_or_files,
    ),
]
# Shared with `icraft rewind` (same meaning there).
AnswerOpt = Annotated[
    Optional[int],
    typer.Option("--answer", "-a", help="Which answer, counting from 1 (default: the lowest-scoring one).",
                 show_default=False),
]
FromOpt = Annotated[
    Optional[str],
    typer.Option("--from", help="Transcript format of the file when it cannot be detected "
                 "(json, deepgram, openai, vtt, srt, text).", show_default=False,
                 autocompletion=completion.formats),
]


def load_answer(
    source: str, answer: int | None, fmt: str | None
) -> tuple[int, int, str, AnswerResult, str | None, str, Rubric | None]:
    """The chosen answer of a file or stored session: (index, number shown, text, lint
    result, question, question type, rubric). A session's answer keeps the question type
    and the rubric it was scored with (None: the built-in one, for a file), and is numbered
    as `sessions show` numbers it (requests not counted); a file's as `lint` does."""
    from icraft.core.errors import InputError
    from icraft.practice import rewind as rw

    if rw.is_file_source(source):
        from icraft.formats import read_path
        from icraft.rubric import lint_transcript

        transcript = read_path(source, fmt)
        answers = transcript.answers()
        if not answers:
            raise InputError(f"{source} has no candidate answer")
        report = lint_transcript(transcript, question_type=rw.declared_type(transcript))
        idx = rw.answer_index(answer, len(answers), source)
        if idx is None:
            idx = rw.lowest_scoring({r.answer: r.score.overall for r in report.answers}, len(answers))
        # the question it was judged against (a core answer of an interview's export: the core question)
        a, result = answers[idx], report.answers[idx]
        return idx, idx + 1, a.turn.text, result, result.question, result.question_type, None
    from icraft.store import connect
    from icraft.store import sessions as store

    conn = connect()
    try:
        target = rw.load_target(conn, store.get_session(conn, source).id, answer)
    finally:
        conn.close()
    return (target.answer_index, target.number, target.text, target.original, target.question, target.question_type,
            target.rubric)


def diff(source: SourceArg, answer: AnswerOpt = None, from_: FromOpt = None,
         fmt: FormatOpt = None, json_out: JsonFlag = False) -> None:
    """Three better versions of an answer, each with its real score gain.

    \b
    minimal patch:  a patch: the smallest edits, your sentences in place
    medium rewrite: a restructure of the patch: STAR order, one part per sentence (a story),
                    the answer first (a design; a story whose opening buries the point)
    ideal answer:   a model answer: the restructure with a [placeholder] for every part missing

    Built from your own sentences: no invented facts, and "we" never becomes "I" (you are asked for your part instead). Every score is a re-lint by the same engine. A gain that needs a placeholder filled says so, "+5 once [metric] is filled", and is claimed only if filling that placeholder with an example really passes the rule.

    \b
    Examples:
      icraft diff answer.txt
      icraft diff interview.json --answer 2 --format json
      icraft diff SESSION_ID
    """  # noqa: E501 (one line per paragraph: the help renderer keeps line breaks)
    from icraft.rewrite import build_versions

    json_out = wants_json(json_out, fmt)
    index, number, text, result, question, qtype, rubric = load_answer(source, answer, from_)
    from icraft.rubric.scoring import not_judged_reason

    why = not_judged_reason(result)
    if why is not None:  # small talk ("How are you?"): lint scores nothing, so nothing to rewrite
        render_not_judged(source, index, number, question, qtype, why, json_out)
        return
    from icraft.rewrite.llm import llm_versions, wanted

    versions = build_versions(text, result, question=question, question_type=qtype, rubric=rubric)
    if wanted() and not versions.nothing_to_fix:  # nothing to fix: no model call either
        versions = llm_versions(text, result, question=question, question_type=qtype, rubric=rubric) or versions
    if json_out:
        from icraft.cli.output import print_json

        print_json({"source": source, "answer": index, "answer_number": number, **versions.to_dict()})
        return
    render(versions, number)


# -- human output ------------------------------------------------------------------------


def render_not_judged(source: str, index: int, number: int, question: str | None, qtype: str, why: str,
                      json_out: bool) -> None:
    """An answer lint does not judge (small talk, no selected rule applies): no versions,
    and the reason, as `lint` gives it."""
    if json_out:
        from icraft.cli.output import print_json

        print_json({"source": source, "answer": index, "answer_number": number, "question": question,
                    "question_type": qtype, "not_judged": why, "nothing_to_fix": True, "versions": []})
        return
    from rich.markup import escape

    from icraft.cli.output import console

    out = console()
    out.print(f"[bold]Answer {number} · {escape(qtype)}[/]")
    out.print(f"not judged: {escape(why)}; there is nothing to rewrite")


def render(versions: Versions, number: int) -> None:
    from rich.rule import Rule

    from icraft.cli.output import console

    out = console()
    head = f"Answer {number} · {versions.question_type}"
    out.print(f"[bold]{head}[/]")
    if versions.question:
        from rich.markup import escape

        from icraft.interview.wording import bare_question

        out.print(f"[dim]Q:[/] {escape(bare_question(versions.question))}", markup=True, highlight=False)
    base = versions.baseline
    fired = sorted({f.rule_id for f in base.findings if f.measurable})
    out.print(f"original: [bold]{base.score.overall}[/]/100   findings: {', '.join(fired) or 'none'}")
    for note in versions.notes:
        out.print(f"[dim]note: {note}[/]")
    if versions.source != "rules":
        out.print(f"[dim]versions written by {versions.source}, checked and re-linted by icraft[/]")
    if versions.nothing_to_fix:
        out.print()
        out.print(f"nothing to fix: no rule fired on this answer ({base.score.overall}/100), "
                  "so there is no better version to show")
        return
    prev: Version | None = None
    for v in versions.versions:
        out.print()
        out.print(Rule(headline(v), align="left"))
        if prev is not None and v.text == prev.text:
            out.print(f"[dim]same text as the {prev.title}: {same_reason(v, versions.question_type)}[/]")
            for line in gain_lines(v, skipped_only=True):
                out.print(line)
            continue
        if v.text == versions.original:
            why = "every edit tried would score lower (see skipped)" if v.skipped else "nothing to patch offline"
            out.print(f"[dim]no change: {why}[/]")
        else:
            out.print(diff_text(v, markers=out.color_system is None))
            out.print(does_line(v, prev))
            if v.name == "ideal" and versions.question_type == "behavioral" and parts_line(v):
                out.print(parts_line(v))
        prev = v
        for line in gain_lines(v):
            out.print(line)


def diff_text(v: Version, *, markers: bool = False) -> Text:
    """The word-level diff: deletions red struck through, insertions green, placeholders
    bold. Without colour (piped, NO_COLOR) it uses git's word-diff markers instead:
    ``[-deleted-]`` and ``{+inserted+}``."""
    import re

    from rich.text import Text

    text = Text()
    for i, chunk in enumerate(v.diff):
        if i:
            text.append(" ")
        if chunk.op == "equal":
            text.append(chunk.text)
        elif chunk.op == "delete":
            text.append(f"[-{chunk.text}-]" if markers else chunk.text, style="red strike")
        else:
            start = len(text)
            text.append(f"{{+{chunk.text}+}}" if markers else chunk.text, style="green")
            for m in re.finditer(r"\[[^\[\]]*\]", chunk.text):
                off = start + (2 if markers else 0)
                text.stylize("bold yellow", off + m.start(), off + m.end())
    return text


def headline(v: Version) -> str:
    """``minimal patch  56 -> 64 (+8 now, 96 once filled)``: the gain the version earns as
    written, then the score once its placeholders are filled with what really happened."""
    sign = "green" if v.delta.overall > 0 else "red" if v.delta.overall < 0 else "dim"
    gain = f"{v.delta.overall:+d}"
    if v.placeholders and v.score_when_filled != v.score:
        gain += f" now, {v.score_when_filled} once filled"
    return f"{v.title}  {v.delta.before} -> {v.score} [{sign}]({gain})[/]"


_DOES = {
    "drop_preamble": "drops the preamble", "drop_filler": "drops fillers", "drop_hedge": "drops hedges",
    "drop_concession": "drops concessions", "split_sentence": "splits run-on sentences",
    "split_part": "one STAR part per sentence", "answer_first": "opens with the answer",
    "reorder": "puts the story in STAR order", "rewrite": "rewritten by the model",
}
# What each kind of version is for, said once before what it does.
_KIND = {
    "minimal": "patch (your sentences, in place)",
    "medium": "restructure (your sentences, reordered or split)",
    "ideal": "model answer (the restructure, with every part a strong answer has)",
}


def same_reason(v: Version, question_type: str) -> str:
    """Why a version has nothing to add to the one before it."""
    if v.name == "medium":
        if v.skipped:
            return "nothing to restructure that would not score lower (see skipped)"
        if question_type == "behavioral":
            return "nothing to restructure: it already runs in STAR order, one part per sentence"
        return "nothing to restructure: no run-on sentence to split and no headline to move to the opening"
    return "it already has every part icraft can ask for offline"


def parts_line(v: Version) -> str:
    """The STAR part each of the model answer's placeholders completes
    (``where each goes: action ([your part], [trade-off]) · lesson ([lesson])``)."""
    from rich.markup import escape

    from icraft.rewrite.versions import story_parts

    out = [f"{part['part']} (" + ", ".join(f"[{a}]" for a in part["asks"]) + ")"
           for part in story_parts(v.text) if part["asks"]]
    return f"[dim]where each goes: {escape(' · '.join(out))}[/]" if out else ""


def does_line(v: Version, prev: Version | None) -> str:
    """What this version does on top of the one before it (``does: opens with the answer``),
    so that versions with the same gain still show how they differ."""
    from collections import Counter

    from rich.markup import escape

    before = Counter((e.kind, e.before, e.after) for e in (prev.edits if prev else ()))
    parts: list[str] = []
    asks: list[str] = []
    for e in v.edits:
        key = (e.kind, e.before, e.after)
        if before[key]:
            before[key] -= 1
            continue
        if e.kind == "placeholder":
            asks.append(e.after.split(":")[0] + "]")
        elif e.kind in _DOES and _DOES[e.kind] not in parts:
            parts.append(_DOES[e.kind])
    if asks:
        asks.sort(key=lambda a: v.text.find(a[:-1]))
        parts.append("asks for " + ", ".join(asks))
    where = f" (on top of the {prev.title})" if prev is not None else ""
    same = ""
    if prev is not None and (v.score, v.score_when_filled) == (prev.score, prev.score_when_filled):
        same = f"; scores the same as the {prev.title}: it reads better, no rule moves"
    what = "; ".join(parts) or "the same edits"
    return f"[dim]does{escape(where)}: {escape(_KIND.get(v.name, v.name))}: {escape(what)}{escape(same)}[/]"


def points_label(n: int) -> str:
    return f"{n:+d} point" + ("" if abs(n) == 1 else "s")


def _labels(joined: str) -> str:
    """"metric" -> "[metric] is"; "situation, task" -> "[situation] and [task] are"."""
    names = [f"[{n}]" for n in joined.split(", ")]
    return (", ".join(names[:-1]) + " and " + names[-1] + " are") if len(names) > 1 else names[0] + " is"


def _tag(body: str, style: str) -> str:
    from rich.markup import escape

    return f"[{style}]{escape('[' + body + ']')}[/]"


def gain_lines(v: Version, *, skipped_only: bool = False) -> list[str]:
    """Rule gains (``[+missing_metrics -> +8 points]``), pending ones, categories, the
    placeholders to fill and steps skipped because they lowered the score (only those
    for a version with the same text as the one before)."""
    from rich.markup import escape

    if skipped_only:
        return [_skip_line(s) for s in v.skipped]

    tags: list[str] = []
    for r in v.delta.rules:
        if r.status == "same" and not r.gain:
            continue
        if r.gain > 0 or r.status == "fixed":
            tags.append(_tag(f"+{r.rule_id} -> {points_label(r.gain)}", "green"))
        else:
            tags.append(_tag(f"-{r.rule_id} -> {points_label(r.gain)}", "red"))
    lines = []
    if tags:
        lines.append("gains: " + " ".join(tags))
    if v.delta.residual:
        lines.append(f"[dim]rounding and category caps: {v.delta.residual:+d} (overall is exactly re-lint minus original)[/]")
    cats = ", ".join(f"{d:+d} {c}" for c, d in v.delta.categories.items() if d)
    if cats:
        lines.append(f"categories: {cats}")
    more = [p for p in v.pending if p.points > 0]
    if more:
        lines.append(
            "pending: "
            + " ".join(_tag(f"+{p.rule_id} -> +{p.points} once {_labels(p.placeholder)} filled", "yellow")
                       for p in more)
            + f"  (score with every placeholder filled: {v.score_when_filled}/100)"
        )
    if v.placeholders:
        lines.append("fill in:")
        lines.extend("  " + _tag(p.text[1:-1], "bold yellow") for p in v.placeholders)
    lines.extend(_skip_line(s) for s in v.skipped)
    return lines


def _skip_line(s: Skipped) -> str:
    from rich.markup import escape

    why = f", new: {', '.join(s.new_rules)}" if s.new_rules else ""
    filled = " once filled" if s.once_filled else ""
    return f"[dim]skipped {escape(s.step)}: it would score {s.would_score} < {s.score}{filled}{escape(why)}[/]"


def register(app: typer.Typer) -> None:
    app.command("diff", short_help="Three better versions of an answer, with real score gains.")(diff)
