"""Invisible Unicode in transcripts (issue 11): zero-width and bidi characters (category
Cf) and decomposed accents are normalised when reading, in every input format.

Before: a right-to-left mark before "Interviewer:" hid the label (the question was
lost), and a zero-width space after "I" hid the word from the ownership rules (a 100
answer scored 78). The stored text is the clean one (NFC, no Cf characters); word offsets
and quotes are of that text, so a quote is always ``turn.text[char_start:char_end]``;
SARIF regions map back to the file's own characters.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import sarif_regions

from icraft.core.transcript import Transcript, clean, clean_with_offsets, format_chars
from icraft.formats import read_text, write
from icraft.rubric import lint_transcript, load_rubric
from icraft.rubric.report import LintedFile, to_sarif

# The top of the overall scale (rubric [scoring.top]): what an answer with no finding scores.
TOP = round(load_rubric().top)

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPTS = REPO / "tests" / "data" / "transcripts"
EXAMPLE = (REPO / "examples" / "strong_behavioral.txt").read_text(encoding="utf-8")

# Zero-width space/non-joiner/joiner, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
# PDI, byte-order mark / zero-width no-break space, soft hyphen, word joiner.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
             "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u2060"]
IDS = [f"U+{ord(c):04X}" for c in INVISIBLE]
CF = set(format_chars())


def no_format_chars(t: Transcript) -> bool:
    return not any(ord(ch) in CF for turn in t.turns for ch in turn.text)


def assert_quotes_cut_from_text(t: Transcript) -> None:
    for a in lint_transcript(t).answers:
        for f in a.findings:
            for s in f.spans:
                assert t.turns[s.turn].text[s.char_start : s.char_end] == s.quote
                assert not any(ord(ch) in CF for ch in s.quote)


def texts(t: Transcript) -> list[tuple[str, str]]:
    return [(x.speaker, x.text) for x in t.turns]


def scores(t: Transcript) -> list[tuple[int, bool]]:
    return [(a.score.overall, a.question is not None) for a in lint_transcript(t).answers]


def test_the_table_is_exactly_the_running_pythons_format_characters() -> None:
    assert CF == {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}


# -- labels ------------------------------------------------------------------------------


def _stamp(ms: int, sep: str) -> str:
    return f"00:{ms // 60_000:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def _cues(doc: str) -> list[tuple[int, int, str]]:
    """(start ms, end ms, line) for each non-blank line, at 150 words a minute."""
    out, t = [], 0
    for line in doc.splitlines():
        if line.strip():
            end = t + 400 * len(line.split())
            out.append((t, end, line))
            t = end
    return out


def _vtt(doc: str, c: str) -> str:
    """The example as WebVTT cues, ``c`` before every voice tag and prefix."""
    out = ["WEBVTT", ""]
    for s, e, line in _cues(doc):
        who, _, text = line.partition(": ")
        out += [f"{_stamp(s, '.')} --> {_stamp(e, '.')}", f"{c}<v {c}{who}>{c}{text}", ""]
    return "\n".join(out)


def _srt(doc: str, c: str) -> str:
    out = []
    for i, (s, e, line) in enumerate(_cues(doc)):
        out += [str(i + 1), f"{_stamp(s, ',')} --> {_stamp(e, ',')}", f"{c}{line}", ""]
    return "\n".join(out)


@pytest.mark.parametrize("c", INVISIBLE, ids=IDS)
def test_invisible_characters_before_speaker_labels_keep_the_labels(c: str) -> None:
    lines = EXAMPLE.splitlines()
    dirty_text = "\n".join(f"{c}{line}" if line else line for line in lines)
    bold = "\n".join(f"{c}**{line.replace(': ', ':** ', 1)}" if line else line for line in lines)
    for clean_doc, dirty_doc in [(EXAMPLE, dirty_text), (EXAMPLE, bold), (_vtt(EXAMPLE, ""), _vtt(EXAMPLE, c)),
                                 (_srt(EXAMPLE, ""), _srt(EXAMPLE, c))]:
        want, got = read_text(clean_doc), read_text(dirty_doc)
        assert texts(got) == texts(want)
        assert scores(got) == scores(want) == [(TOP, True)]
        assert no_format_chars(got)


# -- inside answers, in every format ------------------------------------------------------


def _dirty_strings(node: Any, c: str) -> Any:
    """Every string of a JSON document with ``c`` after each "I" word and before each text."""
    if isinstance(node, dict):
        return {k: _dirty_strings(v, c) if k not in ("speaker", "type", "format") else v for k, v in node.items()}
    if isinstance(node, list):
        return [_dirty_strings(v, c) for v in node]
    if isinstance(node, str) and node.strip():
        return c + re.sub(r"\bI\b", "I" + c, node)
    return node


def _timed_documents() -> dict[str, str]:
    """The example with word timings, as each JSON format writes it."""
    t = read_text(EXAMPLE)
    words, clock = [], 0.0
    for turn in t.turns:
        for w in turn.words:
            words.append({"word": w.text.lower(), "punctuated_word": w.text, "start": round(clock, 2),
                          "end": round(clock + 0.3, 2), "confidence": 0.9,
                          "speaker": 0 if turn.speaker == "interviewer" else 1})
            clock += 0.4
    deepgram = {"results": {"channels": [{"alternatives": [{"transcript": "", "words": words}]}]}}
    openai = {"text": "", "segments": [
        {"start": w["start"], "end": w["end"], "text": w["punctuated_word"], "speaker": w["speaker"]}
        for w in words]}
    icraft = json.loads(write(read_text(json.dumps(deepgram)), "json"))
    return {"deepgram": json.dumps(deepgram), "openai": json.dumps(openai), "icraft": json.dumps(icraft)}


TIMED = _timed_documents()


@pytest.mark.parametrize("c", INVISIBLE, ids=IDS)
@pytest.mark.parametrize("fmt", ["text", "vtt", "srt", "deepgram", "openai", "icraft", "icraft-escaped"])
def test_invisible_characters_inside_answers_change_nothing(fmt: str, c: str) -> None:
    if fmt == "text":
        clean_doc, dirty_doc = EXAMPLE, re.sub(r"\bI\b", "I" + c, EXAMPLE).replace(" the ", f" {c}the{c} ")
    elif fmt in ("vtt", "srt"):
        make = _vtt if fmt == "vtt" else _srt
        clean_doc = make(EXAMPLE, "")
        dirty_doc = make(re.sub(r"\bI\b", "I" + c, EXAMPLE), c)
    else:
        clean_doc = TIMED[fmt.split("-")[0]]
        dirty = _dirty_strings(json.loads(clean_doc), c)
        dirty_doc = json.dumps(dirty, ensure_ascii=fmt.endswith("escaped"))  # raw characters and \\u escapes
        assert c in dirty_doc or "\\u" in dirty_doc
    want, got = read_text(clean_doc), read_text(dirty_doc)
    assert texts(got) == texts(want)
    assert [w.text for x in got.turns for w in x.words] == [w.text for x in want.turns for w in x.words]
    assert scores(got) == scores(want)
    assert no_format_chars(got)
    assert_quotes_cut_from_text(got)


def test_a_zero_width_space_after_i_keeps_a_full_score() -> None:
    """The issue's case: 100 before, 78 with "I\\u200b" (ownership words unseen)."""
    t = read_text(re.sub(r"\bI ", "I\u200b ", EXAMPLE))
    assert scores(t) == [(TOP, True)]


# -- composition ----------------------------------------------------------------------------


def test_decomposed_accents_are_composed_in_every_reader() -> None:
    decomposed = "Cafe\u0301 re\u0301sume\u0301"
    composed = unicodedata.normalize("NFC", decomposed)
    docs = [
        f"Q: Why?\nA: {decomposed} I led it",
        f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Candidate>{decomposed} I led it\n",
        json.dumps({"turns": [{"speaker": "candidate", "text": f"{decomposed} I led it"}]}, ensure_ascii=True),
        json.dumps({"results": {"channels": [{"alternatives": [{"words": [
            {"word": w, "start": i, "end": i + 0.5} for i, w in enumerate(f"{decomposed} I led it".split())]}]}]}}),
    ]
    for doc in docs:
        t = read_text(doc)
        answer = t.turns[-1]
        assert answer.text.startswith(composed), answer.text
        assert [w.text for w in answer.words][:2] == composed.split()
        for w in answer.words:
            assert answer.text[w.char_start : w.char_end] == w.text


def test_clean_with_offsets_maps_every_token_to_its_original_place() -> None:
    original = "\u200fQ: cafe\u0301 I\u200b led\n\u2067A:\u2069 ok \u200b\u200b done\ufeff"
    text, offsets = clean_with_offsets(original)
    assert text == clean(original) == "Q: café I led\nA: ok  done"
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(original)
    for m in re.finditer(r"\S+", text):
        start, end = offsets[m.start()], offsets[m.end()] if m.end() < len(text) else len(original)
        assert clean(original[start:end]).strip() == m.group()
    assert [text[i] for i in range(len(text)) if text[i] == "\n"] == ["\n"]
    assert original[offsets[text.index("\n")]] == "\n"


def test_sarif_regions_point_at_the_files_own_characters(tmp_path: Path) -> None:
    raw = "\n".join(f"\u200f{line}" for line in EXAMPLE.splitlines()).replace("I ", "I\u200b ")
    t = read_text(raw)
    rubric = load_rubric()
    doc = to_sarif([LintedFile("a.txt", t, lint_transcript(t, rubric=rubric), raw_text=raw)], rubric)
    located = 0
    for _, loc, region in sarif_regions(doc):
        piece = raw[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert piece == region["snippet"]["text"]
        assert clean(piece) == loc["properties"]["quote"]
        line = raw.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 :].startswith(piece.split("\n")[0])
        located += 1
    assert located > 0


def test_lint_reads_a_question_behind_a_right_to_left_mark(cli, tmp_path: Path) -> None:
    f = tmp_path / "rtl.txt"
    f.write_text("\n".join(f"\u200f{line}" for line in EXAMPLE.splitlines()), encoding="utf-8")
    r = cli("lint", str(f), "--no-save", "--format", "json")
    assert r.returncode == 0, r.stderr
    answers = json.loads(r.stdout)["reports"][0]["answers"]
    assert len(answers) == 1
    assert answers[0]["question"].startswith("Tell me about a time you fixed a production problem")
    assert answers[0]["score"]["overall"] == TOP
    r = cli("transcript", "show", str(f), "--json")
    assert "\u200f" not in r.stdout and "\\u200f" not in r.stdout
