"""When to try again: reconnect delays as a pure policy.

Layer 2 (``mypbxdesk.driver``): stdlib only — no sleeping here. The client asks
the policy for a delay and waits through its injected clock, so tests are
instant and deterministic (httpcore's and redis-py's pattern).

Two kinds of failure, two answers:

* **The PBX cannot be reached** (connection refused, no route, no greeting):
  trying costs the PBX nothing, and after a PBX restart every second counts — a
  receptionist without pops is losing calls. Try again every 1.5–2.5 s, without
  growing, so that the app notices within ~2–3 s that the PBX is back.
* **A session failed** (logged in, then dropped; a protocol error; ``Shutdown``;
  a refused login other than a wrong password): every attempt costs the PBX a
  login. Back off exponentially, 1 s → 30 s with equal jitter, and reset only
  once a session has stayed healthy for ``healthy_after`` seconds — a PBX that
  accepts the login and resets the connection right after gets two logins a
  minute, not sixty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Backoff"]


@dataclass(slots=True)
class Backoff:
    """The reconnect policy.

    Attributes:
        base: the first session-failure delay's ceiling, in seconds.
        cap: the largest delay, in seconds.
        healthy_after: seconds a session must last before its end resets the
            failure count.
        unreachable: the (low, high) range of the delay after the PBX could not
            be reached at all.
        failures: consecutive session failures so far.
    """

    base: float = 1.0
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0
    healthy_after: float = 60.0
    unreachable: tuple[float, float] = (1.5, 2.5)

    def ceiling(self) -> float:
        """The upper bound of the next session-failure delay."""
        return min(self.cap, self.base * float(2 ** min(self.failures, 32)))

    def next_delay(self) -> float:
        """The delay after a failed session (or login); counts one more failure.

        "Equal jitter": drawn from [ceiling/2, ceiling], so it never collapses
        to ~0, yet desktops restarted by one PBX reboot do not reconnect in
        lock-step.
        """
        top = self.ceiling()
        self.failures += 1
        return top / 2 + self.rng.random() * top / 2

    def unreachable_delay(self) -> float:
        """The delay after the PBX could not be reached (costs it nothing)."""
        low, high = self.unreachable
        return low + self.rng.random() * (high - low)

    def session_ended(self, lasted: float) -> None:
        """A logged-in session ended after ``lasted`` seconds."""
        if lasted >= self.healthy_after:
            self.failures = 0

    def reset(self) -> None:
        self.failures = 0
