"""The operator-console helpers of :class:`~mypbxdesk.sim.SimulatedPbx`, for tests and demos.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

What a test needs without writing AMI actions: calls between colleagues, a caller in
the queue, any extension dialled through the dialplan (600, 610, 701 …), a parked call,
a voicemail, a phone that rings longer, a paused queue member, and the state of a
hint, a parking lot or a mailbox.
"""

from __future__ import annotations

from .calls import CallManager, Outcome, SimCall, Timing
from .console import Console
from .engine import Engine
from .model import QUEUE_EXTEN


class ConsoleHelpers:
    """Mixed into ``SimulatedPbx``."""

    console: Console
    calls: CallManager
    timing: Timing
    engine: Engine

    # -- calls -----------------------------------------------------------------------------
    async def colleague_call(
        self,
        from_ext: str = "503",
        to_ext: str = "306",
        outcome: Outcome | str = Outcome.ANSWERED,
        *,
        ring_time: float | None = None,
        talk_time: float | None = None,
    ) -> SimCall:
        """Extension ``from_ext`` calls extension ``to_ext`` (BLF traffic of colleagues)."""
        if self.engine.directory.phone(from_ext) is None:
            raise ValueError(f"{from_ext!r} is not an extension of the simulated PBX")
        return self.calls.incoming(
            caller=from_ext,
            caller_name="",
            to=to_ext,
            via_trunk=False,
            outcome=Outcome(outcome),
            transfer_to="306",
            colleague="305",
            ring_time=self.calls.ring_time(to_ext) if ring_time is None else ring_time,
            talk_time=self.timing.talk_time if talk_time is None else talk_time,
        )

    async def dial_extension(
        self,
        exten: str,
        caller: str = "13806012345",
        caller_name: str = "Bob Smith",
        *,
        via_trunk: bool = True,
        talk_time: float | None = None,
    ) -> SimCall:
        """A call to ``exten`` through the dialplan: 600 (ring group), 610 (queue),
        701-720 (a parked call), ``*474`` (voicemail) … ``via_trunk=False`` makes
        ``caller`` an extension dialling it."""
        return self.calls.dial_in(
            caller=caller,
            caller_name=caller_name,
            exten=exten,
            via_trunk=via_trunk,
            talk_time=self.timing.talk_time if talk_time is None else talk_time,
        )

    async def queue_call(
        self,
        caller: str = "13806012345",
        caller_name: str = "Bob Smith",
        *,
        via_trunk: bool = True,
        talk_time: float | None = None,
    ) -> SimCall:
        """A caller joins the queue ``reception`` (dials 610)."""
        return await self.dial_extension(
            QUEUE_EXTEN, caller, caller_name, via_trunk=via_trunk, talk_time=talk_time
        )

    def set_ring_time(self, extension: str, seconds: float | None) -> None:
        """How long ``extension`` rings before it answers (None: the PBX's ``ring_time``)."""
        if seconds is None:
            self.calls.ring_times.pop(extension, None)
        else:
            self.calls.ring_times[extension] = seconds

    # -- parking ---------------------------------------------------------------------------
    def park(self, channel: str, parker: str | None = None, timeout: float | None = None) -> str:
        """Park a live channel (as AMI ``Park`` does); returns the parking space."""
        engine = self.engine
        ch = engine.find(channel)
        if ch is None:
            raise ValueError(f"no channel {channel!r}")
        other = engine.find(parker) if parker else ch.bridged
        if self.console.parking.refusal(ch) is not None:
            raise ValueError(f"{channel!r} cannot be parked now")
        return self.console.parking.park(ch, other, timeout).slot

    def parked_calls(self) -> dict[str, str]:
        """Parking space -> parked channel."""
        return {p.slot: p.channel.name for p in self.console.parking.calls()}

    # -- BLF, queue, voicemail -------------------------------------------------------------
    def extension_state(self, extension: str) -> int:
        """The ``ExtensionState`` status of ``extension``'s hint (-1: no hint)."""
        phone = self.engine.directory.phone(extension)
        if phone is None:
            return -1
        return self.console.presence.state_of(phone).extension_state

    def pause_member(self, extension: str, paused: bool = True, reason: str = "") -> None:
        """Pause (or unpause) a queue member, as ``QueuePause`` does."""
        phone = self.engine.directory.phone(extension)
        iface = self.console.kit.base(phone) if phone is not None else extension
        if self.console.queue.pause(iface, paused, reason) is not None:
            raise ValueError(f"{extension!r} is not a member of the queue")

    def queue_callers(self) -> list[str]:
        """The channels waiting in the queue, first in line first."""
        return [e.caller.name for e in self.console.queue.entries]

    def leave_voicemail(self, extension: str, urgent: bool = False) -> None:
        """A new message in ``extension@default`` (``MessageWaiting``, no call needed)."""
        self.console.voicemail.leave(extension, urgent=urgent)

    def read_voicemail(self, extension: str) -> None:
        """Its owner listened: the new messages are old (``MessageWaiting``)."""
        self.console.voicemail.read(extension)

    def mailbox(self, extension: str) -> tuple[int, int, int]:
        """``(urgent, new, old)`` of ``extension@default``."""
        return self.console.voicemail.counts(extension)
