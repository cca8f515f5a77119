"""Every reader and output is linear in its input (issue 11), guarded without timing.

Each test counts deterministic work (characters Rich copies while splitting rendered
lines, characters the SARIF locator scans, SQL statements, widgets mounted) at one size
and at twice that size: linear work doubles, quadratic work quadruples. Timings are in
benchmarks/bench_sizes.py, never asserted here.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import sarif_regions

from icraft.core.transcript import CANDIDATE, INTERVIEWER, Transcript, Turn, merge_adjacent
from icraft.formats import read_text
from icraft.rubric import lint_transcript, load_rubric
from icraft.rubric.report import LintedFile, to_sarif

ANSWER = (
    "So um basically I led the migration of our billing service to a queue based design, and we cut "
    "the p99 latency from 900 ms to 200 ms over two months. I coordinated three teams and I measured "
    "the error rate every day. The result was that refunds dropped by 30 percent."
)


def one_line(chars: int) -> str:
    """One answer on one line, ``chars`` long."""
    return (ANSWER + " ") * (chars // (len(ANSWER) + 1)) + "done."


def many_lines(answers: int) -> str:
    """Q/A turns; each answer's figures differ, so their quotes are found only in it."""
    return "".join(
        f"Q: Tell me about project {i}?\nA: {ANSWER.replace('900', str(1000 + i))}\n" for i in range(answers)
    )


def linear(small: float, big: float, factor: float = 2.0) -> bool:
    """``big`` (at twice the input) grew like the input, not like its square (x4)."""
    return big <= small * factor * 1.25 + 1000


# -- Rich: a long text rendered as one segment is split line by line, copying the rest ------


@pytest.fixture
def rich_copies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Characters Rich copies splitting rendered segments into lines: a segment of n
    characters and k line breaks costs about n*k (each split copies the rest)."""
    from rich.segment import Segment

    original = Segment.split_and_crop_lines.__func__  # type: ignore[attr-defined]
    work = [0]

    def spy(cls: Any, segments: Any, *args: Any, **kwargs: Any) -> Any:
        segments = list(segments)
        work[0] += sum(len(s.text) * s.text.count("\n") for s in segments)
        return original(cls, segments, *args, **kwargs)

    monkeypatch.setattr(Segment, "split_and_crop_lines", classmethod(spy))
    monkeypatch.setenv("COLUMNS", "100")
    return work


def _measure(work: list[int], run: Callable[[int], None], size: int) -> tuple[int, int]:
    out = []
    for n in (size, 2 * size):
        work[0] = 0
        run(n)
        out.append(work[0])
    return out[0], out[1]


def test_transcript_show_of_a_long_line_is_linear(rich_copies: list[int], tmp_path: Path, capsys: Any) -> None:
    from icraft.cli.transcript_cmd import show

    def run(n: int) -> None:
        f = tmp_path / f"{n}.txt"
        f.write_text(one_line(n), encoding="utf-8")
        show(str(f), None, False)
        out = capsys.readouterr().out
        assert "done." in out and len(out) > n

    small, big = _measure(rich_copies, run, 100_000)
    assert linear(small, big), (small, big)


def test_transcript_show_prints_the_same_wrapped_text_as_rich(tmp_path: Path, capsys: Any) -> None:
    """The chunked printing of a long text is Rich's own wrapping, line for line."""
    import io

    from rich.console import Console
    from rich.text import Text

    from icraft.cli.output import console
    from icraft.cli.transcript_cmd import show

    text = one_line(30_000).replace("billing", "bïlling 账单 " + "x" * 130)  # wide characters, an over-long word
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    show(str(f), None, False)
    out = capsys.readouterr().out
    rich = Console(width=console().width, file=io.StringIO())
    rich.print(Text(read_text(text).turns[0].text))
    assert out.endswith(rich.file.getvalue())  # type: ignore[attr-defined]


def test_lint_human_report_is_linear(rich_copies: list[int], capsys: Any) -> None:
    from icraft.cli.lint_cmd import _render_human

    rubric = load_rubric()
    scoped = {r.id for r in rubric.rules if r.scope == "answer"}

    def run(n: int) -> None:
        for text in (one_line(n), many_lines(n // 400)):
            t = read_text(text)
            _render_human([LintedFile("x.txt", t, lint_transcript(t, rubric=rubric))], None, scoped)
        assert "Answer" in capsys.readouterr().out

    small, big = _measure(rich_copies, run, 60_000)
    assert linear(small, big), (small, big)


def test_sessions_show_of_a_long_answer_is_linear(rich_copies: list[int], capsys: Any, db: sqlite3.Connection) -> None:
    from icraft.cli.sessions_cmd import show
    from icraft.practice.record import save_report

    def run(n: int) -> None:
        t = read_text(one_line(n))
        sid = save_report(db, t, lint_transcript(t), kind="lint", source="x.txt")
        show(sid, False)
        assert "done." in capsys.readouterr().out

    small, big = _measure(rich_copies, run, 100_000)
    assert linear(small, big), (small, big)


# -- SARIF: each quote was searched from the start of the file ----------------------------


class _Scanned(str):
    """A str that counts the characters its searches look at."""

    work = 0

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        lo, hi, _ = slice(start, end).indices(len(self))
        pos = str.find(self, sub, lo, hi)
        _Scanned.work += (pos - lo + len(sub)) if pos >= 0 else max(0, hi - lo)
        return pos

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        lo, hi, _ = slice(start, end).indices(len(self))
        pos = str.rfind(self, sub, lo, hi)
        _Scanned.work += (hi - pos) if pos >= 0 else max(0, hi - lo)
        return pos

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        lo, hi, _ = slice(start, end).indices(len(self))
        _Scanned.work += max(0, hi - lo)
        return str.count(self, sub, lo, hi)


def _sarif(raw: str) -> dict[str, Any]:
    t = read_text(raw)
    rubric = load_rubric()
    return to_sarif([LintedFile("x.txt", t, lint_transcript(t, rubric=rubric), raw_text=_Scanned(raw))], rubric)


def test_sarif_regions_are_found_in_linear_work() -> None:
    work = []
    for answers in (150, 300):
        _Scanned.work = 0
        doc = _sarif(many_lines(answers))
        assert any("startLine" in loc["physicalLocation"]["region"]
                   for r in doc["runs"][0]["results"] for loc in r["locations"])
        work.append(_Scanned.work)
    assert linear(*work), work


def test_a_quote_repeated_in_every_answer_is_placed_in_its_own_answer() -> None:
    raw = many_lines(6)
    doc = _sarif(raw)
    lines = raw.splitlines()
    placed = 0
    for r, _, region in sarif_regions(doc, "startLine"):
        answer = r["properties"]["answer"]
        assert region["startLine"] == 2 * answer + 2, (r["ruleId"], answer, region)  # "A: ..." of that answer
        assert raw[region["charOffset"] : region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        assert lines[region["startLine"] - 1].startswith("A: ")
        placed += 1
    assert placed >= 6


# -- readers -------------------------------------------------------------------------------


def test_merging_one_speaker_turns_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each merge used to build a Turn from the growing text and word tuple: quadratic
    (a VTT of 100k one-speaker cues took minutes). Counts the words handed to Turn."""
    import icraft.core.transcript as core

    copied = [0]

    def counting_turn(*args: Any, **kwargs: Any) -> Turn:
        turn = Turn(*args, **kwargs)
        copied[0] += len(turn.words)
        return turn

    work = []
    for n in (2_000, 4_000):
        turns = [Turn.from_text(CANDIDATE if i < n else INTERVIEWER, f"w{i} x") for i in range(n + 1)]
        copied[0] = 0
        monkeypatch.setattr(core, "Turn", counting_turn)
        merged = merge_adjacent(turns)
        monkeypatch.setattr(core, "Turn", Turn)
        work.append(copied[0])
        assert [t.speaker for t in merged] == [CANDIDATE, INTERVIEWER]
        first = merged[0]
        assert len(first.words) == 2 * n
        for w in (first.words[0], first.words[n // 3], first.words[-1]):
            assert first.text[w.char_start : w.char_end] == w.text
        assert Transcript(merged).word_count() == 2 * n + 2
    assert linear(*work), work


def test_a_vtt_of_many_one_speaker_cues_reads_whole() -> None:
    cues = "".join(
        f"00:{i // 600:02d}:{(i // 10) % 60:02d}.{(i % 10) * 100:03d} --> "
        f"00:{i // 600:02d}:{(i // 10) % 60:02d}.{(i % 10) * 100 + 90:03d}\n<v Candidate>word{i}\n\n"
        for i in range(30_000)
    )
    t = read_text("WEBVTT\n\n" + cues)
    assert len(t.turns) == 1 and len(t.turns[0].words) == 30_000
    w = t.turns[0].words[-1]
    assert t.turns[0].text[w.char_start : w.char_end] == "word29999"


# -- the store and the dashboard -------------------------------------------------------------


def _saved(db: sqlite3.Connection, answers: int) -> str:
    from icraft.practice.record import save_report

    t = read_text(many_lines(answers))
    return save_report(db, t, lint_transcript(t), kind="lint", source="x.txt")


def _statements(db: sqlite3.Connection, fn: Callable[[], Any]) -> int:
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        fn()
    finally:
        db.set_trace_callback(None)
    return len(seen)


def test_reading_a_session_takes_the_same_queries_for_any_number_of_answers(db: sqlite3.Connection) -> None:
    from icraft.interview.transcript_view import session_turns
    from icraft.store.queries import session_detail

    small, big = _saved(db, 5), _saved(db, 10)
    assert _statements(db, lambda: session_turns(db, small)) == _statements(db, lambda: session_turns(db, big))
    assert _statements(db, lambda: session_detail(db, small)) == _statements(db, lambda: session_detail(db, big))
    detail = session_detail(db, big)
    assert [a.question for a in detail.answers] == [f"Tell me about project {i}?" for i in range(10)]


def test_the_session_screen_mounts_answers_a_page_at_a_time_and_previews_long_ones(db: sqlite3.Connection) -> None:
    from textual.widgets import Static

    from icraft.tui.messages import SessionRequested
    from icraft.tui.screens.session import PAGE, PREVIEW_CHARS, SessionScreen
    from tests.dashboard_helpers import make_app, plain

    from icraft.practice.record import save_report

    sid = _saved(db, PAGE * 2 + 5)
    t = read_text(one_line(200_000))
    long_id = save_report(db, t, lint_transcript(t), kind="lint", source="long.txt")
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.post_message(SessionRequested(sid))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            assert len(screen.query(".answer")) == PAGE
            for _ in range(20):  # scroll to the end until every answer is mounted
                await pilot.press("end")
                await pilot.pause()
                if len(screen.query(".answer")) == PAGE * 2 + 5:
                    break
            assert len(screen.query(".answer")) == PAGE * 2 + 5
            assert not screen.query("#more")
            await pilot.press("escape")
            await pilot.pause()
            app.post_message(SessionRequested(long_id))
            await pilot.pause()
            shown = plain(app.screen.query_one(".answer", Static))
            assert len(shown) < 50_000  # the answer and several findings quoting all of it: 800,000 before
            assert "more words: `icraft sessions show` prints the whole answer" in shown

    asyncio.run(main())


def test_a_read_transcript_holds_under_30_bytes_per_input_byte() -> None:
    """Memory, measured by tracemalloc (deterministic): one string per distinct word, no
    per-word copies while collapsing whitespace. Was 37 bytes per byte of a long answer."""
    import gc
    import tracemalloc

    held = []
    for n in (200_000, 400_000):
        text = one_line(n)
        gc.collect()
        tracemalloc.start()
        t = read_text(text)
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert t.word_count() > n // 7
        held.append(size)
        del t
    assert held[1] < 30 * 400_000, held
    assert linear(*held), held
