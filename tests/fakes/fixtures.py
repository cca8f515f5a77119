"""Pytest fixtures for provider tests: no proxies, no vendor base URLs from the
environment, fast retries, and fake servers that are always shut down."""

from __future__ import annotations

from typing import Iterator

import pytest

from .server import FakeServer

_NET_ENV = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
    "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
)


@pytest.fixture(autouse=True)
def offline_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach the internet: drop proxies and vendor URLs; loopback bypasses proxies."""
    for var in _NET_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("ICRAFT_KEYRING", "0")  # the encrypted-file store unless a test opts in
    from icraft.providers import registry

    registry.reset()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


@pytest.fixture
def server2() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


def fast(llm, sleeps: list[float] | None = None):
    """Make an LLM's retries instant; record the waits it asked for."""
    from icraft.providers.retry import RetryPolicy

    llm.retry = RetryPolicy(sleep=(sleeps.append if sleeps is not None else (lambda s: None)))
    return llm
