"""What the spoken session's listening panel shows: the voice states and the input level."""

from __future__ import annotations

VOICE_STATES = {
    "listening": "Listening: speak your answer",
    "thinking": "The interviewer is thinking…",
    "speaking": "The interviewer is speaking (start talking to interrupt)",
    "ended": "The recording has ended",
}


def level_bar(level: float, width: int = 24) -> str:
    """The input level as a bar: ``level`` 0..1 (-60..0 dBFS)."""
    filled = max(0, min(width, round(level * width)))
    return "█" * filled + "░" * (width - filled)
