"""Voice activity, end of turn and barge-in, decided on 10-30 ms frames.

VAD (the energy VAD, the fallback of :mod:`icraft.voice.vad`, which prefers Silero
VAD): a frame is voiced when its energy is well above an adaptive noise floor and
its zero-crossing rate looks like speech rather than hiss. Pure Python on int16
frames (about 20 us a frame), so it needs no native library and no numpy.

End of turn: after the candidate has spoken, a run of silence longer than the
*silence budget* ends the turn. The budget (docs/VOICE.md) is

    g      = clamp((speech_ms - 2000) / (20000 - 2000), 0, 1)
    budget = min_silence_ms + 0.25 * (max_silence_ms - min_silence_ms) * g
    budget = max_silence_ms      when the partial transcript ends mid-thought

so a short, finished answer commits after ``voice.min_silence_ms`` (700 ms), a long
finished one after at most ~1.15 s, and "...because", "so the", "um" get the
whole ``voice.max_silence_ms`` (2.5 s): a thinking pause does not cut anyone off.
Decisions use the audio clock (frames counted), so they are the same at any
playback speed.
"""

from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from icraft.voice import FRAME_MS

if TYPE_CHECKING:
    from icraft.voice.vad import Detector

SHORT_ANSWER_MS = 2_000
LONG_ANSWER_MS = 20_000
LONG_SHARE = 0.25
#: How stale (ms before the end of speech) a partial transcript may be and still be trusted.
FRESH_MS = 300
#: Extra wait for a partial transcript that has not caught up with the end of speech.
STALE_GRACE_MS = 500

#: Words after which a speaker has not finished the thought.
CONTINUATIONS = frozenset(
    """and but or so because cause cuz then than the a an to of with for from in on at by as that which who
    whose where when while if unless until um uh er erm uhm hmm mm like my our
    their your his her its we i i'm it's there's also plus about into onto versus vs via how what why""".split()
)
CONTINUATION_PHRASES = ("you know", "i mean", "kind of", "sort of", "so the", "and then", "such as")
_TRAILING = re.compile(r"(,|\.\.\.|…|-|—|:)\s*$")
_WORD = re.compile(r"[\w']+")


# -- frame features -------------------------------------------------------------------
def frame_features(frame: bytes) -> tuple[float, float]:
    """(energy in dBFS, zero-crossing rate 0..1) of an int16 mono frame."""
    samples = array("h")
    samples.frombytes(frame[: len(frame) - len(frame) % 2])
    n = len(samples)
    if n == 0:
        return -100.0, 0.0
    energy = sum(s * s for s in samples) / n
    db = 10 * math.log10(energy / (32768.0 * 32768.0)) if energy > 0 else -100.0
    crossings = sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))
    return max(db, -100.0), crossings / max(n - 1, 1)


class Vad:
    """Energy + zero-crossing voice activity with an adaptive noise floor.

    The floor follows quiet frames quickly downwards and slowly upwards (a hissing
    fan that starts is absorbed within about a second; speech does not raise it
    because speech-like frames update it 60x slower). A frame is voiced when it is ``margin_db`` above
    the floor (and above ``min_db``) and not hiss: a high zero-crossing rate is
    accepted only when the frame is clearly loud (a strong "s")."""

    def __init__(self, *, margin_db: float = 12.0, min_db: float = -50.0, hiss_zcr: float = 0.35) -> None:
        self.margin_db = margin_db
        self.min_db = min_db
        self.hiss_zcr = hiss_zcr
        self.floor_db: float | None = None
        self.last_db = -100.0

    def __call__(self, frame: bytes) -> bool:
        db, zcr = frame_features(frame)
        self.last_db = db
        if self.floor_db is None:
            self.floor_db = min(db, -60.0)
        threshold = max(self.floor_db + self.margin_db, self.min_db)
        voiced = db > threshold and (zcr < self.hiss_zcr or db > threshold + 6.0)
        if db < self.floor_db:
            self.floor_db += 0.3 * (db - self.floor_db)
        else:
            # Speech-like frames barely move the floor; noise-like ones (quiet, or hiss-like
            # even when loud: a fan, an air conditioner) pull it up within about half a second.
            speech_like = voiced and zcr < self.hiss_zcr
            self.floor_db += (0.0005 if speech_like else 0.03) * (db - self.floor_db)
        self.floor_db = max(self.floor_db, -90.0)
        return voiced

    @property
    def level(self) -> float:
        return meter_level(self.last_db)


def meter_level(db: float) -> float:
    """Input level 0..1 for a meter (-60 dBFS -> 0, 0 dBFS -> 1)."""
    return min(max((db + 60.0) / 60.0, 0.0), 1.0)


# -- the budget ---------------------------------------------------------------------------
def unfinished(text: str) -> bool:
    """Does this (partial) transcript stop mid-thought? ("...and", "so the", "um,")

    A trailing comma, dash or ellipsis counts, and so does a last word that cannot end
    a thought, even with a full stop after it: recognisers punctuate a segment cut by
    a pause as if it were a sentence ("we chose Postgres because.")."""
    stripped = text.strip()
    if not stripped:
        return False
    if _TRAILING.search(stripped):
        return True
    words = _WORD.findall(stripped.lower().replace("\u2019", "'"))
    if not words:
        return False
    tail = " ".join(words[-2:])
    return words[-1] in CONTINUATIONS or any(tail.endswith(p) for p in CONTINUATION_PHRASES)


def silence_budget_ms(speech_ms: int, partial_text: str | None, *, min_ms: int, max_ms: int) -> int:
    """How much silence ends the turn now (the formula in the module docstring)."""
    if partial_text and unfinished(partial_text):
        return max_ms
    g = min(max((speech_ms - SHORT_ANSWER_MS) / (LONG_ANSWER_MS - SHORT_ANSWER_MS), 0.0), 1.0)
    return int(round(min_ms + LONG_SHARE * (max_ms - min_ms) * g))


@dataclass(frozen=True)
class TurnEnd:
    """The end-of-turn decision, on the audio clock (ms from the start of listening)."""

    speech_start_ms: int
    speech_end_ms: int  # end of the last voiced frame
    decided_ms: int  # when the silence budget ran out
    budget_ms: int
    speech_ms: int  # voiced time in the answer
    unfinished: bool  # the budget was extended for an unfinished thought

    @property
    def silence_ms(self) -> int:
        return self.decided_ms - self.speech_end_ms


class EndOfTurn:
    """Feed frames; ``feed`` returns a :class:`TurnEnd` once the answer is over.

    ``partial`` (text, audio-clock end of the audio it covers) is updated by the
    speech recogniser; without one the budget uses answer length only."""

    def __init__(self, *, min_silence_ms: int = 700, max_silence_ms: int = 2500, frame_ms: int = FRAME_MS,
                 onset_ms: int = 80, vad: Detector | None = None) -> None:
        if not 0 < min_silence_ms <= max_silence_ms:
            raise ValueError("need 0 < min_silence_ms <= max_silence_ms")
        self.min_ms = min_silence_ms
        self.max_ms = max_silence_ms
        self.frame_ms = frame_ms
        self.onset_ms = onset_ms
        self.vad = vad or Vad()
        self.position_ms = 0
        self.speech_start_ms: int | None = None
        self.speech_end_ms = 0
        self.speech_ms = 0
        self.partial_text: str | None = None
        self.partial_end_ms: int | None = None
        self._run_ms = 0  # current run of voiced frames

    @classmethod
    def from_config(cls, **kw: object) -> EndOfTurn:
        """The silence budget and the voice-activity detector (``voice.vad``) from config."""
        from icraft import config
        from icraft.voice import vad

        cfg = config.load()
        kw.setdefault("vad", vad.make(str(cfg["voice.vad"])))
        return cls(min_silence_ms=int(cfg["voice.min_silence_ms"]), max_silence_ms=int(cfg["voice.max_silence_ms"]),
                   **kw)  # type: ignore[arg-type]

    @property
    def speaking(self) -> bool:
        return self.speech_start_ms is not None

    def set_partial(self, text: str, end_ms: int | None = None) -> None:
        self.partial_text = text
        self.partial_end_ms = end_ms

    @property
    def partial_fresh(self) -> bool:
        """Has the recogniser's text caught up with the end of speech? (unknown: assume so)"""
        return self.partial_end_ms is None or self.partial_end_ms >= self.speech_end_ms - FRESH_MS

    def budget(self) -> int:
        # Text that stops before the last words says nothing about how the answer ends:
        # its "...and" may have been followed by the rest of the sentence.
        text = self.partial_text if self.partial_fresh else None
        return silence_budget_ms(self.speech_ms, text, min_ms=self.min_ms, max_ms=self.max_ms)

    def feed(self, frame: bytes) -> TurnEnd | None:
        self.position_ms += self.frame_ms
        if self.vad(frame):
            self._run_ms += self.frame_ms
            if self.speech_start_ms is None:
                if self._run_ms >= self.onset_ms:
                    self.speech_start_ms = self.position_ms - self._run_ms
                    self.speech_ms = self._run_ms
                    self.speech_end_ms = self.position_ms
            else:
                self.speech_ms += self.frame_ms
                if self._run_ms >= 2 * self.frame_ms:  # a lone voiced frame (a click) does not reset silence
                    self.speech_end_ms = self.position_ms
            return None
        self._run_ms = 0
        if self.speech_start_ms is None:
            return None
        silence = self.position_ms - self.speech_end_ms
        budget = self.budget()
        if silence < budget:
            return None
        if not self.partial_fresh and silence < budget + STALE_GRACE_MS:
            return None  # the recogniser has not caught up: its text may still say "...and"
        return TurnEnd(
            speech_start_ms=self.speech_start_ms,
            speech_end_ms=self.speech_end_ms,
            decided_ms=self.position_ms,
            budget_ms=budget,
            speech_ms=self.speech_ms,
            unfinished=budget == self.max_ms and self.max_ms != self.min_ms,
        )


class BargeIn:
    """Sustained voice while the interviewer talks: ``min_voiced_ms`` of voiced frames
    with gaps of at most ``max_gap_ms`` (a click, a cough or a "mm" stays under it)."""

    def __init__(self, *, min_voiced_ms: int = 200, max_gap_ms: int = 60, frame_ms: int = FRAME_MS,
                 vad: Detector | None = None) -> None:
        self.min_voiced_ms = min_voiced_ms
        self.max_gap_ms = max_gap_ms
        self.frame_ms = frame_ms
        self.vad = vad or Vad()
        self.voiced_ms = 0
        self.gap_ms = 0

    def feed(self, frame: bytes) -> bool:
        if self.vad(frame):
            self.voiced_ms += self.frame_ms
            self.gap_ms = 0
        else:
            self.gap_ms += self.frame_ms
            if self.gap_ms > self.max_gap_ms:
                self.voiced_ms = 0
        return self.voiced_ms >= self.min_voiced_ms


__all__ = ["BargeIn", "EndOfTurn", "TurnEnd", "Vad", "frame_features", "silence_budget_ms", "unfinished"]
