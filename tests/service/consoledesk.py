"""A receptionist's desk for service tests: PhoneService + ConsoleService on the simulated PBX.

No Qt: the console's services are driven directly, as the console window and the
command line drive them. The receptionist is 474 (``SIP/474`` on the simulated
MyPBX, ``PJSIP/474`` on the simulated Asterisk 22). What she did is read from what
the PBX received (``actions_received``, ``bytes_received``) and from what the
services report (outcomes, models, progress).

A desk's client waits 30-60 s before it reconnects on its own, so a test decides
when the re-login happens (:func:`relogin`): whatever it does to the PBX in between
happens while the desk is away.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import Call, CallState
from mypbxdesk.driver.backoff import Backoff
from mypbxdesk.driver.client import AmiClient, ConnectionState
from mypbxdesk.service.attended import Stage, TransferProgress
from mypbxdesk.service.console import ConsoleService
from mypbxdesk.service.phone import PhoneService, ami_options
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx

#: The simulator's two dialects: Yeastar MyPBX (Asterisk 1.8) and Asterisk 22.
DIALECTS = ("mypbx", "asterisk")
ME = "474"
CALLER = "13806012345"


def console_pbx(dialect: str, *, park_time: float = 45.0) -> SimulatedPbx:
    """A fast simulator (as :func:`~tests.simpbx.fast_pbx`) whose calls last until
    someone hangs up."""
    return SimulatedPbx(
        dialect,
        auth_fail_delay=0.0,
        ring_time=0.3,
        talk_time=math.inf,
        answer_delay=0.02,
        seed=11,
        park_time=park_time,
        park_announce=0.05,
        voicemail_time=0.2,
    )


async def until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait until ``predicate()`` is truthy (the loop runs meanwhile), or fail."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.005)


@dataclass
class Desk:
    """One logged-in receptionist."""

    sim: SimulatedPbx
    phone: PhoneService
    console: ConsoleService
    steps: list[TransferProgress] = field(default_factory=list)

    @property
    def legacy(self) -> bool:
        """The simulated MyPBX (Asterisk 1.8)."""
        return self.sim.dialect == "mypbx"

    @property
    def tech(self) -> str:
        return "SIP" if self.legacy else "PJSIP"

    def sent(self, name: str) -> list[Message]:
        """The actions called ``name`` the PBX received, oldest first."""
        return [m for m in self.sim.actions_received if (m.name or "").lower() == name.lower()]

    def stages(self) -> list[Stage]:
        return [p.stage for p in self.steps]

    def answered(self) -> list[Call]:
        return [c for c in self.phone.calls if c.state is CallState.ANSWERED]

    async def answered_call(self, caller: str = CALLER, *, via_trunk: bool = True) -> Call:
        """A caller (outside, or the extension ``caller``) talking to her until hung up."""
        await self.sim.incoming_call(
            caller=caller,
            caller_name="Bob Smith" if via_trunk else "",
            to=ME,
            via_trunk=via_trunk,
            ring_time=0.02,
        )
        await until(lambda: any(c.number == caller for c in self.answered()))
        call = next(c for c in self.answered() if c.number == caller)
        assert call.my_channel and call.peer_channel
        return call

    async def aclose(self) -> None:
        await self.phone.aclose()


async def open_desk(
    sim: SimulatedPbx, username: str = "admin", secret: str = "password", extension: str = ME
) -> Desk:
    """Log in as ``username`` for ``extension`` and wait until the console resynced."""
    settings = Settings(
        host="127.0.0.1",
        port=sim.port,
        username=username,
        extension=extension,
        phone_type="sip" if sim.dialect == "mypbx" else "pjsip",
    )
    # A 30-60 s backoff: the desk comes back only when the test says so (relogin).
    client = AmiClient(ami_options(settings, secret), backoff=Backoff(base=60.0))
    phone = PhoneService(settings, secret, client=client)
    console = ConsoleService(phone)
    desk = Desk(sim, phone, console)
    console.on_transfer(desk.steps.append)
    phone.start()
    try:
        await client.wait_ready(5)
        await console.wait_resynced(5)
    except BaseException:
        await phone.aclose()
        raise
    return desk


async def relogin(desk: Desk, while_away: Callable[[], Awaitable[None]] | None = None) -> None:
    """The PBX drops the desk; ``while_away`` runs; the desk logs in again and resyncs."""
    client = desk.phone.client
    await desk.sim.drop_clients()
    await until(lambda: client.status.state is ConnectionState.RECONNECT_WAIT)
    if while_away is not None:
        await while_away()
    client.reconnect_now()
    await client.wait_ready(5)
    await desk.console.wait_resynced(5)
