"""Pure domain types. Imports nothing heavy: no Rich, Textual, numpy or provider SDK."""

from icraft.core.errors import ExitCode, IcraftError, InputError, NotFoundError, ProviderError
from icraft.core.findings import AnswerResult, Finding, LintReport, Score, Span
from icraft.core.transcript import (
    CANDIDATE,
    INTERVIEWER,
    Answer,
    TimedToken,
    Transcript,
    Turn,
    Word,
    normalize,
)

__all__ = [
    "CANDIDATE",
    "INTERVIEWER",
    "Answer",
    "AnswerResult",
    "ExitCode",
    "Finding",
    "IcraftError",
    "InputError",
    "LintReport",
    "NotFoundError",
    "ProviderError",
    "Score",
    "Span",
    "TimedToken",
    "Transcript",
    "Turn",
    "Word",
    "normalize",
]
