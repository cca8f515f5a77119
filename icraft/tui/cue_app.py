"""`icraft cue` as a Textual app: a rehearsal aid with a card pane that fades.

Two screens in one app, built by :func:`build_app` (the one factory the command and the
tests use):

- **listen**: type the interviewer's question; while it is typed a provisional card shows
  (dim) from the words so far, and Enter or Ctrl+S firms it up (or says "no prepared answer").
  Each card shows the candidate's own answer at its fade level.
- **drill** (``--drill``): the prepared questions in spaced-repetition order, asked by the
  cue mode's Dialogue; the app is the conversation driver's output port and Enter or
  Ctrl+S (the interview's send key; Ctrl+K skips) hands
  the answer to ``Conversation.respond`` (stored, rated against the prepared one, the
  card reviewed), then the card pane shows how it fades.

Nothing here decides anything: matching is :mod:`icraft.cue.listen`, rating and fading
:mod:`icraft.cue.fade` and :mod:`icraft.cue.drill`, storage the runner
(:class:`icraft.modes.cue.CueRunner`).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from icraft.cue.fade import LEVEL_NAMES, NOTHING
from icraft.cue.listen import Cue, Listener
from icraft.cue.prepared import Prepared

LABEL = "Rehearsal aid · your own prepared answers, fading as you learn them"


def level_dots(level: int) -> str:
    """The fade level as four dots: ●●●● full answer ... ○○○○ from memory."""
    return "●" * (NOTHING + 1 - level) + "○" * level


class CardPane(VerticalScroll):
    """The card(s) for the current question."""

    DEFAULT_CSS = """
    CardPane { height: 1fr; border: round $accent; padding: 0 1; }
    CardPane.provisional { border: round $panel-lighten-2; opacity: 70%; }
    CardPane .card-title { text-style: bold; color: $accent; }
    CardPane .card-level { color: $text-muted; }
    CardPane .card-body { margin: 0 0 1 0; }
    CardPane .no-card { color: $warning; }
    """

    def show_cue(self, cue: Cue) -> None:
        self.remove_children()
        self.set_class(not cue.final, "provisional")
        self.border_title = ("provisional: " if not cue.final else "") + cue.question
        if not cue.cards:
            self.mount(Static(f"no prepared answer [dim](best {cue.match.score:.2f})[/]", classes="no-card"))
            return
        for card in cue.cards:
            self.mount(Static(f"#{card.entry.number} {escape(card.entry.question)}", classes="card-title"))
            self.mount(Static(f"{level_dots(card.level)} {LEVEL_NAMES[card.level]} · match {cue.match.score:.2f} "
                              f"· {cue.latency_ms:.1f} ms", classes="card-level"))
            body = escape(card.text) if card.text else "[i](from memory: the card has faded)[/]"
            self.mount(Static(body, classes="card-body"))

    def show_text(self, title: str, body: str, level: int | None = None) -> None:
        self.remove_children()
        self.remove_class("provisional")
        self.border_title = title
        if level is not None:
            self.mount(Static(f"{level_dots(level)} {LEVEL_NAMES[level]}", classes="card-level"))
        self.mount(Static(escape(body) if body else "[i](from memory: the card has faded)[/]", classes="card-body"))


class CueApp(App[None]):
    TITLE = "icraft cue"
    SUB_TITLE = "rehearsal aid"
    CSS = """
    #label { color: $text-muted; padding: 0 1; }
    #question { text-style: bold; padding: 0 1; height: auto; }
    #status { color: $text-muted; padding: 0 1; height: auto; }
    #feedback { color: $success; padding: 0 1; height: auto; }
    #entry { dock: bottom; margin: 0 0 1 0; }
    """
    # The interview's keys (icraft.tui.interview_app): Ctrl+S sends, Ctrl+K skips; Enter sends
    # too, the entry being one line.
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True, key_display="Enter/^s"),
        Binding("ctrl+k", "skip", "Skip", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("escape", "clear", "Clear", show=False),
    ]

    def __init__(self, prepared: Prepared | None = None, *, levels: dict[str, int] | None = None,
                 runner: Any = None, first: Any = None) -> None:
        super().__init__()
        self.prepared = prepared
        self.runner = runner  # a CueRunner: drill; None: listen
        self.first = first  # the drill's opening step (begin() or resume())
        self.conversation: Any = None
        self.listener = Listener(prepared, levels=levels) if runner is None and prepared is not None else None
        self.cues: list[Cue] = []
        self.reviews: list[Any] = []

    @property
    def drilling(self) -> bool:
        return self.runner is not None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(LABEL, id="label")
            yield Static("", id="question")
            yield Static("", id="feedback")
            yield CardPane(id="card")
            yield Static("", id="status")
        placeholder = "Your answer, then Enter or Ctrl+S (Ctrl+K or 'skip' skips)" if self.drilling else \
            "The interviewer's question, then Enter or Ctrl+S"
        yield Input(placeholder=placeholder, id="entry")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#card", CardPane).border_title = "card"
        if self.drilling:
            from icraft.modes.driver import Conversation

            self.conversation = Conversation(self.runner, self)
            self.show(self.first)
        else:
            assert self.prepared is not None
            n = len(self.prepared.entries)
            self.query_one("#status", Static).update(f"{n} prepared answers from {escape(self.prepared.path)}; "
                                                    "cards show as you type")
        self.query_one("#entry", Input).focus()

    # -- listen --------------------------------------------------------------------------
    @on(Input.Changed, "#entry")
    def _typing(self, event: Input.Changed) -> None:
        if self.listener is None or not event.value.strip():
            return
        for cue in self.listener.partial(event.value):
            self.query_one("#card", CardPane).show_cue(cue)

    @on(Input.Submitted, "#entry")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if self.drilling:
            self._answer(text)
            return
        assert self.listener is not None
        cues = self.listener.end_turn(text)
        status = self.query_one("#status", Static)
        if not cues:
            status.update(f"not a question: {escape(text)}" if text else "")
            return
        self.cues.extend(cues)
        self.query_one("#card", CardPane).show_cue(cues[-1])
        shown = sum(1 for c in self.cues if c.cards)
        status.update(f"{len(self.cues)} question{'s' if len(self.cues) != 1 else ''} heard, {shown} with a card")

    def action_clear(self) -> None:
        self.query_one("#entry", Input).value = ""

    async def action_send(self) -> None:
        await self.query_one("#entry", Input).action_submit()  # the same path as Enter

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.drilling if action == "skip" else True  # listening has nothing to skip

    def action_skip(self) -> None:
        self.query_one("#entry", Input).value = ""
        self._answer("skip")

    # -- drill: the conversation driver's output port ----------------------------------------
    def _answer(self, text: str) -> None:
        if self.runner.dialogue.current is None:
            self.exit()
            return
        self.conversation.respond(text)

    def heard(self, text: str) -> None:
        return None  # the answer was typed in the entry: it is on the screen already

    def show(self, step: Any) -> None:
        if step.intent is not None:
            self.reviews.append(step.intent)
        d = self.runner.dialogue
        feedback = [u.text for u in step.utterances if u.kind in ("feedback", "ack", "reprompt", "closing")]
        self.query_one("#feedback", Static).update(escape(" ".join(feedback)))
        card = d.current
        question = self.query_one("#question", Static)
        pane = self.query_one("#card", CardPane)
        if card is None:
            question.update("Done. Press Enter or Ctrl+Q to leave.")
            pane.show_text("drill over", d.summary())
            return
        entry, _key, level = card
        question.update(f"{d.position + 1}/{len(d.cards)}  {escape(entry.question)}")
        pane.show_text(f"#{entry.number}", d.card_text()[1], level)


def build_app(prepared: Prepared | None = None, *, levels: dict[str, int] | None = None, runner: Any = None,
              first: Any = None) -> CueApp:
    """Listen (``prepared``, ``levels``) or drill (a CueRunner and its opening step)."""
    return CueApp(prepared, levels=levels, runner=runner, first=first)
