"""Demo traffic for the simulated PBX, and ``run_simulator`` for ``mypbxdesk simulate``.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

:class:`CallSchedule` places a call to one extension every few seconds, varying the
caller (names in several scripts, a withheld number, a colleague) and the outcome
(answered, missed, transferred, picked up by a colleague, a ring group, busy), so a
newcomer sees every kind of screen-pop without a real PBX.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
from typing import TYPE_CHECKING, TextIO

from .calls import Outcome

if TYPE_CHECKING:
    from .pbx import SimulatedPbx

log = logging.getLogger(__name__)

#: External callers: number and caller-ID name (non-ASCII on purpose).
EXTERNAL_CALLERS: tuple[tuple[str, str], ...] = (
    ("13806012345", "Bob Smith"),
    ("+8613912345678", "张三"),
    ("004930123456", "Jürgen Müller"),
    ("0033612345678", "Zoë Durand"),
    ("4155550123", "Priya Patel"),
    ("0612345678", ""),
    ("anonymous", "Anonymous"),
)

#: (weight, kind) of the scheduled calls.
KINDS: tuple[tuple[int, str], ...] = (
    (30, "answered"),
    (20, "missed"),
    (10, "transferred"),
    (10, "colleague"),
    (10, "internal"),
    (10, "ring-group"),
    (5, "busy"),
    (5, "outgoing"),
)


class CallSchedule:
    """Places one varied call to ``to`` every ``every`` seconds."""

    def __init__(self, pbx: SimulatedPbx, *, every: float, to: str, rng: random.Random) -> None:
        if every <= 0:
            raise ValueError("every must be positive")
        if pbx.directory.phone(to) is None:
            raise ValueError(f"{to!r} is not an extension of the simulated PBX")
        self.pbx = pbx
        self.every = every
        self.to = to
        self.rng = rng
        self.placed = 0

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            if self._target_busy():
                continue  # the previous call is still going on
            try:
                await self.place_one()
            except ValueError:
                log.exception("scheduled call failed")

    def _target_busy(self) -> bool:
        phone = self.pbx.directory.phone(self.to)
        return any(c.endpoint is phone for c in self.pbx.engine.channels.values())

    def _others(self) -> list[str]:
        return [e for e in ("470", "503", "305", "306", "303") if e != self.to]

    async def place_one(self, kind: str | None = None) -> None:
        """Place one call of ``kind`` (default: drawn by weight)."""
        if kind is None:
            kind = self.rng.choices([k for _, k in KINDS], [w for w, _ in KINDS])[0]
        number, name = self.rng.choice(EXTERNAL_CALLERS)
        others = self._others()
        self.placed += 1
        pbx, to = self.pbx, self.to
        if kind == "internal":
            await pbx.incoming_call(caller=others[0], caller_name="", to=to, via_trunk=False)
        elif kind == "ring-group":
            members = [to, *others[2:4]]
            await pbx.ring_group_call(
                caller=number,
                caller_name=name,
                members=members,
                answered_by=self.rng.choice([*members, None]),
            )
        elif kind == "outgoing":
            await pbx.outgoing_call(from_ext=to, number=number.lstrip("+"))
        else:
            outcome = Outcome(kind)
            await pbx.incoming_call(
                caller=number,
                caller_name=name,
                to=to,
                outcome=outcome,
                transfer_to=others[3],
                colleague=others[2],
            )


async def run_simulator(
    host: str = "127.0.0.1",
    port: int = 5038,
    dialect: str = "mypbx",
    calls_every: float | None = None,
    to: str = "474",
    *,
    out: TextIO | None = None,
) -> None:
    """Run a simulated PBX until cancelled (Ctrl+C): the ``mypbxdesk simulate`` command.

    Prints the banner, the accepted users and secrets and the port to ``out``
    (stdout), then optionally places a call to ``to`` every ``calls_every`` seconds.
    """
    from .pbx import SimulatedPbx

    stream = out if out is not None else sys.stdout
    pbx = SimulatedPbx(dialect=dialect)
    await pbx.start(host, port)
    try:
        lines = pbx.describe()
        lines[0] = lines[0].replace("127.0.0.1:", f"{host}:")
        if calls_every:
            pbx.start_schedule(every=calls_every, to=to)
            lines.append(f"Demo calls: one every {calls_every:g} s to extension {to}")
        else:
            lines.append("Demo calls: off (use --calls-every SECONDS)")
        lines.append(f"Listening on {host}:{pbx.port} - press Ctrl+C to stop.")
        print("\n".join(lines), file=stream, flush=True)
        await asyncio.Event().wait()
    finally:
        await pbx.stop()
