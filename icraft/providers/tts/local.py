"""Local speech with espeak-ng (a subprocess; no Python dependency, no network).

Robotic but instant (tens of milliseconds a sentence on this class of machine),
which is what the fully offline interview needs.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Iterator

from icraft.core.errors import DependencyError
from icraft.providers.base import ProviderCallError
from icraft.providers.tts.base import TextToSpeech

CHUNK_MS = 100


def espeak_path() -> str:
    path = shutil.which("espeak-ng") or shutil.which("espeak")
    if path is None:
        raise DependencyError("local text-to-speech needs espeak-ng",
                              "`apt-get install espeak-ng` / `brew install espeak-ng`, or run without speech: "
                              "`icraft config set tts.provider none`")
    return path


class EspeakTts(TextToSpeech):
    sample_rate = 22_050  # espeak-ng's native rate

    def synthesize(self, text: str) -> Iterator[bytes]:
        from icraft.core.audio import read_wav

        cmd = [espeak_path(), "-v", self.options.voice or "en-us", "-s", "170", "--stdout"]
        try:
            out = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True,
                                 timeout=self.options.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ProviderCallError(f"espeak-ng took longer than {self.options.timeout:g}s") from None
        if out.returncode != 0 or not out.stdout:
            detail = out.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ProviderCallError(f"espeak-ng failed: {detail[0] if detail else f'exit {out.returncode}'}",
                                    "check the voice name (`espeak-ng --voices`) in tts.voice")
        pcm = read_wav(out.stdout, self.sample_rate)
        step = self.sample_rate * CHUNK_MS // 1000 * 2
        for off in range(0, len(pcm), step):
            yield pcm[off: off + step]


class SilentTts(TextToSpeech):
    """``none``: the interviewer's words are shown, not spoken. Never fails."""

    def synthesize(self, text: str) -> Iterator[bytes]:
        return iter(())
