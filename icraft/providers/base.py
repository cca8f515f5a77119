"""The provider contract: specs the registry holds, the LLM interface callers use,
the result of a call, and the typed errors the fallback chain catches.

Nothing here imports a vendor SDK: adapters in ``icraft.providers.llm`` import
theirs inside methods, so listing providers or resolving a key costs no SDK import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Mapping, Sequence, Union

from icraft.core.errors import ProviderError

KINDS = ("llm", "stt", "tts")

#: A chat message: {"role": "user" | "assistant", "content": str}.
Message = Mapping[str, str]
Messages = Union[str, Sequence[Message]]
#: Called once per streamed text delta.
StreamCallback = Callable[[str], None]


class ProviderUnavailable(ProviderError):
    """The provider cannot be used at all (no key, no base URL, unknown id, offline).

    The fallback chain moves on without counting it as a failure of a call."""


class ProviderCallError(ProviderError):
    """A call failed after its retries: HTTP error, timeout, connection, bad response."""

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.retryable = retryable
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)
        self.status = status


class OfflineSignal(ProviderUnavailable):
    """Raised by the offline provider's ``complete``: the caller must use its rule-based code."""

    def __init__(self) -> None:
        super().__init__("the offline provider has no model", "callers use their rule-based code path")


class Secret:
    """An API key that never shows itself in repr/str/tracebacks (only ``reveal()`` does)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Completion:
    """One model answer and what it cost. ``data`` is the parsed JSON when a schema was given."""

    text: str
    provider: str
    model: str
    data: Any = None
    tokens_in: int = 0  # all input tokens, cached ones included
    tokens_out: int = 0
    cached_tokens: int = 0  # input tokens read from the prompt cache
    cache_write_tokens: int = 0  # input tokens written to the prompt cache (Anthropic)
    cost_usd: float = 0.0
    stop_reason: str | None = None
    latency_ms: int = 0
    first_token_ms: int | None = None  # streaming only: time to the first text delta
    attempts: int = 1


@dataclass
class LLMOptions:
    """Options every LLM provider understands. Field metadata "help" is the help text
    (`icraft providers` shows it), like the nested Options of an `llm` model."""

    model: str = field(default="", metadata={"help": "model name (config llm.model); empty: provider default"})
    timeout: float = field(default=30.0, metadata={"help": "seconds before a request times out (llm.timeout)"})
    max_tokens: int = field(default=1024, metadata={"help": "upper bound on output tokens per call"})
    temperature: float | None = field(
        default=None, metadata={"help": "sampling temperature for free text; structured output always uses 0"}
    )
    base_url: str = field(default="", metadata={"help": "server base URL (llm.base_url for openai-compatible)"})

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        return [
            {"name": f.name, "type": getattr(f.type, "__name__", str(f.type)), "help": f.metadata.get("help", "")}
            for f in fields(cls)
        ]


@dataclass(frozen=True)
class ProviderSpec:
    """What a provider declares to the registry (built-in and plug-ins alike).

    ``factory(options, key)`` builds the provider object; it must not import its SDK
    until a call is made. ``key_name`` is the stored-key name (``icraft keys set NAME``)
    and ``env_var`` the environment variable checked last.
    """

    id: str
    kind: str
    description: str
    factory: Callable[..., Any]
    capabilities: frozenset[str] = frozenset()
    key_name: str | None = None
    env_var: str | None = None
    key_required: bool = True
    default_model: str = ""
    options: type = LLMOptions
    needs_base_url: bool = False
    plugin: str | None = None  # distribution/entry point that registered it; None for built-ins

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"provider {self.id!r}: kind must be one of {KINDS}")


class Adapter:
    """What every provider adapter (LLM, STT, TTS) holds: its spec, typed options, the
    model to use and the key, which its repr never shows."""

    id: str = "?"

    def __init__(self, spec: ProviderSpec, options: Any, key: Secret | None) -> None:
        self.spec = spec
        self.id = spec.id
        self.options = options
        self.model = options.model or spec.default_model
        self._key = key

    def __repr__(self) -> str:  # never the key
        return f"<{type(self).__name__} {self.id} model={self.model!r}>"


class LLM(Adapter):
    """Base of every LLM adapter. Subclasses implement ``_complete_once``; this class
    adds retries, timing and the usage ledger so every adapter behaves the same."""

    offline: bool = False

    def __init__(self, spec: ProviderSpec, options: LLMOptions, key: Secret | None) -> None:
        super().__init__(spec, options, key)
        # Tests shorten the backoff; production uses the defaults (see retry.RetryPolicy).
        from icraft.providers.retry import RetryPolicy

        self.retry = RetryPolicy()
        self._clients: dict[float, Any] = {}

    def complete(
        self,
        messages: Messages,
        *,
        system: str | None = None,
        schema: Mapping[str, Any] | None = None,
        purpose: str,
        session_id: str | None = None,
        stream_to: StreamCallback | None = None,
        validate: Mapping[str, Any] | None = None,
    ) -> Completion:
        """Ask the model. ``schema``: JSON schema of the wanted object (tool use / json_schema,
        temperature 0), parsed into ``Completion.data`` and checked against ``validate``
        (default: the schema itself; a caller that verifies items one by one passes a
        looser one so one bad item is dropped alone rather than failing the reply).
        ``stream_to`` receives text deltas as they arrive (not with a schema). The call is recorded in the
        usage ledger with ``purpose`` and ``session_id``."""
        from icraft.providers import usage
        from icraft.providers.retry import call_with_retries

        msgs = normalize_messages(messages)
        started = time.monotonic()
        emitted = [False]

        def _sink(delta: str) -> None:
            emitted[0] = True
            if stream_to is not None:
                stream_to(delta)

        def _once() -> Completion:
            return self._complete_once(
                msgs, system=system, schema=schema, stream_to=_sink if stream_to is not None else None
            )

        # A stream that already showed text cannot be retried without repeating it.
        result, attempts = call_with_retries(
            _once, self.retry, classify=self._classify, can_retry=lambda: not emitted[0], label=self.id
        )
        if schema is not None:
            from icraft.providers.jsonschema import check

            check(result.data, validate if validate is not None else schema, where=f"{self.id} response")
        cost = usage.cost_usd(self.id, result.model, result)
        result = _replace(
            result, cost_usd=cost, latency_ms=int((time.monotonic() - started) * 1000), attempts=attempts
        )
        usage.record(result, purpose=purpose, session_id=session_id)
        return result

    def _client(self, timeout: float | None = None) -> Any:
        """The SDK client for this timeout, built once: building one costs ~100 ms (TLS
        context, connection pool), more than a local model's reply."""
        t = timeout or self.options.timeout
        if t not in self._clients:
            self._clients[t] = self._make_client(t)
        return self._clients[t]

    # -- for subclasses ---------------------------------------------------------------
    def _make_client(self, timeout: float) -> Any:
        raise NotImplementedError

    def _complete_once(
        self,
        messages: list[dict[str, str]],
        *,
        system: str | None,
        schema: Mapping[str, Any] | None,
        stream_to: StreamCallback | None,
    ) -> Completion:
        """One attempt: build the vendor request, then stream it (text only) or call it."""
        req = self._request(messages, system, schema)
        if stream_to is not None and schema is None:
            return self._stream(self._client(), req, stream_to)
        return self._call(self._client(), req, schema)

    def _request(self, messages: list[dict[str, str]], system: str | None, schema: Mapping[str, Any] | None) -> dict:
        """The vendor's request body for this call."""
        raise NotImplementedError

    def _call(self, client: Any, req: dict, schema: Mapping[str, Any] | None) -> Completion:
        """A non-streamed call; with a schema, ``data`` holds the parsed object."""
        raise NotImplementedError

    def _stream(self, client: Any, req: dict, stream_to: StreamCallback) -> Completion:
        """A streamed call passing each text delta to ``stream_to`` (see :class:`FirstDelta`)."""
        raise NotImplementedError

    def _classify(self, exc: BaseException) -> ProviderCallError | None:
        """Map an SDK exception to a ProviderCallError (with retryable/retry_after), or
        None when it is not a provider error (a bug: re-raised)."""
        return None

    def _probe(self, timeout: float) -> None:
        """A short, free request (list models); subclasses implement it."""
        raise ProviderUnavailable(f"{self.id} has no reachability check")

    def check(self, timeout: float = 3.0) -> str:
        """Prove the server answers with this key; returns "ok (N ms)". Raises
        ProviderCallError when it does not (no retries: this is a status probe)."""
        started = time.monotonic()
        try:
            self._probe(timeout)
        except Exception as exc:  # classified: provider errors become ProviderCallError, bugs propagate
            mapped = self._classify(exc)
            if mapped is None:
                raise
            raise mapped from None
        return f"ok ({int((time.monotonic() - started) * 1000)} ms)"


class FirstDelta:
    """Passes text deltas on, collecting them and the time to the first one."""

    def __init__(self, stream_to: StreamCallback) -> None:
        self._started = time.monotonic()
        self._to = stream_to
        self.parts: list[str] = []
        self.first_ms: int | None = None

    def __call__(self, delta: str) -> None:
        if self.first_ms is None:
            self.first_ms = int((time.monotonic() - self._started) * 1000)
        self.parts.append(delta)
        self._to(delta)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _replace(c: Completion, **changes: Any) -> Completion:
    from dataclasses import replace

    return replace(c, **changes)


def normalize_messages(messages: Messages) -> list[dict[str, str]]:
    """A bare string is one user message; roles other than user/assistant are refused."""
    if isinstance(messages, str):
        return [{"role": "user", "content": messages}]
    out = []
    for m in messages:
        role, content = m.get("role"), m.get("content")
        if role not in ("user", "assistant") or not isinstance(content, str):
            raise ValueError(f"messages need role user|assistant and string content, got {dict(m)!r}")
        out.append({"role": role, "content": content})
    if not out or out[0]["role"] != "user":
        raise ValueError("the first message must come from the user")
    return out
