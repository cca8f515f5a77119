"""Transcript readers and writers: detection, each format's details, round trips against
the source files, every kind of bad input, the CLI, and import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from icraft.core.errors import InputError, NotFoundError
from icraft.core.transcript import CANDIDATE, INTERVIEWER, SPEAKERS, Transcript
from icraft.formats import FORMATS, MAX_BYTES, detect, read_path, read_text, to_dict, write

from tests.conftest import REPO, TRANSCRIPT_FIXTURES

DATA = Path(__file__).parent / "data" / "formats"
SCHEMA = json.loads((REPO / "docs" / "transcript.schema.json").read_text())

OWN = {
    "broken_timings.deepgram.json": "deepgram",
    "deepgram_streaming.jsonl": "deepgram",
    "deepgram_utterances.json": "deepgram",
    "icraft.json": "json",
    "no_blank_lines.srt": "srt",
    "plain.txt": "text",
    "qa.txt": "text",
    "voices.vtt": "vtt",
    "whisper_segments_only.json": "openai",
    "whisper_words_only.json": "openai",
    "whisperx_speakers.json": "openai",
    "zoom.vtt": "vtt",
}
SHARED = {
    "interview_two_speakers.deepgram.json": "deepgram",
    "interview_two_speakers.srt": "srt",
    "mid_behavioral.deepgram.json": "deepgram",
    "mid_behavioral.openai.json": "openai",
    "mid_behavioral.vtt": "vtt",
    "sd_cache.deepgram.json": "deepgram",
    "sd_cache.openai.json": "openai",
    "sd_cache.vtt": "vtt",
}


def _all_fixtures() -> list[Path]:
    return [DATA / n for n in OWN] + [TRANSCRIPT_FIXTURES / n for n in SHARED]


def assert_valid(t: Transcript) -> None:
    """Every invariant downstream code relies on (also used by the fuzz tests)."""
    assert isinstance(t, Transcript) and t.turns
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in t.meta.items())
    for i, turn in enumerate(t.turns):
        assert turn.speaker in SPEAKERS
        assert turn.words, f"turn {i} is empty"
        assert [w.text for w in turn.words] == turn.text.split()
        prev_end = 0
        for w in turn.words:
            assert turn.text[w.char_start : w.char_end] == w.text
            assert (w.start_ms is None) == (w.end_ms is None)
            if w.timed:
                assert type(w.start_ms) is int and type(w.end_ms) is int
                assert 0 <= w.start_ms <= w.end_ms, w
                assert w.start_ms >= prev_end, "timings must not overlap or go back within a turn"
                prev_end = w.end_ms
        if i:
            assert turn.speaker != t.turns[i - 1].speaker, "adjacent turns must be merged"


def words_of(t: Transcript) -> list[list[tuple]]:
    return [
        [(turn.speaker, turn.approximate, w.text, w.start_ms, w.end_ms, w.confidence) for w in turn.words]
        for turn in t.turns
    ]


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _all_fixtures(), ids=lambda p: p.name)
def test_detects_every_fixture_and_reads_a_valid_transcript(path: Path) -> None:
    expected = {**OWN, **SHARED}[path.name]
    text = path.read_text(encoding="utf-8")
    assert detect(text) == expected
    t = read_path(path)
    assert_valid(t)
    assert t.meta["source_format"] == expected


def test_detection_is_by_content_not_extension(tmp_path: Path) -> None:
    vtt = (DATA / "voices.vtt").read_text()
    assert detect(vtt, "notes.txt") == "vtt"
    assert detect("[laughs] I think we should shard by user.") == "text"
    assert detect('  {"text": "hello there"}') == "openai"
    # a .json name makes a broken file report where it broke instead of reading as text
    with pytest.raises(InputError, match=r"line 1, column 1"):
        detect("hello", "answer.json")


def test_unknown_json_lists_the_formats_and_from() -> None:
    with pytest.raises(InputError) as e:
        read_text('{"foo": 1}')
    assert "--from" in str(e.value) and all(f in str(e.value) for f in FORMATS)


def test_forced_format_overrides_detection_and_fails_clearly() -> None:
    qa = "Interviewer: Why?\nCandidate: Because."
    t = read_text(qa, "text")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE]
    # The error says what --from expected and what the file is, and never "force another
    # format with --from" to someone who just did.
    with pytest.raises(InputError) as e:
        read_text(qa, "deepgram", name="qa.txt")
    assert str(e.value) == ("qa.txt: --from deepgram expects Deepgram JSON, but the file is plain text "
                            "(drop --from to read it as plain text)")
    with pytest.raises(InputError, match="expects Deepgram JSON, but the file is Whisper/OpenAI verbose_json"):
        read_text((DATA / "whisper_words_only.json").read_text(), "deepgram")
    with pytest.raises(InputError, match=r"not a Deepgram transcript \(no 'results' object\)"):
        read_text('{"results": null}', "deepgram")  # JSON of no known format: the reader's own reason
    with pytest.raises(InputError) as e:
        read_text('{"results": 3', "deepgram")  # broken JSON: where, and what --from expects
    assert str(e.value) == ("input: invalid JSON at line 1, column 14: Expecting ',' delimiter "
                            "(check the file: --from deepgram expects Deepgram JSON)")
    with pytest.raises(InputError, match="not WebVTT"):
        read_text(qa, "vtt")
    forced = read_text((DATA / "whisper_words_only.json").read_text(), "whisper")
    assert forced.meta["source_format"] == "openai"
    with pytest.raises(InputError, match="unknown format 'docx'"):
        read_text(qa, "docx")


# -- Deepgram ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in SHARED if n.endswith(".deepgram.json")])
def test_deepgram_keeps_every_word_and_timing_of_the_source(name: str) -> None:
    src = json.loads((TRANSCRIPT_FIXTURES / name).read_text())
    words = src["results"]["channels"][0]["alternatives"][0]["words"]
    t = read_path(TRANSCRIPT_FIXTURES / name)
    got = [w for turn in t.turns for w in turn.words]
    assert len(got) == len(words) == t.word_count()
    assert [w.text for w in got] == [w["punctuated_word"] for w in words]
    expected = [(round(w["start"] * 1000), round(w["end"] * 1000)) for w in words]
    assert [(w.start_ms, w.end_ms) for w in got] == expected
    assert [w.confidence for w in got] == [w["confidence"] for w in words]
    assert "repairs" not in t.meta
    assert not t.approximate and t.timed


def test_deepgram_diarization_maps_speakers_to_roles() -> None:
    t = read_path(TRANSCRIPT_FIXTURES / "interview_two_speakers.deepgram.json")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER, CANDIDATE]
    assert t.meta["speakers"] == "0=interviewer, 1=candidate"
    answers = t.answers()
    assert len(answers) == 2
    assert answers[0].question is not None and answers[0].question.text.startswith("Tell me about a time")
    src = json.loads((TRANSCRIPT_FIXTURES / "interview_two_speakers.deepgram.json").read_text())
    for turn, utt in zip(t.turns, src["results"]["utterances"]):
        assert turn.start_ms == round(utt["start"] * 1000) and turn.end_ms == round(utt["end"] * 1000)
        assert len(turn.words) == len(utt["words"])


def _dg(words: list[tuple[str, float, float, int | None]]) -> str:
    ws = [
        {"word": w.lower().strip("?.,"), "punctuated_word": w, "start": s, "end": e, "confidence": 0.9}
        | ({"speaker": sp} if sp is not None else {})
        for w, s, e, sp in words
    ]
    return json.dumps({"results": {"channels": [{"alternatives": [{"transcript": "", "words": ws}]}]}})


def test_single_speaker_is_the_candidate_even_when_asking() -> None:
    t = read_text(_dg([("Why?", 0, 0.5, 0), ("Because", 0.6, 1.0, 0)]))
    assert [x.speaker for x in t.turns] == [CANDIDATE]


def test_interviewer_is_the_first_speaker_who_asks() -> None:
    # the recording starts mid-answer: speaker 4 talks first but speaker 2 asks the questions
    t = read_text(
        _dg([("so", 0, 0.2, 4), ("done.", 0.2, 0.5, 4), ("Why", 1, 1.2, 2), ("Redis?", 1.2, 1.6, 2),
             ("Because", 2, 2.4, 4), ("latency.", 2.4, 3, 4)])
    )
    assert [x.speaker for x in t.turns] == [CANDIDATE, INTERVIEWER, CANDIDATE]
    assert t.meta["speakers"] == "4=candidate, 2=interviewer"
    # no punctuation at all: the first speaker is the interviewer
    t = read_text(_dg([("hi", 0, 0.2, 1), ("hello", 0.5, 0.9, 0), ("there", 0.9, 1.2, 0)]))
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE]


def test_panel_voices_are_interviewers_and_the_talkiest_other_is_the_candidate() -> None:
    t = read_text(
        _dg([("Ready?", 0, 0.5, 0), ("Yes", 1, 1.2, 1), ("Scale?", 1.5, 2, 2),
             ("We", 2.5, 2.6, 1), ("sharded", 2.6, 3, 1), ("it.", 3, 3.2, 1)])
    )
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER, CANDIDATE]
    assert t.meta["speakers"] == "0=interviewer, 1=candidate, 2=interviewer"


def test_deepgram_streaming_keeps_finals_in_time_order() -> None:
    text = (DATA / "deepgram_streaming.jsonl").read_text()
    t = read_text(text)
    assert t.meta["deepgram_mode"] == "streaming"
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE]
    assert t.turns[0].text == "How would you shard it?"  # the interim "How" is not doubled
    assert t.turns[1].text == "Um, by user ID hashing, which keeps hot keys spread."
    # the same messages as a JSON array
    array = "[" + ",".join(line for line in text.splitlines() if line.strip()) + "]"
    assert words_of(read_text(array)) == words_of(t)


def test_deepgram_utterances_without_channel_words_are_approximate() -> None:
    t = read_path(DATA / "deepgram_utterances.json")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER]
    assert t.approximate and t.turns[1].start_ms == 3000 and t.turns[1].end_ms == 9000


def test_deepgram_multichannel_channels_are_speakers() -> None:
    def ch(words):
        return {"alternatives": [{"words": [{"word": w, "start": s, "end": e} for w, s, e in words]}]}

    doc = {"results": {"channels": [ch([("Why", 0, 0.3), ("Postgres?", 0.3, 0.8), ("OK.", 4, 4.2)]),
                                    ch([("Joins", 1, 1.4), ("mostly.", 1.4, 2)])]}}
    t = read_text(json.dumps(doc))
    assert [(x.speaker, x.text) for x in t.turns] == [
        (INTERVIEWER, "Why Postgres?"), (CANDIDATE, "Joins mostly."), (INTERVIEWER, "OK.")]


def test_deepgram_transcript_without_words_is_one_untimed_answer() -> None:
    doc = {"results": {"channels": [{"alternatives": [{"transcript": "We cut p99 by half."}]}]}}
    t = read_text(json.dumps(doc))
    assert t.turns[0].text == "We cut p99 by half." and not t.timed


# -- OpenAI / Whisper -------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in SHARED if n.endswith(".openai.json")])
def test_openai_words_match_the_source(name: str) -> None:
    src = json.loads((TRANSCRIPT_FIXTURES / name).read_text())
    t = read_path(TRANSCRIPT_FIXTURES / name)
    got = t.turns[0].words
    assert len(t.turns) == 1 and t.turns[0].speaker == CANDIDATE
    assert [(w.text, w.start_ms, w.end_ms) for w in got] == [
        (w["word"], round(w["start"] * 1000), round(w["end"] * 1000)) for w in src["words"]
    ]
    # the same words as Deepgram's file for the same recording
    dg = read_path(TRANSCRIPT_FIXTURES / name.replace(".openai.", ".deepgram."))
    assert [(w.text, w.start_ms, w.end_ms) for w in dg.turns[0].words] == [
        (w.text, w.start_ms, w.end_ms) for w in got]


def test_whisper_segments_only_spread_over_each_segment() -> None:
    t = read_path(DATA / "whisper_segments_only.json")
    turn = t.turns[0]
    assert turn.approximate and turn.text.startswith("I led the migration. It took")
    by_text = {w.text: w for w in turn.words}
    assert by_text["I"].start_ms == 0 and by_text["migration."].end_ms == 2000
    assert by_text["It"].start_ms == 2500 and by_text["percent."].end_ms == 8500


def test_whisper_words_only_and_text_only() -> None:
    t = read_path(DATA / "whisper_words_only.json")
    assert t.turns[0].text == "We shipped it on time." and t.timed and not t.approximate
    t = read_text('{"text": "  Just text,\\n no timings. "}')
    assert t.turns[0].text == "Just text, no timings." and not t.timed


def test_whisperx_segment_words_and_speakers() -> None:
    t = read_path(DATA / "whisperx_speakers.json")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE]
    assert t.turns[0].words[0].confidence == 0.9  # WhisperX "score"
    assert t.turns[1].words[1].confidence == 0.95  # Whisper "probability"


# -- subtitles ------------------------------------------------------------------------------


def test_vtt_voices_tags_entities_and_notes() -> None:
    t = read_path(DATA / "voices.vtt")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER]
    assert t.meta["speakers"] == "Priya=interviewer, Sam=candidate"
    assert t.turns[1].text == "Sure & thanks. I owned the search indexer, which went from 2 to 40 nodes."
    assert all(x.approximate for x in t.turns)
    assert "recorded" not in " ".join(x.text for x in t.turns)  # the NOTE block is not speech


def test_one_named_voice_beside_a_role_takes_the_other_role() -> None:
    t = read_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Priya>Why?\n\n00:02.000 --> 00:03.000\n<v Candidate>Cost.\n")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE] and t.meta["speakers"] == "Priya=interviewer"


def test_zoom_style_name_prefixes_are_speakers() -> None:
    t = read_path(DATA / "zoom.vtt")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER]
    assert t.meta["speakers"] == "Dana Whitfield=interviewer, Luis Ortega=candidate"
    assert t.turns[1].text.startswith("Sure. Our billing") and "Luis" not in t.turns[1].text


def test_an_occasional_colon_is_not_a_speaker() -> None:
    cues = ["Note: the cache was cold.", "So we warmed it first.", "Then traffic moved over.", "It held."]
    srt = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},900\n{c}\n\n" for i, c in enumerate(cues, 1))
    t = read_text(srt)
    assert len(t.turns) == 1 and t.turns[0].text.startswith("Note: the cache") and "speakers" not in t.meta


def test_cue_timings_are_shared_by_character_length() -> None:
    t = read_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Candidate>a bbb\n")
    a, b = t.turns[0].words
    assert (a.start_ms, a.end_ms, b.start_ms, b.end_ms) == (1000, 1250, 1250, 2000)


@pytest.mark.parametrize("name", ["mid_behavioral.vtt", "sd_cache.vtt", "interview_two_speakers.srt"])
def test_subtitle_words_and_cue_bounds_match_the_source(name: str) -> None:
    import re

    text = (TRANSCRIPT_FIXTURES / name).read_text()
    times = re.findall(r"(\d\d):(\d\d):(\d\d)[.,](\d{3}) --> (\d\d):(\d\d):(\d\d)[.,](\d{3})", text)
    cue_text = [
        ln for ln in text.splitlines() if ln and "-->" not in ln and not ln.isdigit() and ln != "WEBVTT"
    ]
    tokens = " ".join(re.sub(r"<v [^>]*>|^(Interviewer|Candidate): ", "", ln) for ln in cue_text).split()
    t = read_path(TRANSCRIPT_FIXTURES / name)
    assert [w.text for turn in t.turns for w in turn.words] == tokens

    def ms(h, m, s, f):
        return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)

    assert t.turns[0].start_ms == ms(*times[0][:4]) and t.turns[-1].end_ms == ms(*times[-1][4:])
    assert t.approximate


def test_srt_without_blank_lines_and_with_italic_prefixes() -> None:
    t = read_path(DATA / "no_blank_lines.srt")
    assert [(x.speaker, x.text) for x in t.turns] == [
        (INTERVIEWER, "Why did you leave?"), (CANDIDATE, "I wanted to own a product end to end.")]


def test_srt_errors_name_the_line() -> None:
    with pytest.raises(InputError, match="line 2: malformed cue timing"):
        read_text("1\n00:00:01,000 --> soon\nhello\n", "srt")
    with pytest.raises(InputError, match="line 5: text outside a cue"):
        read_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n\nstray words\n", "srt")


# -- plain text -------------------------------------------------------------------------------


def test_text_prefixes_any_case_multiline_and_meta() -> None:
    t = read_path(DATA / "qa.txt")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE, INTERVIEWER, CANDIDATE]
    assert t.turns[1].text == (
        "We disagreed on the rollout plan. I set up a call, we compared the risks, and agreed on a canary.")
    assert t.meta["title"] == "Mock loop, round 2" and t.meta["question_type"] == "behavioral"
    assert t.meta["level"] == "senior" and not t.timed and len(t.answers()) == 2


def test_text_without_prefixes_is_one_answer() -> None:
    t = read_path(DATA / "plain.txt")
    assert len(t.turns) == 1 and t.turns[0].speaker == CANDIDATE
    assert t.turns[0].text.endswith("talk about trade-offs.")


def test_text_bold_prefixes_and_leading_text() -> None:
    t = read_text("Context first.\n**Interviewer:** Go on?\n**Candidate:** Sure.\n# not meta: kept\n")
    assert [(x.speaker, x.text) for x in t.turns] == [
        (CANDIDATE, "Context first."), (INTERVIEWER, "Go on?"), (CANDIDATE, "Sure. # not meta: kept")]


# -- icraft JSON ------------------------------------------------------------------------------


def test_icraft_json_keeps_meta_and_lineage() -> None:
    t = read_path(DATA / "icraft.json")
    assert t.meta["question_type"] == "system-design" and t.meta["role"] == "backend"
    assert t.meta["source_format"] == "json" and t.meta["original_format"] == "deepgram"
    assert t.turns[0].words[2].confidence is None and t.turns[0].words[0].confidence == 0.99


def test_icraft_json_corrected_text_keeps_unchanged_timings() -> None:
    doc = json.loads((DATA / "icraft.json").read_text())
    doc["turns"][1]["text"] = "Read-through cache with a five minute TTL."
    t = read_text(json.dumps(doc))
    words = {w.text: w for w in t.turns[1].words}
    assert words["cache"].start_ms == 2500 and words["TTL."].end_ms == 3800
    assert words["five"].start_ms is None and t.meta["repairs"].startswith("1 turn whose text differs from its words")


def test_icraft_json_shorthand_array_of_turns() -> None:
    t = read_text('[{"speaker": "interviewer", "text": "Why?"}, {"speaker": "candidate", "text": "Cost."}]')
    assert t.meta["source_format"] == "json" and [x.text for x in t.turns] == ["Why?", "Cost."]


def test_icraft_json_errors_say_where() -> None:
    doc = json.loads((DATA / "icraft.json").read_text())
    doc["turns"][1]["speaker"] = "recruiter"
    with pytest.raises(InputError, match=r"turns\[1\]\.speaker"):
        read_text(json.dumps(doc))
    doc["turns"][1]["speaker"] = "candidate"
    doc["turns"][1]["words"][3]["start_ms"] = "soon"
    with pytest.raises(InputError, match=r"turns\[1\]\.words\[3\]\.start_ms"):
        read_text(json.dumps(doc))
    with pytest.raises(InputError, match="version 7 is not supported"):
        read_text(json.dumps({"version": 7, "turns": []}))


# -- writers and round trips ------------------------------------------------------------------


@pytest.mark.parametrize("path", _all_fixtures(), ids=lambda p: p.name)
def test_round_trip_through_icraft_json_is_exact(path: Path) -> None:
    t = read_path(path)
    out = write(t, "json")
    again = read_text(out)
    assert words_of(again) == words_of(t)
    assert [x.text for x in again.turns] == [x.text for x in t.turns]
    assert {k: v for k, v in again.meta.items() if k != "source_format"} == {
        k: v for k, v in t.meta.items() if k != "source_format"
    } | {"original_format": t.meta.get("original_format", t.meta["source_format"])}
    assert write(again, "json") == write(read_text(write(again, "json")), "json")  # a fixed point


def test_json_writer_layout_is_the_document() -> None:
    t = read_path(DATA / "icraft.json")
    out = write(t, "json")
    assert json.loads(out) == to_dict(t)
    assert '\n      {"text": "cache", "start_ms": 2500, "end_ms": 2800, "confidence": 0.9},\n' in out
    empty = Transcript((), {"title": 'a "quoted" title'})
    assert json.loads(write(empty, "json")) == to_dict(empty)


@pytest.mark.parametrize("path", _all_fixtures(), ids=lambda p: p.name)
def test_json_output_validates_against_the_schema(path: Path) -> None:
    import jsonschema  # a test dependency: a skip here would hide a schema drift
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(json.loads(write(read_path(path), "json")), SCHEMA)


def test_schema_rejects_what_the_reader_rejects() -> None:
    import jsonschema  # a test dependency: a skip here would hide a schema drift
    doc = json.loads(write(read_path(DATA / "icraft.json"), "json"))
    doc["turns"][0]["speaker"] = "recruiter"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
@pytest.mark.parametrize("path", _all_fixtures(), ids=lambda p: p.name)
def test_subtitle_writers_keep_words_speakers_and_turn_bounds(path: Path, fmt: str) -> None:
    t = read_path(path)
    if not any(w.timed for turn in t.turns for w in turn.words):
        with pytest.raises(InputError, match=f"cannot write {fmt}: the transcript has no timings"):
            write(t, fmt)
        return
    out = write(t, fmt)
    again = read_text(out)
    assert detect(out) == fmt
    assert [(x.speaker, x.text) for x in again.turns] == [(x.speaker, x.text) for x in t.turns]
    for a, b in zip(again.turns, t.turns):
        assert (a.start_ms, a.end_ms) == (b.start_ms, b.end_ms)


def test_cues_are_short_and_never_span_turns() -> None:
    from icraft.formats.subtitles import CUE_MAX_CHARS, CUE_MAX_MS, _cues

    t = read_path(DATA / "deepgram_streaming.jsonl")
    long = read_text(write(t, "json").replace("hashing,", "hashing," + "x" * 100))
    for tr in (t, long):
        cues = _cues(tr, "vtt")
        for s, e, speaker, text in cues:
            assert len(text) <= CUE_MAX_CHARS or " " not in text
            assert e - s <= CUE_MAX_MS or " " not in text
        assert [c[2] for c in cues][:1] == [INTERVIEWER]
    cues = _cues(read_path(TRANSCRIPT_FIXTURES / "interview_two_speakers.deepgram.json"), "srt")
    assert len(cues) > 8 and all(len(c[3]) <= CUE_MAX_CHARS and c[1] - c[0] <= CUE_MAX_MS for c in cues)


def test_vtt_writer_escapes_markup() -> None:
    words = [{"word": "<b>&", "start": 0, "end": 1}, {"word": "x-->y", "start": 1, "end": 2}]
    t = read_text(json.dumps({"words": words}))
    out = write(t, "vtt")
    assert "&lt;b&gt;&amp;" in out and read_text(out).turns[0].text == "<b>& x-->y"


def test_txt_round_trip_keeps_turns_and_meta() -> None:
    t = read_path(DATA / "icraft.json")
    out = write(t, "txt")
    assert out.startswith("# title: Cache design\n") and "\nCandidate: Read-through cache" in out
    again = read_text(out)
    assert [(x.speaker, x.text) for x in again.turns] == [(x.speaker, x.text) for x in t.turns]
    assert {k: again.meta[k] for k in ("title", "question_type", "role", "level")} == {
        k: t.meta[k] for k in ("title", "question_type", "role", "level")}


def test_write_rejects_unknown_format() -> None:
    with pytest.raises(InputError, match="cannot write format 'pdf'"):
        write(read_path(DATA / "plain.txt"), "pdf")
    assert write(read_path(DATA / "plain.txt"), "text").startswith("Candidate: I think")


# -- bad input ----------------------------------------------------------------------------------


def test_malformed_json_line_numbers_count_leading_blank_lines() -> None:
    with pytest.raises(InputError, match=r"line 4, column 13"):
        read_text('\ufeff\n\n{"words":\n  [{"word": }]}')


def test_malformed_json_says_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    p.write_text('{\n  "results": {\n    "channels": [,]\n  }\n}\n')
    with pytest.raises(InputError, match=r"t.json: invalid JSON at line 3, column 18: Expecting value"):
        read_path(p)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.vtt"
    p.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_path(p)
    with pytest.raises(InputError, match="empty"):
        read_path(p, "deepgram")


def test_files_with_no_speech() -> None:
    with pytest.raises(InputError, match="no words found"):
        read_text("WEBVTT\n\n00:01.000 --> 00:02.000\n\n")
    with pytest.raises(InputError, match="no words found"):
        read_text('{"results": {"channels": [{"alternatives": [{"transcript": "", "words": []}]}]}}')
    with pytest.raises(InputError, match="no words found"):  # words that are only whitespace
        read_text('{"words": [{"word": " ", "start": 0, "end": 1}, {"word": "", "start": 1, "end": 2}]}')


def test_non_utf8_is_refused_not_guessed(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Q: Caf\u00e9?\nA: Oui.".encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 0xe9 at line 1") as e:
        read_path(p)
    assert "iconv" in str(e.value)
    p.write_bytes("Q: hi?".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16, not UTF-8"):
        read_path(p)


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    for name in ("voices.vtt", "icraft.json", "qa.txt"):
        p = tmp_path / name
        p.write_bytes(b"\xef\xbb\xbf" + (DATA / name).read_bytes())
        assert words_of(read_path(p)) == words_of(read_path(DATA / name))


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "huge.json"
    with p.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: costs no disk

    def no_open(*a, **k):
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputError, match=r"too large \(50 MB; the limit is 50 MB\)"):
        read_path(p)


def test_stdin_stops_reading_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import icraft.formats

    monkeypatch.setattr(icraft.formats, "MAX_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A: " + b"x" * 100)))
    with pytest.raises(InputError, match="<stdin>: more than"):
        read_path("-")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A: fine")))
    assert read_path("-").turns[0].text == "fine"


def test_binary_missing_and_directory(tmp_path: Path) -> None:
    p = tmp_path / "a.wav"
    p.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    with pytest.raises(InputError, match="NUL bytes"):
        read_path(p)
    program = tmp_path / "a.out"  # NUL bytes after a byte that is not UTF-8: binary, not "convert from latin1"
    program.write_bytes(b"\x7fELF\x02\x01\x01\xd0\x00\x00\x00")
    with pytest.raises(InputError, match="NUL bytes"):
        read_path(program)
    with pytest.raises(NotFoundError, match="no such file"):
        read_path(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize(
    "bad, message",
    [
        ('{"words": [{"word": "a", "start": NaN, "end": 1}]}', "NaN is not a number JSON allows"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"words": [{"word": "a", "start": "0.5", "end": 1}]}', r"words\[0\]\.start: expected a number"),
        ('{"words": [{"word": "a", "start": 1e300, "end": 1}]}', "out of range"),
        ('{"words": [{"start": 0, "end": 1}]}', r"words\[0\]: a word needs its text in 'word'"),
        (
            '{"results": {"channels": [{"alternatives": [{"words": [3]}]}]}}',
            r"words\[0\]: expected an object",
        ),
    ],
)
def test_bad_values_are_one_line_input_errors(bad: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as e:
        read_text(bad)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "doc, where, shown",
    [
        ('{"words": [{"word": "a", "start": 1%s, "end": 1}]}' % ("0" * 300), "words[0].start", "1.00e+300 s"),
        ('{"words": [{"word": "a", "start": 1e300, "end": 1}]}', "words[0].start", "1e+300 s"),
        ('{"turns": [{"speaker": "candidate", "text": "a", "words": [{"text": "a", "start_ms": -%s, "end_ms": 1}]}]}'
         % ("9" * 300), "turns[0].words[0].start_ms", "-9.99e+299 ms"),
    ],
    ids=["301-digit-seconds", "1e300-seconds", "300-digit-ms"],
)
def test_an_out_of_range_timing_is_shown_short(doc: str, where: str, shown: str) -> None:
    """The error used to print all 301 digits of the bad number."""
    with pytest.raises(InputError) as e:
        read_text(doc)
    assert str(e.value).startswith(f"input: {where}: timing {shown} is out of range (a time must be under ")
    assert len(str(e.value)) < 160


def test_broken_timings_are_repaired_and_reported() -> None:
    t = read_path(DATA / "broken_timings.deepgram.json")
    assert_valid(t)
    repairs = t.meta["repairs"]
    assert repairs.startswith("1 negative timing clamped to 0; 1 word ending before it starts")  # no "(s)"
    for what in ("negative", "ending before it starts", "out of time order", "overlapping"):
        assert what in repairs
    words = t.turns[0].words
    assert [w.text for w in words] == "so we rolled back quickly and then fixed it".split()  # order kept
    assert (words[0].start_ms, words[2].start_ms, words[3].end_ms, words[4].start_ms) == (0, 500, 900, 900)
    # untouched words keep their exact times
    assert (words[-1].start_ms, words[-1].end_ms) == (2300, 2500)


def test_a_token_with_spaces_is_split_inside_its_own_span() -> None:
    words = [{"word": "a\u2028b", "start": 0, "end": 0.003}, {"word": "c", "start": 0, "end": 0}]
    t = read_text(json.dumps({"words": words}))
    assert_valid(t)
    assert [(w.text, w.start_ms, w.end_ms) for w in t.turns[0].words] == [
        ("a", 0, 1), ("b", 1, 3), ("c", 3, 3)]


def test_reversed_cue_is_repaired() -> None:
    t = read_text("1\n00:00:05,000 --> 00:00:04,000\nCandidate: late cue\n", "srt")
    assert t.turns[0].start_ms == t.turns[0].end_ms == 5000 and "ending before" in t.meta["repairs"]


# -- size ------------------------------------------------------------------------------------------


def _hour_of_deepgram(n: int = 9000) -> str:
    words = []
    for i in range(n):
        sp = 0 if (i // 40) % 5 == 0 else 1
        words.append({"word": "word", "punctuated_word": "word?" if i % 40 == 39 else "word",
                      "start": i * 0.4, "end": i * 0.4 + 0.3, "confidence": 0.9, "speaker": sp})
    return json.dumps({"results": {"channels": [{"alternatives": [{"transcript": "", "words": words}]}]}})


def test_a_one_hour_transcript_is_read_whole() -> None:
    # Speed (well under 50 ms for this size) is measured by benchmarks/bench_formats.py,
    # not asserted here: a timed unit test is either flaky or too loose to matter.
    t = read_text(_hour_of_deepgram())
    assert_valid(t)
    assert t.word_count() == 9000
    # 225 blocks of 40 words; the interviewer asks every fifth block, the candidate answers four
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE] * 45
    assert t.turns[0].words[-1].text == "word?" and t.turns[-1].words[-1].end_ms == 8999 * 400 + 300


# -- CLI ------------------------------------------------------------------------------------------


def test_cli_show_human(cli) -> None:
    r = cli("transcript", "show", str(DATA / "voices.vtt"))
    assert r.returncode == 0, r.stderr
    assert "approximate timings" in r.stdout and "Interviewer" in r.stdout and "~0:03.5-0:08.0" in r.stdout
    assert "speakers: Priya=interviewer, Sam=candidate" in r.stdout
    r = cli("transcript", "show", str(DATA / "qa.txt"))
    assert r.returncode == 0 and "no timings in this file" in r.stdout and "title: Mock loop" in r.stdout


def test_cli_show_json_is_the_icraft_document(cli) -> None:
    r = cli("transcript", "show", str(DATA / "deepgram_streaming.jsonl"), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc == to_dict(read_path(DATA / "deepgram_streaming.jsonl"))


def test_cli_convert_stdout_file_and_stdin(cli, tmp_path: Path) -> None:
    r = cli("transcript", "convert", str(DATA / "whisperx_speakers.json"), "--to", "srt")
    assert r.returncode == 0 and r.stdout.startswith("1\n00:00:00,200 --> 00:00:02,100\nInterviewer: What")
    out = tmp_path / "out.vtt"
    r = cli("transcript", "convert", str(DATA / "whisperx_speakers.json"), "--to", "vtt", "-o", str(out))
    assert r.returncode == 0 and "wrote" in r.stderr and r.stdout == ""
    assert detect(out.read_text()) == "vtt"
    r = cli("transcript", "convert", "-", "--to", "txt", input="q: why?\na: because\n")
    assert r.returncode == 0 and r.stdout == "Interviewer: why?\n\nCandidate: because\n"
    r = cli("transcript", "convert", "-", "--to", "json", "--from", "text", input='{"text": "raw"}')
    assert json.loads(r.stdout)["turns"][0]["text"] == '{"text": "raw"}'


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["show", "{missing}"], None, "no such file"),
        (["show", "{bad_json}"], None, "invalid JSON at line 1, column 15"),
        (["show", "-"], "", "empty"),
        (["show", "{latin1}"], None, "not UTF-8"),
        (["show", "-", "--from", "docx"], "x", "unknown format 'docx'"),
        (["convert", "-", "--to", "pdf"], "x", "cannot write format 'pdf'"),
        (["convert", "-", "--to", "vtt"], "just text", "no timings"),
        (["show", "-"], '{"x": 1}', "--from"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(cli, tmp_path: Path, args, stdin, message) -> None:
    (tmp_path / "bad.json").write_text('{"results": 1,}')
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    paths = {
        "missing": tmp_path / "nope.vtt", "bad_json": tmp_path / "bad.json", "latin1": tmp_path / "latin1.txt"
    }
    r = cli("transcript", *[a.format(**paths) for a in args], input=stdin)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


# -- import hygiene -------------------------------------------------------------------------------


def test_formats_import_nothing_heavy() -> None:
    code = (
        "import sys, glob\n"
        "from icraft.formats import read_path, write\n"
        f"for p in glob.glob({str(DATA)!r} + '/*'):\n"
        "    t = read_path(p)\n"
        "    for f in ('json', 'txt'): write(t, f)\n"
        "bad = [m for m in ('rich', 'textual', 'numpy', 'anthropic', 'openai', 'deepgram', 'typer')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_cli_from_names_what_it_expected_not_force_another_format(cli, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("I led the migration and we cut latency by 40 percent.\n")
    for command in (("lint", str(answer), "--no-save"), ("transcript", "show", str(answer))):
        r = cli(*command, "--from", "deepgram")
        assert r.returncode == 2
        assert r.stderr.splitlines() == [
            (
                f"icraft: error: {answer}: --from deepgram expects Deepgram JSON, but the file is plain text "
                "(drop --from to read it as plain text)"
            )
        ]


def test_a_recruiter_or_a_hiring_manager_is_the_interviewer_in_plain_text() -> None:
    """A negotiation pasted as `Recruiter: ... / Candidate: ...` linted as one answer with
    no question, the recruiter's offer quoted as the candidate's words."""
    t = read_text("Recruiter: We can offer 170 base.\nCandidate: I'm looking for 195.\n")
    assert [(x.speaker, x.text) for x in t.turns] == [(INTERVIEWER, "We can offer 170 base."),
                                                       (CANDIDATE, "I'm looking for 195.")]
    t = read_text("**Hiring manager:** Why this role?\nCandidate: I like payments.\n")
    assert [x.speaker for x in t.turns] == [INTERVIEWER, CANDIDATE]
