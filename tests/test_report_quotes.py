"""The report quotes whole sentences: a decimal point is not the end of one."""

from icraft.interview.report import _sentence_showing


def test_the_strength_quote_keeps_a_decimal_figure_whole() -> None:
    text = "We had timeouts. The error rate dropped from 20 percent to 0.1 percent after I rebuilt it. Good."
    assert _sentence_showing(text, "missing_metrics") == (
        "The error rate dropped from 20 percent to 0.1 percent after I rebuilt it.")
