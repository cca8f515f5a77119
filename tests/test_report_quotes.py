"""The report quotes whole sentences: a decimal point is not the end of one."""

from icraft.interview.report import _sentence_showing


def test_the_strength_quote_keeps_a_decimal_figure_whole() -> None:
    text = "We had timeouts. The error rate dropped from 20 percent to 0.1 percent after I rebuilt it. Good."
    assert _sentence_showing(text, "missing_metrics") == (
        "The error rate dropped from 20 percent to 0.1 percent after I rebuilt it.")


def test_strengths_quote_different_sentences_where_the_answer_has_them() -> None:
    """A blind trial's report gave three strengths ("Answers the question asked", "Explains
    in sentences", "Concrete and specific") the same opening sentence, one with no specifics."""
    text = ("So, um, leadership wanted a quick launch and I disagreed. I listed 14 gaps in the tax engine "
            "and met the VP on Monday. We moved the launch by four weeks, and we shipped with zero tax errors.")
    quoted: set[str] = set()
    # as the report picks them: a rule with words that show it first, then the others
    concrete = _sentence_showing(text, "no_specifics", quoted)
    quotes = [_sentence_showing(text, rule, quoted) for rule in ("off_topic", "keyword_stuffing")] + [concrete]
    assert len(set(quotes)) == 3, quotes
    assert "14" in concrete  # concrete: a figure, not the opening
    # with one sentence only, every strength quotes it
    one = "I cut p99 latency from 900 ms to 200 ms by caching the session lookup."
    assert {_sentence_showing(one, rule, set()) for rule in ("off_topic", "no_specifics")} == {one}
