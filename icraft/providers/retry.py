"""Bounded retries with exponential backoff and jitter, honouring Retry-After.

The vendor SDKs' own retries are switched off (``max_retries=0``) so that every
adapter retries the same way, the waits are visible and testable (``sleep`` is a
parameter), and a stream that already showed text is never replayed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping, TypeVar

from icraft.providers.base import ProviderCallError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    tries: int = 3  # total attempts, the first included
    base: float = 0.5  # first backoff in seconds; doubles each retry
    cap: float = 8.0  # longest single wait, Retry-After included
    jitter: float = 0.25  # +/- fraction of random jitter on computed backoffs
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (attempt counts from 1)."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.cap))
        wait = self.base * (2 ** (attempt - 1))
        wait *= 1 + random.uniform(-self.jitter, self.jitter)
        return max(0.0, min(wait, self.cap))


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def call_with_retries(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    classify: Callable[[BaseException], ProviderCallError | None],
    can_retry: Callable[[], bool] = lambda: True,
    label: str = "provider",
) -> tuple[T, int]:
    """Run ``fn`` up to ``policy.tries`` times; returns (result, attempts used).

    ``classify`` maps an SDK exception to a ProviderCallError; exceptions it does not
    recognise are bugs and propagate unchanged. The last error is raised as a
    ProviderCallError saying how many attempts were made.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn(), attempt
        except ProviderCallError as err:
            error = err
        except Exception as exc:  # classified below; unknown exceptions are re-raised
            mapped = classify(exc)
            if mapped is None:
                raise
            error = mapped
            error.__cause__ = None
        if not error.retryable or attempt >= policy.tries or not can_retry():
            if attempt > 1:
                error.message = f"{error.message} (after {attempt} attempts)"
            raise error from None
        policy.sleep(policy.backoff(attempt, error.retry_after))
