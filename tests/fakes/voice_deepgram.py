"""A fake Deepgram live-transcription server (wss://api.deepgram.com/v1/listen) on 127.0.0.1.

It speaks Deepgram's live protocol to the real deepgram-sdk: the client sends binary
linear16 audio and JSON control messages (``CloseStream``, ``Finalize``,
``KeepAlive``); the server answers with ``Results`` messages (interim ones while
audio arrives, ``is_final``/``speech_final`` at the end of each scripted utterance,
words with start/end/confidence/punctuated_word), then ``Metadata`` and a normal
close after ``CloseStream``. Like the real service it drops filler words unless the
query asks for ``filler_words=true``, and refuses a wrong key with HTTP 401.

The recognition itself is scripted: ``utterances`` is a list of lists of
``(word, start_s, end_s)``; a word is "heard" once the audio received covers its end.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlparse

FILLERS = {"um", "uh", "uhm", "mhm", "mm-mm", "uh-uh", "uh-huh", "nuh-uh"}

Word = tuple[str, float, float]


@dataclass
class Session:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    audio_bytes: int = 0
    controls: list[str] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)


class FakeDeepgram:
    def __init__(self, utterances: list[list[Word]], *, key: str = "dg-test-key", interim_every_s: float = 0.5,
                 error_after_s: float | None = None, later: list[list[list[Word]]] | None = None) -> None:
        self.utterances = utterances
        self.later = list(later or [])  # scripts of the 2nd, 3rd... connection (one per answer)
        self.key = key
        self.interim_every_s = interim_every_s
        self.error_after_s = error_after_s  # send an Error message and close with 1011 at this audio time
        self.sessions: list[Session] = []
        from websockets.sync.server import serve

        self._server = serve(self._handler, "127.0.0.1", 0, process_request=self._check_auth, close_timeout=1)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeDeepgram:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    # -- protocol ------------------------------------------------------------------------
    def _check_auth(self, connection: Any, request: Any) -> Any:
        if request.headers.get("Authorization") != f"Token {self.key}":
            return connection.respond(HTTPStatus.UNAUTHORIZED, "Invalid credentials.\n")
        if not urlparse(request.path).path.endswith("/v1/listen"):
            return connection.respond(HTTPStatus.NOT_FOUND, "Not found.\n")
        return None

    def _handler(self, ws: Any) -> None:
        req = ws.request
        query = {k: v[-1] for k, v in parse_qs(urlparse(req.path).query).items()}
        session = Session(req.path, query, {k.lower(): v for k, v in req.headers.raw_items()})
        self.sessions.append(session)
        keep_fillers = query.get("filler_words") == "true"
        rate = int(query.get("sample_rate", "16000"))
        script = self.utterances if len(self.sessions) == 1 or not self.later else self.later[
            min(len(self.sessions) - 2, len(self.later) - 1)]
        pending = [list(u) for u in script]
        offset = 0.0  # start of the current (not yet final) utterance's audio
        last_interim = 0.0

        def words_json(words: list[Word]) -> list[dict[str, Any]]:
            out = []
            for w, s, e in words:
                bare = w.strip(",.?!").lower()
                if bare in FILLERS and not keep_fillers:
                    continue
                punct = w if query.get("smart_format") == "true" or query.get("punctuate") == "true" else bare
                out.append({"word": bare, "start": s, "end": e, "confidence": 0.97, "punctuated_word": punct})
            return out

        def send_results(words: list[Word], start: float, end: float, is_final: bool, speech_final: bool,
                         from_finalize: bool = False) -> None:
            ws_words = words_json(words)
            msg = {
                "type": "Results", "channel_index": [0, 1], "duration": round(end - start, 3),
                "start": round(start, 3), "is_final": is_final, "speech_final": speech_final,
                "channel": {"alternatives": [{"transcript": " ".join(w["punctuated_word"] for w in ws_words),
                                              "confidence": 0.97, "words": ws_words}]},
                "metadata": {"request_id": "req-1", "model_info": {"name": "general-nova-3", "version": "2025",
                                                                   "arch": "nova-3"}, "model_uuid": "uuid-1"},
                "from_finalize": from_finalize,
            }
            session.sent.append(msg)
            ws.send(json.dumps(msg))

        for message in ws:
            if isinstance(message, bytes):
                session.audio_bytes += len(message)
                heard = session.audio_bytes / (2 * rate)
                if self.error_after_s is not None and heard >= self.error_after_s:
                    ws.send(json.dumps({"type": "Error", "variant": "internal", "description": "scripted failure"}))
                    ws.close(1011, "internal error")
                    return
                while pending and pending[0] and pending[0][-1][2] <= heard:
                    utt = pending.pop(0)
                    send_results(utt, offset, utt[-1][2], True, True)
                    offset = utt[-1][2]
                    last_interim = heard
                if pending and heard - last_interim >= self.interim_every_s:
                    partial = [w for w in pending[0] if w[2] <= heard]
                    if partial:
                        send_results(partial, offset, heard, False, False)
                    last_interim = heard
                continue
            control = json.loads(message).get("type")
            session.controls.append(control)
            if control in ("CloseStream", "Finalize"):
                heard = session.audio_bytes / (2 * rate)
                for utt in pending:
                    done = [w for w in utt if w[2] <= heard + 0.05]
                    if done:
                        send_results(done, offset, heard, True, False, from_finalize=control == "Finalize")
                pending = []
                if control == "CloseStream":
                    meta = {"type": "Metadata", "transaction_key": "deprecated", "request_id": str(uuid.uuid4()),
                            "sha256": "0" * 64, "created": "2026-01-01T00:00:00.000Z", "duration": heard,
                            "channels": 1}
                    session.sent.append(meta)
                    ws.send(json.dumps(meta))
                    ws.close(1000)
                    return
