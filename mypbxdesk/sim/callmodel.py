"""The data of a call: its caller, its ``Dial()`` run and legs, and the hooks features use.

Layer: simulator (``mypbxdesk.sim``): stdlib only; no sockets here, no Qt.

A :class:`Call` belongs to a channel that runs the dialplan (the caller); its
:class:`DialRun` is one ``Dial()`` (or the member calls of a ``Queue()``) with one
:class:`Leg` per destination. Features hook into a call: ``on_leg`` (a leg was
created, before its ``Dial Begin``), ``on_bridge`` (a leg answered, before the bridge
is announced) and ``on_end`` (the answered call ends, after its Cdr/Unlink).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from .dialects import OriginateOutcome
from .model import Channel, Endpoint


@dataclass(frozen=True, slots=True)
class Target:
    """One destination of a ``Dial()``: a device, its dial string, the number dialed."""

    endpoint: Endpoint
    dialstring: str
    number: str


@dataclass(eq=False)
class Leg:
    channel: Channel
    target: Target


@dataclass(eq=False)
class DialRun:
    """One running ``Dial()`` of a caller."""

    caller: Channel
    legs: list[Leg]
    answered: Leg | None = None
    busy: int = 0
    #: No ``Dial`` events (1.8's Queue() and ParkedCall() ring and bridge without them).
    quiet: bool = False


class Owner(Protocol):
    """A feature that has taken a channel over (a parking lot, a transfer, a link)."""

    def hangup(self, ch: Channel, cause: int) -> None: ...


class OriginateWait:
    """The first leg of an Originate while it rings; reports its outcome at most once."""

    def __init__(self, report: Callable[[OriginateOutcome], None]) -> None:
        self._report: Callable[[OriginateOutcome], None] | None = report

    def report(self, outcome: OriginateOutcome) -> None:
        report, self._report = self._report, None
        if report is not None:
            report(outcome)


@dataclass(eq=False)
class Call:
    """A channel running the dialplan, and what its Cdr will say."""

    caller: Channel
    destination: str
    context: str
    userfield: str = ""
    dial: DialRun | None = None
    answered_wall: float | None = None
    dest_channel: str = ""
    last_app: str = ""
    last_data: str = ""
    originating: OriginateWait | None = None
    task: asyncio.Task[None] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    on_leg: Callable[[Leg], None] | None = None
    on_bridge: Callable[[Leg], None] | None = None
    on_end: Callable[[Channel], None] | None = None
    #: The Dial options, ``tT`` lets both parties transfer (AMI Atxfer needs it).
    options: str = "tT"


@dataclass
class Timing:
    """Every delay of the simulated phones, in seconds."""

    ring_time: float = 1.5
    talk_time: float = 5.0
    answer_delay: float = 0.2  # a number behind the trunk answers
    dial_timeout: float = 30.0


@dataclass
class Plan:
    """What the destinations of one Dial will do, in seconds from its start."""

    answer_after: dict[str, float] = field(default_factory=dict)
    busy: frozenset[str] = frozenset()
    timeout: float = 30.0
    abandon_after: float | None = None
    transfer: tuple[str, float] | None = None
    talk_time: float = 5.0
    voicemail: str = ""  # unanswered: the caller goes on to this extension's mailbox


@dataclass(frozen=True, slots=True)
class OriginateRequest:
    """A validated ``Action: Originate``."""

    requested: str
    tech: str
    data: str
    context: str
    exten: str
    timeout: float
    cid_num: str | None = None
    cid_name: str | None = None
    application: str = ""
    app_data: str = ""
    variables: tuple[tuple[str, str], ...] = ()
    channel_id: str = ""


class Outcome(StrEnum):
    """How a generated incoming call ends."""

    ANSWERED = "answered"
    MISSED = "missed"  # rings until ring_time, then Dial End NOANSWER
    TRANSFERRED = "transferred"  # redirected to transfer_to while ringing (seed §1.5)
    COLLEAGUE = "colleague"  # rings at `to` and a colleague; the colleague answers
    BUSY = "busy"
    ABANDONED = "abandoned"  # the caller hangs up while it rings
    VOICEMAIL = "voicemail"  # rings until ring_time, then the caller leaves a message


class SimCall:
    """A handle on a generated call: its caller channel, and a way to wait for its end."""

    def __init__(self, call: Call) -> None:
        self._call = call
        self.channel = call.caller.name
        self.uniqueid = call.caller.uniqueid
        self.linkedid = call.caller.linkedid
        dial = call.dial
        self.destinations = [leg.channel.name for leg in dial.legs] if dial else []

    @property
    def ended(self) -> bool:
        return self._call.done.is_set()

    async def wait(self) -> None:
        """Until the caller's channel has hung up."""
        await self._call.done.wait()

    def __repr__(self) -> str:
        return f"<SimCall {self.channel} -> {', '.join(self.destinations)}>"
