"""Subtitles written from a voice session: every cue lasts a positive time and the
cues run forwards, though the interviewer's lines are untimed and each answer is timed
from its own recording (docs/FORMATS.md, "Writing")."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from icraft.core.transcript import CANDIDATE, INTERVIEWER, TimedToken, Transcript, Turn
from icraft.formats import read_text, write
from icraft.formats.subtitles import SPEAKING_MS_PER_WORD, _cues

_STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d)[.,](\d{3}) --> (\d\d):(\d\d):(\d\d)[.,](\d{3})$", re.MULTILINE)


def _timed(text: str, start_ms: int, step_ms: int = 300) -> Turn:
    """A recognised answer: each word ``step_ms`` long, from ``start_ms`` of its recording."""
    tokens = [TimedToken(w, start_ms + i * step_ms, start_ms + (i + 1) * step_ms, 0.9)
              for i, w in enumerate(text.split())]
    return Turn.from_tokens(CANDIDATE, tokens)


def voice_session() -> Transcript:
    """As `icraft sessions export` builds it from a voice interview: spoken questions
    stored as text, each answer's word times counted from the start of its recording."""
    return Transcript(turns=(
        Turn.from_text(INTERVIEWER, "Hi, thanks for joining. What's something you're really good at technically?"),
        _timed("I am a backend engineer on the ledger service.", 0),
        Turn.from_text(INTERVIEWER, "Thanks. Tell me about a time you had ambiguous requirements."),
        _timed("So I led the migration to Postgres and we cut latency by forty percent.", 1360),
        Turn.from_text(INTERVIEWER, "Let's stop here. Thanks for your time."),
    ))


def _spans(out: str) -> list[tuple[int, int]]:
    def ms(h: str, m: str, s: str, f: str) -> int:
        return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)

    return [(ms(*g[:4]), ms(*g[4:])) for g in _STAMP.findall(out)]


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
def test_voice_session_cues_have_positive_durations_and_run_forwards(fmt: str) -> None:
    t = voice_session()
    out = write(t, fmt)
    spans = _spans(out)
    assert len(spans) >= 5
    assert all(e > s for s, e in spans), out  # was `00:00:01.040 --> 00:00:01.040` for the interviewer
    assert all(a[0] <= b[0] and a[1] <= b[0] for a, b in pairwise(spans)), out  # forwards, no overlap
    again = read_text(out)
    assert [(x.speaker, x.text) for x in again.turns] == [(x.speaker, x.text) for x in t.turns]
    first_q, first_a, second_q, second_a, closing = again.turns
    # The untimed question takes the time it takes to say; the answer keeps its own spacing.
    assert first_q.start_ms == 0 and first_q.end_ms == len(t.turns[0].words) * SPEAKING_MS_PER_WORD
    assert first_a.start_ms == first_q.end_ms
    assert first_a.end_ms - first_a.start_ms == t.turns[1].end_ms - t.turns[1].start_ms
    # The second answer's clock restarted at 0: it comes after the question, 1.36 s in, as recorded.
    assert second_q.start_ms == first_a.end_ms
    assert second_a.start_ms == second_q.end_ms + 1360
    assert second_a.end_ms - second_a.start_ms == t.turns[3].end_ms - t.turns[3].start_ms
    assert closing.start_ms == second_a.end_ms and closing.end_ms > closing.start_ms


def test_untimed_words_share_a_gap_that_can_hold_them_and_timed_words_keep_their_times() -> None:
    """A transcript on one shared clock (only the candidate was recognised): the question
    fills the 6 s before the answer, and the answer is not moved."""
    t = Transcript(turns=(
        Turn.from_text(INTERVIEWER, "Tell me about a migration you led."),
        _timed("I led the move to Postgres.", 6000),
    ))
    q, a = _cues(t, "vtt")
    assert (q[0], q[1]) == (0, 6000) and (a[0], a[1]) == (6000, 6000 + 6 * 300)


def test_zero_length_timed_cue_lasts_until_the_next_cue_or_its_words_time() -> None:
    """A one-word answer a recogniser timed at one instant (start == end)."""
    instant = Turn.from_tokens(CANDIDATE, [TimedToken("Yes.", 1000, 1000, 0.9)])
    soon = Turn.from_tokens(INTERVIEWER, [TimedToken("Why?", 1200, 1500, 0.9)])
    later = Turn.from_tokens(INTERVIEWER, [TimedToken("Why?", 5000, 5300, 0.9)])
    assert _cues(Transcript(turns=(instant, soon)), "srt")[0][:2] == (1000, 1200)  # up to the next cue
    assert _cues(Transcript(turns=(instant, later)), "srt")[0][:2] == (1000, 1000 + SPEAKING_MS_PER_WORD)
    assert _cues(Transcript(turns=(instant,)), "vtt")[0][:2] == (1000, 1000 + SPEAKING_MS_PER_WORD)


def test_session_export_vtt_from_a_stored_voice_session(cli, db) -> None:
    """The reviewer's path: `icraft sessions export ID --format vtt` on a session whose
    answers carry recogniser timings and whose questions do not."""
    from icraft.interview.engine import InterviewOptions, Phase
    from icraft.modes.interview import InterviewRunner

    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=3))
    runner.begin()
    answers = [_timed("I build payment systems at a fintech.", 0),
               _timed("We moved the ledger to Postgres and I owned the cut-over plan.", 800)]
    i = 0
    while runner.engine.phase is not Phase.DONE:
        questions = runner.engine.phase is Phase.CANDIDATE_QUESTIONS
        runner.submit(_timed("No, thanks.", 200) if questions else answers[i % 2])
        i += 1
    r = cli("sessions", "export", runner.session_id, "--format", "vtt")
    assert r.returncode == 0, r.stderr
    assert "NOTE typed session" not in r.stdout  # the voice path: icraft.formats' writer
    spans = _spans(r.stdout)
    assert spans and all(e > s for s, e in spans), r.stdout
    assert all(a[0] <= b[0] for a, b in pairwise(spans)), r.stdout
