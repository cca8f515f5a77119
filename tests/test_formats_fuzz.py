"""Fuzzing the readers: whatever the bytes, the result is a valid Transcript or an
InputError (never another exception), and icraft JSON round-trips exactly.

Examples are bounded so the module runs in a few seconds; for a longer hunt run
``FUZZ_EXAMPLES=5000 python -m pytest tests/test_formats_fuzz.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icraft.core.errors import InputError
from icraft.formats import FORMATS, decode, read_text, write
from tests.conftest import TRANSCRIPT_FIXTURES
from tests.test_formats import DATA, assert_valid, words_of

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FIXTURES = sorted(DATA.iterdir()) + sorted(p for p in TRANSCRIPT_FIXTURES.iterdir() if p.suffix != ".md")
TEXTS = [p.read_text(encoding="utf-8") for p in FIXTURES]
SMALL_TEXTS = [t for t in TEXTS if len(t) < 20_000]

# Keys the readers look for, so random JSON reaches deep into their code paths.
KEYS = st.sampled_from(
    ["results", "channels", "alternatives", "words", "word", "punctuated_word", "start", "end",
     "confidence", "speaker", "utterances", "transcript", "type", "channel", "is_final", "turns",
     "version", "meta", "text", "start_ms", "end_ms", "approximate", "segments", "probability",
     "score", "language", "Results"]
) | st.text(max_size=8)
SCALARS = (
    st.none() | st.booleans() | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["Results", "interviewer", "candidate", "Why?", "ok.", "", " "])
)
JSONS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=40,
)


def _check(text: str, fmt: str | None = None) -> None:
    try:
        t = read_text(text, fmt)
    except InputError as e:
        assert str(e) and "\n" not in str(e).strip(), repr(str(e))
        return
    assert_valid(t)
    again = read_text(write(t, "json"))
    assert words_of(again) == words_of(t)
    write(t, "txt")
    if any(w.timed for turn in t.turns for w in turn.words):
        for f in ("vtt", "srt"):
            assert_valid(read_text(write(t, f)))


@FUZZ
@given(st.text(max_size=300), st.sampled_from([None, *FORMATS]))
def test_random_text(text: str, fmt: str | None) -> None:
    _check(text, fmt)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_decode_or_fail_cleanly(raw: bytes) -> None:
    try:
        text = decode(raw, "fuzz")
    except InputError:
        return
    _check(text)


@FUZZ
@given(JSONS, st.sampled_from([None, "json", "deepgram", "openai"]))
def test_random_json_shapes(data: object, fmt: str | None) -> None:
    _check(json.dumps(data), fmt)


def _leaves(node: object, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, path + (k,))] + [path]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, path + (i,))] + [path]
    return [path]


JSON_FIXTURES = [json.loads(t) for p, t in zip(FIXTURES, TEXTS) if p.suffix == ".json"]


@FUZZ
@given(st.data())
def test_mutated_json_fixtures(data: st.DataObject) -> None:
    doc = json.loads(json.dumps(data.draw(st.sampled_from(JSON_FIXTURES))))
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _leaves(doc)
        path = data.draw(st.sampled_from(paths))
        if not path:
            doc = data.draw(JSONS)
            continue
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        if data.draw(st.booleans()):
            parent[path[-1]] = data.draw(JSONS)
        elif isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    _check(json.dumps(doc))


@FUZZ
@given(st.sampled_from(SMALL_TEXTS), st.data())
def test_mutated_fixture_text(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        op = data.draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + data.draw(st.text(max_size=10)) + text[i:]
        else:
            text = text[:j] + text[i:j] + text[j:]
    _check(text)


CUE_TIME = st.integers(0, 10**7)


@FUZZ
@given(
    st.lists(
        st.tuples(
            CUE_TIME,
            CUE_TIME,
            st.sampled_from(["", "Interviewer: ", "A: ", "<v Bo>", "<v Interviewer>"]),
            st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
        ),
        max_size=8,
    ),
    st.booleans(),
)
def test_generated_subtitles_with_any_timings(cues: list, vtt: bool) -> None:
    def stamp(ms: int) -> str:
        h, r = divmod(ms, 3_600_000)
        m, r = divmod(r, 60_000)
        s, f = divmod(r, 1000)
        return f"{h:02d}:{m:02d}:{s:02d}{'.' if vtt else ','}{f:03d}"

    lines = ["WEBVTT", ""] if vtt else []
    for n, (a, b, prefix, body) in enumerate(cues, 1):
        body = " ".join(body.split())  # a cue's text cannot hold blank lines
        lines += ([] if vtt else [str(n)]) + [f"{stamp(a)} --> {stamp(b)}", prefix + body, ""]
    _check("\n".join(lines), "vtt" if vtt else "srt")


WORD = st.text(st.characters(blacklist_categories=["Cs", "Zs", "Cc", "Zl", "Zp"]), min_size=1, max_size=8) | (
    st.sampled_from(["", " ", "\t", "two words", "a\u2028b"])  # what recognisers should never send
)


@FUZZ
@given(
    st.lists(
        st.tuples(WORD, st.one_of(st.none(), st.integers(-5000, 10**6)), st.integers(-5000, 5000),
                  st.sampled_from([0, 1, 2]), st.one_of(st.none(), st.floats(0, 1))),
        min_size=1, max_size=40,
    )
)
def test_random_timed_words_repair_to_valid_and_round_trip(words: list) -> None:
    ws = []
    for text, start, dur, sp, conf in words:
        w = {"word": text, "punctuated_word": text, "speaker": sp, "confidence": conf}
        if start is not None:
            w |= {"start": start / 1000, "end": (start + dur) / 1000}
        ws.append(w)
    doc = {"results": {"channels": [{"alternatives": [{"words": ws}]}]}}
    _check(json.dumps(doc))


def test_fixture_corpus_is_present() -> None:
    assert len(JSON_FIXTURES) >= 6 and SMALL_TEXTS
    assert Path(DATA).is_dir()


HUGE_HOUR = "1" * 5000  # int() refuses more than 4,300 digits: this was exit 70


@pytest.mark.parametrize(
    "text, fmt, where",
    [
        (f"WEBVTT\n\n{HUGE_HOUR}:00:01.000 --> {HUGE_HOUR}:00:02.000\nhello there\n", None, "line 3"),
        (f"WEBVTT\n\n00:00:01.000 --> {HUGE_HOUR}:00:02.000\nhello there\n", "vtt", "line 3"),
        (f"1\n{HUGE_HOUR}:00:01,000 --> 00:00:02,000\nhello there\n", None, "line 2"),
        (f"1\n00:00:01,000 --> {HUGE_HOUR}:00:02,000\nhello there\n", "srt", "line 2"),
    ],
    ids=["vtt-detected", "vtt-forced", "srt-detected", "srt-forced"],
)
def test_cue_hour_with_thousands_of_digits_is_a_malformed_timing(text: str, fmt: str | None, where: str) -> None:
    with pytest.raises(InputError, match=f"{where}: malformed cue timing"):
        read_text(text, fmt)


def test_cue_hours_past_the_limit_are_out_of_range_and_nine_digits_read() -> None:
    with pytest.raises(InputError, match="line 2: cue time out of range"):
        read_text("1\n999:00:01,000 --> 999:00:02,000\nhello\n")
    t = read_text("1\n000000001:00:01,000 --> 000000001:00:02,000\nhello\n")
    assert t.turns[0].words[0].start_ms == 3_601_000


def test_cli_reports_a_huge_cue_hour_as_bad_input(cli, tmp_path: Path) -> None:
    f = tmp_path / "huge.srt"
    f.write_text(f"1\n{HUGE_HOUR}:00:01,000 --> 00:00:02,000\nhello there\n", encoding="utf-8")
    for argv in (["transcript", "show", str(f)], ["lint", str(f), "--no-save"]):
        r = cli(*argv)
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and "line 2: malformed cue timing" in r.stderr
        assert "Traceback" not in r.stderr


@FUZZ
@given(st.integers(1, 6000), st.booleans(), st.sampled_from(["", "12:", "00:"]))
def test_cue_times_with_any_number_of_hour_digits(digits: int, vtt: bool, minutes: str) -> None:
    stamp = "9" * digits + ":" + (minutes or "00:") + "01" + ("." if vtt else ",") + "000"
    text = ("WEBVTT\n\n" if vtt else "1\n") + f"{stamp} --> {stamp}\nhello there\n"
    _check(text, "vtt" if vtt else "srt")
