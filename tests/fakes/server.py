"""A scripted HTTP server on 127.0.0.1 (random port) that the real vendor SDKs talk to.

Each request is answered by the next scripted :class:`Reply` (or by ``responder``
when the script is empty), and recorded (method, path, headers, JSON body) so tests
can assert on what the SDK actually sent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    delay: float = 0.0  # seconds before the response starts (timeouts)
    hold: threading.Event | None = None  # the response waits until the test sets it (at most 60 s)
    events: list[bytes] | None = None  # SSE frames, written and flushed one by one
    event_delay: float = 0.0

    @classmethod
    def json(cls, data: Any, status: int = 200, **kw: Any) -> Reply:
        return cls(status=status, body=json.dumps(data).encode(), **kw)

    @classmethod
    def sse(cls, frames: list[bytes], **kw: Any) -> Reply:
        return cls(events=frames, content_type="text/event-stream", **kw)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeServer:
    def __init__(self, responder: Callable[[Request], Reply] | None = None) -> None:
        self.script: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.responder = responder
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle plus the
                # client's delayed ACK add ~40 ms to every reply.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                req = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(req)
                    reply = server.script.popleft() if server.script else None
                if reply is None:
                    reply = server.responder(req) if server.responder else Reply.json({"error": "unscripted"}, 500)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(60)
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", reply.content_type)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    if reply.events is None:
                        self.send_header("content-length", str(len(reply.body)))
                        self.end_headers()
                        self.wfile.write(reply.body)
                    else:
                        self.send_header("connection", "close")
                        self.end_headers()
                        for frame in reply.events:
                            self.wfile.write(frame)
                            self.wfile.flush()
                            if reply.event_delay:
                                time.sleep(reply.event_delay)
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    self.close_connection = True

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def push(self, *replies: Reply) -> FakeServer:
        self.script.extend(replies)
        return self

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


def sse_frame(data: Any, event: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()
