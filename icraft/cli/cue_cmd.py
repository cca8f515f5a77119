"""`icraft cue`: rehearsal cards from your own prepared answers (a rehearsal aid)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json
from icraft.core.errors import InputError

if TYPE_CHECKING:
    from icraft.cue.listen import Cue, Listener
    from icraft.cue.prepared import Prepared

SHORT_HELP = "Rehearsal cards from your own prepared answers."
LABEL = "icraft cue · rehearsal aid: your own prepared answers, fading as you learn them"


def cue(
    file: Annotated[Path | None, typer.Argument(help="Your prepared answers (Markdown: '## question', 'aka:' lines, "
                                                   "the answer below).", show_default=False)] = None,
    replay: Annotated[Path | None, typer.Option("--replay", help="Questions to answer with cards, one per line "
                                                "(typed or transcribed); prints a card or 'no prepared answer' "
                                                "for each.", show_default=False)] = None,
    audio: Annotated[Path | None, typer.Option("--audio", help="Listen to this recording (WAV, FLAC, MP3...) instead "
                                               "of typed lines: the interviewer's questions, or with --drill your "
                                               "answers.", show_default=False)] = None,
    mic: Annotated[bool, typer.Option("--mic", help="Listen on the microphone (with --drill: the questions are "
                                      "spoken, you answer aloud).")] = False,
    drill: Annotated[bool, typer.Option("--drill", help="Rehearse: the prepared questions in spaced-repetition "
                                        "order; answer each, the card fades or comes back.")] = False,
    count: Annotated[int, typer.Option("--count", "-n", help="Cards in one drill.", min=1, max=500)] = 10,
    from_bank: Annotated[bool, typer.Option("--from-bank", help="Add your best stored answers (and stories) as "
                                            "prepared answers.")] = False,
    continue_: Annotated[bool, typer.Option("--continue", help="Continue an interrupted drill (FILE: its session "
                                            "id; default: the latest in progress).")] = False,
    answers: Annotated[Path | None, typer.Option("--answers", help="Drill: read the answers from this file (each "
                                                 "ends with an empty line) instead of the keyboard.",
                                                 show_default=False)] = None,
    plain: Annotated[bool, typer.Option("--plain", help="Plain lines, not the full-screen card view.")] = False,
    json_out: JsonFlag = False,
    fmt: JsonFormat = None,
) -> None:
    """Rehearsal cards from your own prepared answers: a rehearsal aid, not a prompter.

    Write your answers in Markdown: each '## ' heading is a question, optional 'aka: ...' lines under it are other wordings, an optional 'keys: a, b' line the key words (the drill's key points when given), and the lines below are your answer (bullets or prose). When a question is asked (typed, replayed, or heard), the matching card shows your own words, or 'no prepared answer' when nothing matches clearly. With --drill you answer each question; your answer is compared with the prepared one (key points covered: its keys, else its bullets or sentences; the lint rules) and the card fades (full answer, key words, first words, nothing) or comes back.

    With --json, --replay and listening print one JSON object per question per line: question, match (entry number or null), score, latency_ms (and matches, cards). A drill is a stored practice session: Ctrl-C pauses it, --continue resumes it.

    \b
    Examples:
      icraft cue answers.md
      icraft cue answers.md --replay questions.txt --json
      icraft cue answers.md --audio interviewer.wav
      icraft cue answers.md --drill -n 5
      icraft cue answers.md --drill --mic
      icraft cue --from-bank --drill
    """
    from icraft.cue import deck
    from icraft.store import connect

    json_out = wants_json(json_out, fmt)
    if continue_:
        drill = True
    if file is None and not from_bank and not continue_:
        raise InputError("missing FILE: your prepared answers", "pass a Markdown file, or --from-bank")
    if sum(map(bool, (replay, audio, mic, answers))) > 1:
        raise InputError("--replay, --audio, --mic and --answers are different inputs", "pass only one of them")
    if replay is not None and drill:
        raise InputError("--replay is for listening, not --drill", "use --answers FILE for a drill's answers")
    if answers is not None and not drill:
        raise InputError("--answers is for --drill", "add --drill, or use --replay for questions")
    if continue_:
        conn = connect()
        try:
            from icraft.modes.runner import latest_in_progress

            sid = str(file) if file is not None else latest_in_progress(conn, "cue")
            _drill(conn, None, "", count=count, answers=answers, audio=audio, mic=mic, json_out=json_out,
                   plain=plain, resume=sid)
        finally:
            conn.close()
        return
    prepared = _prepared(file)  # one-line errors before anything else
    conn = connect()
    try:
        if from_bank:
            bank = deck.from_bank(conn)
            prepared = bank if prepared is None else deck.merge(prepared, bank)
            if not prepared.entries:
                raise InputError("no prepared answers: the bank has no stored answer scoring "
                                 f"{deck.MIN_BANK_SCORE}+ yet", "pass a Markdown file of your answers")
        assert prepared is not None
        _warn(prepared)
        name = deck.deck_name(file)
        if drill:
            _drill(conn, prepared, name, count=count, answers=answers, audio=audio, mic=mic, json_out=json_out,
                   plain=plain, resume=None)
            return
        levels = deck.levels(conn, name)
    finally:
        conn.close()
    _listen(prepared, levels, replay=replay, audio=audio, mic=mic, plain=plain, json_out=json_out)


def _prepared(file: Path | None) -> Prepared | None:
    from icraft.cue.prepared import load

    return load(file) if file is not None else None


def _warn(prepared: Prepared) -> None:
    from icraft.cli.output import notice

    for w in prepared.warnings:
        notice(f"icraft: warning: {w}")


# -- listening -----------------------------------------------------------------------------

def _listen(prepared: Prepared, levels: dict[str, int], *, replay: Path | None, audio: Path | None, mic: bool,
            plain: bool, json_out: bool) -> None:
    from icraft.cli.output import is_interactive
    from icraft.cue.listen import Listener

    if replay is None and audio is None and not mic and not plain and not json_out and is_interactive():
        from icraft.tui.cue_app import build_app

        build_app(prepared, levels=levels).run()
        return
    show = _Printer(json_out)
    listener = Listener(prepared, levels=levels)
    show.banner(prepared)
    if audio is not None or mic:
        _voice(listener, show, audio)
        return
    stream: IO[str]
    if replay is not None:
        import io

        from icraft.cue.prepared import CUE_BINARY_HINT
        from icraft.formats import read_text_file

        text, _ = read_text_file(replay, binary_hint=CUE_BINARY_HINT.replace("prepared answers", "questions"))
        if not text.strip():
            raise InputError(f"{replay}: has no questions in it", "write one question per line")
        stream = io.StringIO(text)
    else:
        stream = sys.stdin
        show.prompt()
    asked = 0
    for line in stream:
        if not line.strip():
            continue
        cues = listener.line(line.strip())
        for c in cues:
            show.cue(c)
        asked += len(cues)
        if not cues:
            show.ignored(line.strip())
    show.done(asked)


def _voice(listener: Listener, show: _Printer, audio: Path | None) -> None:
    from icraft.providers.stt import get_stt
    from icraft.voice.audio import open_source
    from icraft.voice.pipeline import listen_turns

    stt = get_stt()
    probe = stt.open()  # load a local model (or fail on a missing dependency) before listening
    probe.abort()
    source = open_source(audio)
    start = getattr(source, "start", None)
    if start is not None:
        start()
    shown: dict[str, int | None] = {}

    def provisional(c: Cue) -> None:
        if not c.final and shown.get(c.question, -1) != c.match.number:
            shown[c.question] = c.match.number
            show.provisional(c)

    listener.on_cue = provisional
    asked = 0
    try:
        for heard in listen_turns(source, stt=stt, on_partial=listener.partial):
            cues = listener.end_turn(heard.answer.text)
            for c in cues:
                show.cue(c)
            asked += len(cues)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
    show.done(asked)


class _Printer:
    """Cards as lines (or JSON objects, one per line, with --json)."""

    def __init__(self, json_out: bool) -> None:
        self.json = json_out

    def _c(self) -> Any:
        from icraft.cli.output import console

        return console()

    def banner(self, prepared: Prepared) -> None:
        if self.json:
            return
        c = self._c()
        c.print(f"[bold]{LABEL}[/]")
        c.print(f"[dim]{len(prepared.entries)} prepared answers from {prepared.path}[/]", markup=True)

    def prompt(self) -> None:
        from icraft.cli.output import is_interactive

        if not self.json and is_interactive():
            self._c().print("[dim]Type the interviewer's question (Ctrl-D ends).[/]")

    def cue(self, cue: Cue) -> None:
        if self.json:
            import json

            from icraft.cli.output import echo

            echo(json.dumps(cue.to_dict(), ensure_ascii=False))
            return
        from rich.markup import escape

        c = self._c()
        c.rule(escape(cue.question), style="dim")
        if not cue.cards:
            c.print(f"[yellow]no prepared answer[/] [dim](best {cue.match.score:.2f}, "
                    f"{cue.latency_ms:.1f} ms)[/]")
            return
        for card in cue.cards:
            from icraft.cue.fade import LEVEL_NAMES

            c.print(f"[bold cyan]#{card.entry.number} {escape(card.entry.question)}[/] [dim]({cue.match.score:.2f}, "
                    f"{cue.latency_ms:.1f} ms, {LEVEL_NAMES[card.level]})[/]")
            c.print(escape(card.text) if card.text else "[dim italic](from memory: the card has faded)[/]")
        c.file.flush()

    def provisional(self, cue: Cue) -> None:
        if self.json:
            return
        from icraft.cli.output import notice

        what = f"#{cue.match.number}" if cue.match.number is not None else "no card yet"
        notice(f"… {cue.question} → {what}")

    def ignored(self, line: str) -> None:
        if not self.json:
            self._c().print(f"[dim]· not a question: {line}[/]", markup=True, highlight=False)

    def done(self, asked: int) -> None:
        if not self.json:
            self._c().print(f"[dim]{asked} question{'s' if asked != 1 else ''} heard.[/]")


# -- drill ---------------------------------------------------------------------------------

def _drill(conn: Any, prepared: Prepared | None, name: str, *, count: int, answers: Path | None, audio: Path | None,
           mic: bool, json_out: bool, plain: bool, resume: str | None) -> None:
    """The cue mode's Dialogue run by its SessionRunner through the conversation driver:
    typed or piped lines, the card app, or spoken (questions said, answers heard)."""
    from icraft.cli.output import is_interactive, notice
    from icraft.cli.play import says_how_to_continue
    from icraft.modes.cue import CueRunner

    voiced = None
    if audio is not None or mic:  # before any session exists: a missing microphone leaves nothing behind
        from icraft.voice.dialogue import open_session

        voiced = open_session(audio_in=audio, audio_out=None, keep_audio=None, notify=notice)
    if resume is not None:
        runner = CueRunner.load(conn, resume, kind="cue")
        first = runner.resume()
    else:
        from icraft.cue import deck

        assert prepared is not None
        cards = deck.drill_order(conn, name, prepared.entries, count)
        runner = CueRunner.create(conn, "cue", {"deck": name, "title": Path(prepared.path).name,
                                                "cards": deck.cards_option(cards)})
        first = runner.begin()
    output = _DrillOutput(runner.dialogue, json_out=json_out, interactive=answers is None and sys.stdin.isatty(),
                          spoken=voiced)
    with says_how_to_continue(runner):
        if voiced is None and answers is None and not json_out and not plain and is_interactive():
            from icraft.tui.cue_app import build_app

            build_app(runner=runner, first=first).run()
            if runner.dialogue.phase != "done":
                runner.stop_early()
            return
        try:
            _converse(runner, first, output, answers=answers, voiced=voiced)
        except KeyboardInterrupt:
            from icraft.cli.play import continue_hint

            notice(f"cue drill paused: {len(output.reviews)} card{'s' if len(output.reviews) != 1 else ''} rehearsed "
                   f"and saved; {continue_hint(runner)}")
            raise
    if json_out:
        from icraft.cli.output import print_json

        print_json({"session_id": runner.session_id, "rehearsal_aid": True, "reviews": output.reviews})


def _converse(runner: Any, first: Any, output: _DrillOutput, *, answers: Path | None, voiced: Any) -> None:
    from icraft.modes.driver import Conversation, LinePort

    conversation = Conversation(runner, output)
    if voiced is not None:
        from icraft.voice.dialogue import VoicePort, release

        session, sink = voiced
        try:
            conversation.run(first, VoicePort(session))
        finally:
            release(session, sink)
        return
    from icraft.practice.drill import read_answer

    stream: IO[str] = sys.stdin
    if answers is not None:
        import io

        from icraft.cue.prepared import CUE_BINARY_HINT
        from icraft.formats import read_text_file

        text, _ = read_text_file(answers, binary_hint=CUE_BINARY_HINT)
        if not text.strip():
            raise InputError(f"{answers}: has no answer in it", "write each answer, then an empty line")
        stream = io.StringIO(text)
    conversation.run(first, LinePort(lambda: read_answer(stream)))


class _DrillOutput:
    """The drill's output port for lines (and a spoken drill): each question with its card at
    its fade level, the rating after each answer; with --json only the reviews, at the end."""

    def __init__(self, dialogue: Any, *, json_out: bool, interactive: bool, spoken: Any) -> None:
        self.dialogue = dialogue
        self.json = json_out
        self.interactive = interactive
        self.spoken = spoken is not None
        self.reviews: list[dict[str, Any]] = []

    def heard(self, text: str) -> None:
        if self.spoken and not self.json:
            from rich.markup import escape

            self._c().print(f"[dim]You: {escape(text.strip() or '(silence)')}[/]")

    def show(self, step: Any) -> None:
        review = step.intent
        if review is not None:
            self.reviews.append({**review.to_dict(), "question": self._entry(review.number).question})
        if self.json:
            return
        from rich.markup import escape

        c = self._c()
        for u in step.utterances:
            if u.kind == "greeting":
                c.print(f"[bold]{LABEL}[/]")
                c.print(f"[dim]{escape(u.text)}[/]")
            elif u.kind == "question":
                d = self.dialogue
                level, text = d.card_text()
                c.rule(f"card {d.position + 1}/{len(d.cards)} · {level}", style="dim")
                c.print(f"[bold]{escape(u.text)}[/]")
                c.print(escape(text) if text else "[dim italic](from memory: the card has faded)[/]")
                if self.interactive:
                    c.print("[dim]Answer aloud to yourself, then type it; an empty line ends it ('skip' skips).[/]")
            elif u.kind == "feedback":
                c.print(f"[green]{escape(u.text)}[/]")
            else:
                c.print(escape(u.text))
        c.file.flush()

    def _entry(self, number: int) -> Any:
        return next(e for e, _k, _l in self.dialogue.cards if e.number == number)

    def _c(self) -> Any:
        from icraft.cli.output import console

        return console()


def register(app: typer.Typer) -> None:
    app.command("cue", short_help=SHORT_HELP)(cue)
