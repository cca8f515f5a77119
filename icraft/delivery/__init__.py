"""Delivery analysis from word timings: fillers, pace, pauses, duration.

Pure functions over a :class:`~icraft.core.transcript.Turn`; no Rich, no numpy.
Fillers are found on any turn (they are words); every *timing* figure is computed
only when every word of the turn is timed, and is ``None`` otherwise, never guessed.
"""

from icraft.delivery.fillers import find_fillers, norms_of
from icraft.delivery.timing import HESITATION_MS, LONG_PAUSE_MS, analyze

__all__ = ["HESITATION_MS", "LONG_PAUSE_MS", "analyze", "find_fillers", "norms_of"]
