"""What every operator-console feature of the simulator works with, in one object.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from .blf import Presence
from .callmodel import Target
from .calls import CallManager
from .engine import Engine
from .ev_chan import ChanEvents
from .model import Channel, ChannelState, Endpoint

Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]


@dataclass
class ConsoleTiming:
    """The delays of the console features, in seconds (../shared/asterisk/etc)."""

    park_time: float = 45.0  # res_parking.conf parkingtime
    park_announce: float = 2.6  # 22: the parker hears "seven-oh-one", then is hung up
    comeback_time: float = 30.0  # comebackdialtime: a timed-out park rings the parker
    digit_timeout: float = 3.0  # transferdigittimeout: Atxfer digits without a final #
    atxfer_timeout: float = 15.0  # atxfernoanswertimeout: the consulted phone may ring
    queue_timeout: float = 15.0  # queues.conf timeout: one attempt rings the members
    queue_retry: float = 2.0  # queues.conf retry
    voicemail_time: float = 4.0  # a caller speaks this long after the beep


@dataclass
class Kit:
    engine: Engine
    calls: CallManager
    presence: Presence
    chan: ChanEvents
    timing: ConsoleTiming
    spawn: Spawn

    @property
    def legacy(self) -> bool:
        return self.engine.d.legacy

    def phone_target(self, extension: str) -> Target | None:
        phone = self.engine.directory.phone(extension)
        if phone is None:
            return None
        return Target(phone, phone.peer if phone.is_analog else extension, extension)

    def base(self, ep: Endpoint) -> str:
        """``SIP/474``: a channel name without its ``-0000000a``."""
        return self.engine.d.channel_base(self.engine.tech_of(ep), ep.peer)

    def up(self, ch: Channel) -> None:
        """An application answers the channel (if it is not up yet)."""
        self.engine.set_state(ch, ChannelState.UP)
