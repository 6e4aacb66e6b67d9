"""Reconnect delays as a pure policy: exponential backoff with full jitter.

Layer 1 (``mypbxdesk.ami``): stdlib only. No sleeping here — the client asks
the policy for a delay and waits through its own injected ``sleep``, so tests
are instant and deterministic (httpcore's and redis-py's pattern).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(slots=True)
class Backoff:
    """Delays of 1 s, 2 s, 4 s … capped at 30 s, each drawn from [cap/2, cap].

    "Equal jitter": the delay never collapses to ~0 (which would hammer a PBX
    that has just rebooted) yet many desktops restarted by one PBX reboot do
    not reconnect in lock-step.

    Attributes:
        base: the first delay's ceiling, in seconds.
        cap: the largest delay, in seconds.
        failures: consecutive failures so far (reset on success).
    """

    base: float = 1.0
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def ceiling(self) -> float:
        """The upper bound of the next delay."""
        return min(self.cap, self.base * float(2 ** min(self.failures, 32)))

    def next_delay(self) -> float:
        """The delay before the next attempt; counts one more failure."""
        top = self.ceiling()
        self.failures += 1
        return top / 2 + self.rng.random() * top / 2

    def reset(self) -> None:
        self.failures = 0
