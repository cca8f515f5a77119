"""icraft cue, matching: the prepared-answers format, question detection, retrieval with
abstention, a question spanning two entries, and a 1,000-entry file."""

from __future__ import annotations


import pytest

from icraft.core.errors import InputError
from icraft.cue.detect import QuestionStream, questions, small_talk
from icraft.cue.prepared import key_points, load, parse
from icraft.cue.retrieve import Index
from tests.cue_data import FILES, labelled, prepared_path, thousand_entries

SAMPLE = """# My answers
Some notes before the first question are ignored.

## Tell me about yourself
aka: Walk me through your background
aka: Introduce yourself
- Backend engineer, six years, payments at Acme.
- Led the ledger rewrite: p99 from 900 ms to 120 ms.
  It took 14 months.

## Why do you want to work here?
keys: fraud research, ownership
I want to work where the research is public. The role owns a service end to end.

## How would you design a rate limiter?
- Token bucket per API key in Redis.
"""


@pytest.fixture(scope="module")
def behavioral() -> Index:
    return Index(load(prepared_path("behavioral")).entries)


def test_the_markdown_format() -> None:
    p = parse(SAMPLE, "answers.md")
    assert [e.number for e in p.entries] == [1, 2, 3]
    first, second, third = p.entries
    assert first.question == "Tell me about yourself" and first.line == 4
    assert first.aka == ("Walk me through your background", "Introduce yourself")
    assert first.points == ("Backend engineer, six years, payments at Acme.",
                            "Led the ledger rewrite: p99 from 900 ms to 120 ms. It took 14 months.")
    assert "900" in first.keys and "aka" not in first.answer
    assert second.keys == ("fraud research", "ownership")  # a keys: line wins
    assert second.points == ("I want to work where the research is public.", "The role owns a service end to end.")
    assert third.answer == "- Token bucket per API key in Redis." and p.warnings == []


@pytest.mark.parametrize(("text", "message"), [
    ("", "answers.md: is empty: no prepared answers"),
    ("   \n\n", "answers.md: is empty: no prepared answers"),
    ("# Title\njust notes, no questions\n", "answers.md: no '## ' question headings found"),
    ("## Why us?\n\n## Tell me about yourself\nI build payments.\n", "answers.md:1: '## Why us?' has no answer below it"),
    ("## Why us?\naka: Why this company\n", "answers.md:1: '## Why us?' has no answer below it"),
    ("##\nanswer\n", "answers.md:1: a '##' heading with no question"),
])
def test_bad_input_is_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        parse(text, "answers.md")
    assert e.value.message == message and "\n" not in str(e.value)


def test_duplicate_questions_are_warned_and_kept() -> None:
    p = parse("## Why us?\nA.\n\n## why US\nB.\n", "a.md")
    assert len(p.entries) == 2
    assert p.warnings == ["a.md:4: duplicate question 'why US' (also line 1); both kept"]


def test_headings_inside_code_fences_and_deeper_levels_are_answer_text() -> None:
    p = parse("## Show me code\n```\n## not a question\n```\n### Detail\nmore\n", "a.md")
    assert len(p.entries) == 1 and "## not a question" in p.entries[0].answer and "### Detail" in p.entries[0].answer


def test_prose_points_are_sentences() -> None:
    assert key_points("We cut cost by 40%. Then we scaled. Done!") == ("We cut cost by 40%.", "Then we scaled.", "Done!")


def test_the_three_labelled_files_parse_with_their_sizes() -> None:
    sizes = {name: len(load(prepared_path(name)).entries) for name in FILES}
    assert sizes == {"behavioral": 40, "system_design": 35, "coding_role": 30}
    spoken = [it for name in FILES for it in labelled(name) if not it.small_talk]
    assert len(spoken) >= 200 and sum(1 for it in spoken if not it.answerable) >= 20
    assert sum(1 for it in spoken if len(it.labels) == 2) >= 5


# -- detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["mm-hmm", "Okay.", "Great, thanks for that!", "Right, that makes sense.",
                                  "Hi, nice to meet you.", "How's your day going so far?", "Can you hear me okay?",
                                  "and then?", "Why?", "We use Go here.", "Tell me about that.",
                                  "Can you elaborate?", "tell me more", "What happened next?"])
def test_small_talk_and_backchannels_do_not_trigger(text: str) -> None:
    assert questions(text) == []


def test_a_question_ends_at_a_question_mark_and_pleasantries_are_cut() -> None:
    assert questions("Great, thanks. So what's your biggest weakness? And how do you prioritize?") == [
        "So what's your biggest weakness?", "And how do you prioritize?"]
    assert questions("How's your day going? Tell me about yourself.") == ["Tell me about yourself."]
    # a prompt to go on is not a new question ("Tell me about that" once matched "Tell me about yourself")
    assert questions("Have you mentored anyone? Tell me about that.") == ["Have you mentored anyone?"]
    assert questions("um so design a system that turns long urls into short ones") == [
        "um so design a system that turns long urls into short ones"]  # a prompt, no "?"
    assert small_talk("uh huh") and not small_talk("what drives you")


def test_the_stream_shows_a_provisional_question_then_firms_it_up() -> None:
    s = QuestionStream()
    assert s.partial("Thanks.") == []
    assert s.partial("Thanks. Tell me about a conflict") == []  # not enough words yet
    heard = s.partial("Thanks. Tell me about a conflict with your manager")
    assert [(h.text, h.final) for h in heard] == [("Tell me about a conflict with your manager", False)]
    assert s.partial("Thanks. Tell me about a conflict with your manager") == []  # unchanged: nothing new
    heard = s.partial("Thanks. Tell me about a conflict with your manager? And")
    assert [(h.text, h.final) for h in heard] == [("Tell me about a conflict with your manager?", True)]
    assert [(h.text, h.final) for h in s.end_turn("Thanks. Tell me about a conflict with your manager? And what "
                                                   "is your biggest weakness")] == [
        ("And what is your biggest weakness", True)]
    assert s.end_turn("mm-hmm") == []


# -- retrieval ---------------------------------------------------------------------------

def test_paraphrases_find_their_entry(behavioral: Index) -> None:
    assert behavioral.match("so um what would you say is your biggest weakness").number == 6
    hard = "have you ever had a disagreement with your boss and how did you handle it"
    assert behavioral.rank(hard)[0].number == 4  # ranked first, though not clearly enough ahead for a card
    assert behavioral.match("Tell me about a time you failed").number == 8  # verbatim


@pytest.mark.parametrize("text", ["how many golf balls fit in a school bus", "what's your favorite book",
                                  "how would you design a parking lot system"])
def test_it_abstains_when_nothing_was_prepared(behavioral: Index, text: str) -> None:
    m = behavioral.match(text)
    assert m.number is None and m.matches == () and m.abstained


def test_a_question_spanning_two_entries_gives_both_cards(behavioral: Index) -> None:
    m = behavioral.match("tell me about a time you failed and also how you handle criticism")
    assert m.matches == (8, 14) and m.number == 8


def test_the_labelled_set_meets_its_floor() -> None:
    """Regression floor for the figures bench_cue.py prints (top-1 88.6 %, precision 97.3 %,
    abstention 93.3 % when this was written): a change that loses ground fails here."""
    ans = una = top1 = shown = right = abstained = 0
    for name in FILES:
        index = Index(load(prepared_path(name)).entries)
        for it in labelled(name):
            if it.small_talk:
                continue
            m = index.match(it.text)
            ranked = index.rank(it.text, limit=1)
            if it.answerable:
                ans += 1
                top1 += bool(ranked) and ranked[0].number in it.labels
            else:
                una += 1
                abstained += m.number is None
            if m.number is not None:
                shown += 1
                right += m.number in it.labels
    assert top1 / ans >= 0.85 and right / shown >= 0.95 and abstained / una >= 0.9


def test_a_thousand_entry_file() -> None:
    p = parse(thousand_entries(), "big.md")
    assert len(p.entries) == 1000 and p.warnings == []
    index = Index(p.entries)
    m = index.match("how would you design a crypto wallet")
    assert m.number is not None and p.entry(m.number).question == "How would you design a crypto wallet?"
    assert index.match("Why do you want to work here?").number == 2  # the real entries keep their numbers
    # How fast a match is on 1,000 entries is benchmarks/bench_cue.py's figure (p99), not a
    # timed assertion here: a timed test fails on a loaded machine.
    assert index.match("tell me about a conflict with a coworker").number is not None


def test_the_cue_modules_import_nothing_heavy() -> None:
    import json
    import subprocess
    import sys

    code = ("import sys, json, icraft.cue.prepared, icraft.cue.detect, icraft.cue.retrieve; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           check=True).stdout))
    assert not loaded & {"numpy", "rapidfuzz", "tokenizers", "safetensors", "textual", "rich", "fsrs"}
