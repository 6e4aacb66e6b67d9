"""Reconnect delays: exponential, capped, jittered."""

from __future__ import annotations

import random

from mypbxdesk.driver.backoff import Backoff


def test_backoff_grows_caps_and_jitters() -> None:
    b = Backoff(rng=random.Random(3))
    delays = [b.next_delay() for _ in range(10)]
    for n, d in enumerate(delays):
        top = min(30.0, 2.0**n)
        assert top / 2 <= d <= top
    assert max(delays) <= 30
    b.reset()
    assert b.next_delay() <= 1.0
    assert len({round(Backoff(rng=random.Random(s)).next_delay(), 6) for s in range(5)}) > 1
