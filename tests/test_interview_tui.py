"""The Textual interview app driven with the Pilot, on a real database and the real lint."""

from __future__ import annotations

import asyncio
import json
import re

from textual.widgets import Markdown, Static, TextArea

from icraft.interview.engine import InterviewOptions, Phase
from icraft.modes.interview import InterviewRunner
from icraft.store import sessions as store
from icraft.tui.interview_app import build_app
from tests.fakes.fixtures import offline_network  # noqa: F401 (autouse: no proxies, loopback only)
from tests.test_sessions_cmd import STAR, WEAK


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _app(db, minutes=10, clock=None):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=minutes, seed=11))
    first = runner.begin()
    return runner, build_app(runner, first, clock=clock or FakeClock())


async def _type_and_send(pilot, text):
    pilot.app.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_full_interview_in_the_tui(db):
    clock = FakeClock()
    runner, app = _app(db, clock=clock)

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            assert "Warm-up" in str(app.query_one("#phase").render())
            await _type_and_send(pilot, "I build payment systems at Acme.")
            clock.t += 95  # the candidate took 95 s on the next answer
            await _type_and_send(pilot, WEAK)
            findings = str(app.query_one("#findings", Static).render())
            assert "filler_spike" in findings and "/100" in findings
            assert app.query_one("#answer", TextArea).text == ""  # editor cleared after sending
            await pilot.press("ctrl+r")  # repeat the question
            assert "Sure." in str(app.query_one("#question", Static).render())
            for _ in range(30):
                if app.finished:
                    break
                if runner.engine.phase is Phase.CANDIDATE_QUESTIONS:
                    await _type_and_send(pilot, "no")
                else:
                    await _type_and_send(pilot, STAR)
            assert app.finished
            report = app.query_one("#report", Markdown)
            assert report is not None
            await pilot.press("q")
        return app.return_value

    assert asyncio.run(go()) == "completed"
    row = store.get_session(db, runner.session_id)
    assert row.status == "completed" and row.score is not None
    timed = db.execute("SELECT timings FROM turns WHERE text = ?", (WEAK,)).fetchone()
    assert timed["timings"] == '{"answer_ms":95000}'


def test_pause_keeps_the_session_in_progress(db):
    runner, app = _app(db, minutes=30)

    async def go():
        async with app.run_test() as pilot:
            await _type_and_send(pilot, "I build payment systems at Acme.")
            app.query_one("#answer", TextArea).text = "half an answer"
            await pilot.press("ctrl+q")
        return app.return_value

    assert asyncio.run(go()) == "paused"
    row = store.get_session(db, runner.session_id)
    assert row.status == "in_progress"
    texts = [r.text for r in store.stored_turns(db, runner.session_id) if r.speaker == "candidate"]
    assert texts == ["I build payment systems at Acme."]
    again = InterviewRunner.load(db, runner.session_id)
    assert again.engine.phase is Phase.CORE


GREETING = "Hello and welcome! Let's start with a short warm-up."
FOLLOWUP = "You said the team handled it: which part did you do yourself?"


def _model_app(db, server, notices):
    """An interview phrased by the real openai SDK against a fake openai-compatible server."""
    from icraft import config
    from icraft.interview.wording import LLMWording
    from icraft.providers import FallbackChain

    config.set_value("llm.provider", "openai-compatible")
    config.set_value("llm.base_url", server.url + "/v1")
    config.set_value("llm.model", "llama3.2")
    wording = LLMWording(FallbackChain(notify=notices.append))
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11), wording=wording)
    wording.session_id = runner.session_id
    return runner, build_app(runner, None, clock=FakeClock())  # None: the app greets, in a worker


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_slow_model_reply_runs_in_a_worker_and_the_ui_stays_responsive(db):
    import threading

    from tests.fakes import openai_api as O
    from tests.fakes.server import FakeServer

    phrased = threading.Event()  # the model is still phrasing the follow-up until the test says
    slow = O.completion(FOLLOWUP)
    slow.hold = phrased
    with FakeServer() as server:
        server.push(O.completion(GREETING), slow)
        runner, app = _model_app(db, server, [])

        async def go():
            async with app.run_test(size=(120, 40)) as pilot:
                await _settle(pilot)
                assert GREETING in str(app.query_one("#transcript").children[0].render())
                await _type_and_send(pilot, "I build payment systems at Acme.")
                await _settle(pilot)
                assert runner.engine.phase is Phase.CORE
                editor = app.query_one("#answer", TextArea)
                editor.text = WEAK
                try:
                    await pilot.press("ctrl+s")
                    assert app.thinking
                    assert "thinking" in str(app.query_one("#question", Static).render())
                    assert "thinking" in str(app.query_one("#phase").render())
                    await pilot.press("o", "k")  # the editor takes text while the model works
                    assert editor.text == "ok"
                    await pilot.press("ctrl+s")  # not sent: the interviewer has not replied yet
                    # Keys were handled while the model call was still open: it runs in a worker
                    # (on the UI thread, the presses would wait for the reply, and it never came).
                    assert editor.text == "ok" and app.thinking and len(server.requests) == 2
                    # The answer was stored before the model was asked (it survives a crash now).
                    assert [r.text for r in store.stored_turns(db, runner.session_id)][-1] == WEAK
                finally:
                    phrased.set()
                await _settle(pilot)
                assert not app.thinking
                assert FOLLOWUP in str(app.query_one("#question", Static).render())
                assert "/100" in str(app.query_one("#findings", Static).render())
                await pilot.press("ctrl+q")

        asyncio.run(go())
    rows = store.stored_turns(db, runner.session_id)
    assert [r.text for r in rows if r.phase == "followup" and r.speaker == "interviewer"] == [FOLLOWUP]
    ledger = db.execute("SELECT session_id FROM usage").fetchall()
    assert [r[0] for r in ledger] == [runner.session_id] * 2


def test_provider_failure_in_the_tui_is_a_notification_then_offline(db):
    from tests.fakes import openai_api as O
    from tests.fakes.server import FakeServer

    with FakeServer(responder=lambda req: O.error(503, "model server is down")) as server:
        server.push(O.completion(GREETING))
        notices: list[str] = []
        runner, app = _model_app(db, server, notices)

        async def go():
            async with app.run_test(size=(120, 40)) as pilot:
                await _settle(pilot)
                await _type_and_send(pilot, "I build payment systems at Acme.")
                await _settle(pilot)
                await _type_and_send(pilot, WEAK)  # the follow-up call fails (after retries)
                await _settle(pilot)
                shown = [n.message for n in app._notifications]  # noqa: SLF001
                assert len(shown) == 1 and "switching to offline" in shown[0]
                assert not app.uses_model  # from now on lines are instant, inline
                requests = len(server.requests)
                await _type_and_send(pilot, STAR)
                assert not app.thinking and len(server.requests) == requests
                await pilot.press("ctrl+q")

        asyncio.run(go())
    assert notices == []  # the app took over the chain's notices: nothing went to stderr


def test_correct_the_last_answer_in_the_tui(db):
    from icraft.tui.screens.edit_answer import EditAnswerScreen

    runner, app = _app(db)
    # A correction that improves the answer (fillers and "we" out, a result in): the weak
    # original may score 0, and a better one must score more, so the re-lint shows.
    fixed = (WEAK.replace("So um, we basically", "I basically").replace("like a migration", "a migration")
             + " I moved 40 services in six weeks, two weeks early.")

    def stored_answer():
        return db.execute(
            "SELECT t.id, t.text, a.overall FROM turns t JOIN answer_scores a ON a.turn_id = t.id"
            " WHERE t.session_id = ? AND a.answer_index = 1",
            (runner.session_id,),
        ).fetchone()

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+e")  # nothing scored yet: a warning, no editor
            assert not isinstance(app.screen, EditAnswerScreen)
            await _type_and_send(pilot, "I build payment systems at Acme.")
            await _type_and_send(pilot, WEAK)
            before = stored_answer()
            assert before["text"] == WEAK
            await pilot.press("ctrl+e")
            assert isinstance(app.screen, EditAnswerScreen)
            editor = app.screen.query_one("#edit-text", TextArea)
            assert editor.text == WEAK
            await pilot.press("escape")  # cancel: nothing changes
            await pilot.pause()
            assert not isinstance(app.screen, EditAnswerScreen) and stored_answer()["text"] == WEAK

            app.query_one("#answer", TextArea).text = "a draft of the next answer"
            await pilot.press("ctrl+e")
            app.screen.query_one("#edit-text", TextArea).text = fixed
            await pilot.press("ctrl+s")  # saves the correction; does not send the draft
            await pilot.pause()
            assert not isinstance(app.screen, EditAnswerScreen)
            after = stored_answer()
            assert after["id"] == before["id"] and after["text"] == fixed
            assert after["overall"] != before["overall"]
            assert app.query_one("#answer", TextArea).text == "a draft of the next answer"
            findings = str(app.query_one("#findings", Static).render())
            assert f"Answer 2: {after['overall']}/100" in findings and f"was {before['overall']}" in findings
            quotes = re.findall(r'^  "(.*)"$', findings, re.MULTILINE)
            assert quotes and all(q in fixed for q in quotes)  # evidence cut from the corrected text
            line = str(app.last_scored[1].render())
            assert fixed in line and "So um" not in line
            await pilot.press("ctrl+q")
        return after

    asyncio.run(go())
    candidate = [r.text for r in store.stored_turns(db, runner.session_id) if r.speaker == "candidate"]
    assert candidate == ["I build payment systems at Acme.", fixed]  # corrected in place, nothing sent


def test_fast_typing_then_send_sends_every_key(db):
    """Keys typed faster than the editor handles them (a paste without bracketed paste,
    tmux send-keys) are all in the answer: Ctrl+S reads the editor after its queue."""
    from textual import events

    runner, app = _app(db)
    text = "I led the migration to Postgres and cut p99 latency by half."

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            for ch in text:  # queued at once, not one key per event-loop turn as pilot.press does
                app.post_message(events.Key(ch if ch != " " else "space", ch))
            app.post_message(events.Key("ctrl+s", None))
            await pilot.pause()
            await pilot.pause()
            assert app.query_one("#answer", TextArea).text == ""
            await pilot.press("ctrl+q")

    asyncio.run(go())
    answers = [r.text for r in store.stored_turns(db, runner.session_id) if r.speaker == "candidate"]
    assert answers == [text]


def test_continued_interview_shows_its_transcript_and_time_so_far(db):
    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))
    runner.begin()
    runner.submit("I build payment systems at Acme.", elapsed_ms=30_000)
    runner.submit(STAR, elapsed_ms=100_000)
    again = InterviewRunner.load(db, runner.session_id)
    first = again.resume()
    app = build_app(again, first, clock=FakeClock())

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            lines = [str(w.render()) for w in app.query_one("#transcript").children]
            stored = store.stored_turns(db, runner.session_id)
            assert len(lines) == len(stored)  # every stored turn once, the "welcome back" last
            assert sum("I build payment systems at Acme." in line for line in lines) == 1
            assert "Welcome back" in lines[-1] and "Welcome back" in str(app.query_one("#question").render())
            assert str(app.query_one("#timer").render()).startswith("02:10 /")
            await pilot.press("ctrl+q")

    asyncio.run(go())


def test_after_continue_ctrl_e_corrects_the_last_scored_answer_of_the_restored_session(db):
    from icraft.tui.screens.edit_answer import EditAnswerScreen

    runner = InterviewRunner.create(db, InterviewOptions(type="behavioral", minutes=10, seed=11))
    runner.begin()
    again = InterviewRunner.load(db, runner.session_id)
    fresh = build_app(again, again.resume(), clock=FakeClock())

    async def nothing_scored():  # a continued session with no scored answer: nothing to correct
        async with fresh.run_test(size=(120, 40)) as pilot:
            assert fresh.last_scored is None and fresh.check_action("edit_answer", ()) is not True
            await pilot.press("ctrl+e")
            assert not isinstance(fresh.screen, EditAnswerScreen)
            await pilot.press("ctrl+q")

    asyncio.run(nothing_scored())
    runner.submit("I build payment systems at Acme.", elapsed_ms=30_000)
    runner.submit(WEAK, elapsed_ms=100_000)
    before = db.execute("SELECT overall FROM answer_scores WHERE session_id = ? AND answer_index = 1",
                        (runner.session_id,)).fetchone()["overall"]
    fixed = WEAK.replace("So um, we basically", "I basically").replace("like a migration", "a migration")
    again = InterviewRunner.load(db, runner.session_id)
    app = build_app(again, again.resume(), clock=FakeClock())

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.check_action("edit_answer", ()) is True  # "^e Correct" in the footer works
            await pilot.press("ctrl+e")
            assert isinstance(app.screen, EditAnswerScreen)
            assert app.screen.query_one("#edit-text", TextArea).text == WEAK
            app.screen.query_one("#edit-text", TextArea).text = fixed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, EditAnswerScreen)
            findings = str(app.query_one("#findings", Static).render())
            assert "Answer 2: " in findings and f"was {before}" in findings
            lines = [str(w.render()) for w in app.query_one("#transcript").children]
            assert sum(fixed in line for line in lines) == 1 and not any("So um, we basically" in ln for ln in lines)
            await pilot.press("ctrl+q")

    asyncio.run(go())
    candidate = [r.text for r in store.stored_turns(db, runner.session_id) if r.speaker == "candidate"]
    assert candidate == ["I build payment systems at Acme.", fixed]


def test_answers_are_numbered_by_real_answers_after_a_repeat_and_a_skip(db, cli):
    """Ctrl+R then Ctrl+K, then the first real answer: it was "Answer 3" in the findings
    pane, `sessions show` and `rewind --answer`; it is answer 1 in every view, while the
    stored index still counts the requests (old sessions read the same)."""
    runner, app = _app(db)

    async def go() -> list[str]:
        shown = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+r")
            await pilot.pause()
            await pilot.press("ctrl+k")
            await pilot.pause()
            await _type_and_send(pilot, STAR)
            shown.append(str(app.query_one("#findings", Static).render()))
            await _type_and_send(pilot, WEAK)
            shown.append(str(app.query_one("#findings", Static).render()))
            await pilot.press("ctrl+q")
        return shown

    first, second = asyncio.run(go())
    assert first.startswith("Answer 1:") and second.startswith("Answer 2:"), (first, second)
    sid = runner.session_id
    stored = [r[0] for r in db.execute("SELECT answer_index FROM answer_scores WHERE session_id = ? ORDER BY id",
                                       (sid,))]
    assert stored == [2, 3]  # storage unchanged: every candidate turn keeps its place
    out = cli("sessions", "show", sid, env={"NO_COLOR": "1"}).stdout
    assert "You (request): can you repeat the question" in out and "You (request): skip" in out
    assert "You (answer 1) " in out and "You (answer 2) " in out and "answer 3" not in out
    turns = json.loads(cli("sessions", "show", sid, "--json").stdout)["turns"]
    assert [(t["answer"], t["number"]) for t in turns if t["speaker"] == "candidate"] == [
        (0, None), (1, None), (2, 1), (3, 2)]
    rewound = json.loads(cli("rewind", sid, "--answer", "1", "--history", "--json").stdout)["answers"]
    assert [(h["answer"], h["answer_number"]) for h in rewound] == [(2, 1)]
    assert cli("rewind", sid, "--answer", "3").returncode == 2
    diff = json.loads(cli("diff", sid, "--answer", "2", "--json").stdout)
    assert (diff["answer"], diff["answer_number"]) == (3, 2)
    edited = json.loads(cli("sessions", "edit", sid, "--answer", "1", "--text", STAR + " Again.", "--json").stdout)
    assert (edited["answer"], edited["answer_number"]) == (2, 1)
