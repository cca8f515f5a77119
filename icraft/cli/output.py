"""Terminal output. stdout carries data (tables, JSON); stderr carries diagnostics.

Rich is imported on first use, never at CLI start-up, so `icraft --help` and the
JSON paths stay fast. NO_COLOR (https://no-color.org) is honoured by Rich itself;
the `ui.color = false` setting does the same from the config file.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def _color_disabled() -> bool:
    if os.environ.get("NO_COLOR"):
        return True
    from icraft import config
    from icraft.core.errors import ConfigError

    try:
        return not config.get("ui.color")
    except ConfigError:  # a broken config file (unreadable, bad TOML, bad value) must not break error output
        return False


def _quiet_exit_on_broken_pipe() -> None:
    """The reader went away (`icraft plan | head -1`): stop writing and exit 0.

    Rich's default raises SystemExit(1), which made a successful command look failed.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)


@lru_cache(maxsize=None)
def console() -> Console:
    from rich.console import Console

    # Piped or redirected, a line of text stays one line (grep, diff, a file read later)
    # unless COLUMNS asks for a width; tables fit the width (COLUMNS, else 80) either way.
    piped = not sys.stdout.isatty() and not os.environ.get("COLUMNS")
    out = Console(no_color=_color_disabled() or None, highlight=False, soft_wrap=piped)
    out.on_broken_pipe = _quiet_exit_on_broken_pipe  # type: ignore[method-assign]
    return out


@lru_cache(maxsize=None)
def err_console() -> Console:
    from rich.console import Console

    err = Console(stderr=True, no_color=_color_disabled() or None, highlight=False, soft_wrap=True)
    err.on_broken_pipe = _stderr_gone  # type: ignore[method-assign]  # Rich's default exits 1 and closes stdout
    return err


def echo(text: str) -> None:
    """A line of data on stdout, as ``typer.echo`` writes it, but ending quietly with 0
    when the reader has gone (`icraft config get llm.provider | true`): Click turns that
    broken pipe into exit 1."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_exit_on_broken_pipe()


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, no colour, no wrapping."""
    echo(json.dumps(data, indent=2, ensure_ascii=False))


def _stderr_gone() -> None:
    """The reader of stderr went away (`icraft lint dir 2>&1 | head -1`): later
    diagnostics go to /dev/null and the command carries on to its own exit code.

    Unlike a closed stdout (the data's reader is done: exit 0 at once), a closed
    stderr must not turn a failure into success: `icraft lint dir 2>&1 >out | head -1`
    still exits 2 when files could not be linted. When stdout is the same pipe, the
    next data written ends the command quietly with 0 as above."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stderr.fileno())
    os.close(devnull)


def notice(message: str) -> None:
    """A one-line diagnostic on stderr (not data). Never wrapped: scripts grep it."""
    try:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.stderr.flush()
    except BrokenPipeError:
        _stderr_gone()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


# ------------------------------------------------------------------------------ tables


class Col:
    """A column of :func:`print_table`.

    ``wrap``: free text that may wrap between words (at least ``min_width`` wide); every
    other column keeps its cells whole (ids, dates, scores, statuses are never cut).
    ``drop``: optional columns, dropped whole when the table is too wide, lowest first,
    before the table folds into blocks (their values are in --json anyway).
    ``heading``: how a block is headed by this column's cell ("answer {}"; default: the cell).
    """

    __slots__ = ("header", "justify", "style", "wrap", "min_width", "drop", "heading")

    def __init__(self, header: str, *, justify: str = "left", style: str | None = None, wrap: bool = False,
                 min_width: int = 12, drop: int | None = None, heading: str = "{}") -> None:
        self.header, self.justify, self.style = header, justify, style
        self.wrap, self.min_width, self.drop, self.heading = wrap, min_width, drop, heading


class Section(str):
    """A row of :func:`print_table` that starts a group ("structure", "delivery")."""


def print_table(title: str | None, cols: list[Col], rows: list[Any], *, bold_first: bool = True,
                head: int = 0, compact: bool = False) -> None:
    """Print a table whose cells are never cut: optional columns go first when the
    terminal is too narrow, and when the rest still does not fit, each row becomes a
    block (its ``head`` cell, then one ``header  value`` line per other cell, wrapped).

    Cells are Rich markup strings; a :class:`Section` row is a group heading. One helper
    for every table command, so `icraft rules`, `sessions`, `providers`... behave alike
    at 40 columns and at 200 (tests/test_tables_narrow.py). ``compact``: no rule under the
    header and two spaces between columns, for a listing that should stay one line a row."""
    out = console()
    keep = list(range(len(cols)))
    for level in sorted({c.drop for c in cols if c.drop is not None}) + [None]:
        kept = [cols[i] for i in keep]
        table = _build_table(title, kept, rows, keep, bold_first, compact)
        if _fits(out, table, kept, rows, keep):
            out.print(table)
            return
        if level is not None:
            keep = [i for i in keep if cols[i].drop is None or cols[i].drop > level]
    _print_blocks(out, title, cols, rows, head)


def _build_table(title: str | None, cols: list[Col], rows: list[Any], keep: list[int], bold_first: bool,
                 compact: bool = False) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, title_justify="left",
                  box=None if compact else box.SIMPLE_HEAD, pad_edge=False)
    for n, c in enumerate(cols):
        table.add_column(c.header, justify=c.justify,  # type: ignore[arg-type]
                         style=c.style or ("bold" if n == 0 and bold_first else None),
                         no_wrap=not c.wrap, ratio=1 if c.wrap else None, overflow="fold",
                         min_width=min(c.min_width, _widest(c, rows, keep[n])) if c.wrap else None)
    for row in rows:
        if isinstance(row, Section):
            table.add_section()
            table.add_row(f"[dim]{row}[/]", *[""] * (len(cols) - 1))
        else:
            table.add_row(*(row[i] for i in keep))
    return table


def _cell_len(cell: Any) -> int:
    from rich.text import Text

    return (Text.from_markup(cell) if isinstance(cell, str) else cell).cell_len


def _widest(col: Col, rows: list[Any], index: int) -> int:
    """The widest cell of a column (its header included)."""
    return max([len(col.header)] + [_cell_len(r[index]) for r in rows if not isinstance(r, Section)])


def _longest_word(rows: list[Any], index: int) -> int:
    from rich.text import Text

    words = [w for r in rows if not isinstance(r, Section)
             for w in (Text.from_markup(r[index]) if isinstance(r[index], str) else r[index]).plain.split()]
    return max(map(len, words), default=0)


def _fits(out: Console, table: Any, cols: list[Col], rows: list[Any], keep: list[int]) -> bool:
    """True when Rich would give every whole column its widest cell, and every wrapping
    column at least its ``min_width`` (or its longest word, so no word is cut).

    Asks Rich's own layout (``Table._calculate_column_widths``, the call its renderer
    makes) rather than re-deriving borders and padding; a Rich upgrade that changes it
    fails tests/test_tables_narrow.py, not silently."""
    room = out.width - table._extra_width  # what the borders and dividers leave, as Rich computes it
    widths = table._calculate_column_widths(out, out.options.update_width(room))
    if sum(widths) > room:  # columns that cannot shrink: Rich would crop the table at the edge
        return False
    for n, (c, width) in enumerate(zip(cols, widths)):
        widest = _widest(c, rows, keep[n])
        need = min(widest, max(c.min_width, _longest_word(rows, keep[n]))) if c.wrap else widest
        if width - table._get_padding_width(n) < need:  # Rich's widths include the cell padding
            return False
    return True


def _print_blocks(out: Console, title: str | None, cols: list[Col], rows: list[Any], head: int) -> None:
    from rich.padding import Padding
    from rich.table import Table

    if title:
        out.print(title, markup=False)
    fields = [n for n in range(len(cols)) if n != head]
    label = max((len(cols[n].header) for n in fields), default=0)
    for row in rows:
        if isinstance(row, Section):
            out.print(f"[dim]{row}[/]")
            continue
        out.print(cols[head].heading.format(row[head]), style="bold", overflow="fold")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True, min_width=label)
        grid.add_column(overflow="fold")
        for n in fields:
            if _cell_len(row[n]):
                grid.add_row(cols[n].header, row[n])
        out.print(Padding(grid, (0, 0, 0, 2), expand=False))


def indented(text: Any, columns: int) -> Any:
    """``text`` (a Rich Text, or markup) ``columns`` in, its wrapped lines kept under the
    first. Wrapped at the console's width even when piped: there a soft-wrapping console
    would leave the line whole and Rich's padding would then crop it at the width."""
    from rich.padding import Padding
    from rich.text import Text

    if isinstance(text, str):
        text = Text.from_markup(text)
    text.no_wrap, text.overflow = False, "fold"  # a piped print's "ignore" overflow would turn wrapping off
    return Padding(text, (0, 0, 0, columns), expand=False)


# Rich renders a Text as one segment holding all its wrapped lines, then splits that
# segment line by line, copying the rest each time: quadratic in the text's length (a
# 3 MB answer took minutes). Longer texts are wrapped by Rich (linear) and printed a
# few lines at a time, which gives the same output.
_LONG_TEXT = 8_000
_LINES_PER_PRINT = 64


def print_text(out: Console, text: Any, *, indent: int = 0) -> None:
    """Print ``text`` (a Rich Text, or markup) wrapped to ``out``'s width, ``indent``
    columns in on every line, in time linear in its length."""
    from rich.padding import Padding
    from rich.text import Text

    if isinstance(text, str):
        text = Text.from_markup(text)
    if len(text) <= _LONG_TEXT:
        out.print(Padding(text, (0, 0, 0, indent), expand=False) if indent else text)
        return
    lines = text.wrap(out, max(1, out.width - indent))
    for i in range(0, len(lines), _LINES_PER_PRINT):
        chunk = Text("\n").join(lines[i : i + _LINES_PER_PRINT])
        out.print(Padding(chunk, (0, 0, 0, indent), expand=False) if indent else chunk,
                  no_wrap=True, overflow="ignore", crop=False)


class Batched:
    """Stands in for a Console in long reports: ``print`` and ``rule`` collect renderables
    and every few dozen are printed as one Group, the same output for a fraction of Rich's
    per-call cost (options, size, terminal checks, buffer flush: ~60 µs a call, which made
    the human lint report of 1,000 answers several times slower than its JSON).
    Use as a context manager, or call :meth:`flush` at the end."""

    def __init__(self, out: Console, batch: int = 200) -> None:
        self.out = out
        self.width = out.width
        self._batch = batch
        self._items: list[Any] = []

    def print(self, *objects: Any, style: Any = None, markup: bool | None = None,
              overflow: Any = None) -> None:
        from rich.text import Text

        if not objects:
            item: Any = Text("")
        elif len(objects) == 1 and not isinstance(objects[0], str):
            item = objects[0]
            if overflow is not None and isinstance(item, Text):
                item = item.copy()
                item.overflow = overflow
        else:
            item = Text(" ").join(
                self.out.render_str(o, style=style or "", markup=markup) if isinstance(o, str) else o
                for o in objects
            )
            if overflow is not None:
                item.overflow = overflow
        if isinstance(item, Text):
            if len(item) > _LONG_TEXT:  # in a Group it would render in quadratic time
                self.flush()
                print_text(self.out, item)
                return
            if (item.no_wrap is None and len(item) <= self.width and "\n" not in item.plain
                    and item.cell_len <= self.width):  # len first: cell_len of a long line scans it
                item.no_wrap = True  # it fits: Rich's word wrapping would find no break (half the cost)
        self._items.append(item)
        if len(self._items) >= self._batch:
            self.flush()

    def rule(self, title: Any = "", *, style: Any = "rule.line", align: Any = "center") -> None:
        from rich.rule import Rule

        self._items.append(Rule(title, style=style, align=align))

    def flush(self) -> None:
        from rich.console import Group

        if self._items:
            items, self._items = self._items, []
            self.out.print(Group(*items))

    def __enter__(self) -> Batched:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
