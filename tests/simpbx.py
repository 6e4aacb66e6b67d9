"""One way for tests to make a simulated PBX: fast timings, reproducible ids."""

from __future__ import annotations

from mypbxdesk.sim import SimulatedPbx


def fast_pbx(
    dialect: str = "mypbx", *, ring_time: float = 0.3, talk_time: float = 0.5, seed: int = 5
) -> SimulatedPbx:
    """A simulator that answers logins at once and rings for a fraction of a second.

    Use as ``async with fast_pbx() as pbx:`` (it starts on a free loopback port).
    """
    return SimulatedPbx(
        dialect,
        auth_fail_delay=0.0,
        ring_time=ring_time,
        talk_time=talk_time,
        answer_delay=0.02,
        seed=seed,
    )
