"""The operator-console features of the simulated PBX, built for one dialect.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

BLF (``blf``), parking (``parking``), pickup (``pickup``), transfers (``transfers``),
the queue (``queues``), voicemail (``voicemail``) and the dialplan that reaches them
(``dialplan``); the ``ev_*`` modules render their events per dialect.
Blind transfers (22) are in ``blind``.
"""

from __future__ import annotations

from .blf import Presence
from .blind import BlindTransfers
from .calls import CallManager
from .dialplan import ConsoleDialplan
from .engine import Engine
from .ev_blf import Blf18, Blf22
from .ev_chan import Chan18, Chan22
from .ev_park import Park18, Park22
from .ev_queue import Queue18, Queue22
from .kit import ConsoleTiming, Kit, Spawn
from .parking import ParkingLot
from .pickup import Pickups
from .queues import CallQueue
from .transfers import Transfers
from .voicemail import Voicemail


class Console:
    """Every console feature, wired to the engine and the call flows."""

    def __init__(
        self, engine: Engine, calls: CallManager, timing: ConsoleTiming, spawn: Spawn
    ) -> None:
        legacy = engine.d.legacy
        self.blf = Blf18() if legacy else Blf22()
        self.presence = Presence(engine, self.blf)
        chan = Chan18() if legacy else Chan22()
        self.kit = Kit(engine, calls, self.presence, chan, timing, spawn)
        self.parking = ParkingLot(self.kit, Park18() if legacy else Park22())
        self.pickups = Pickups(self.kit)
        self.transfers = Transfers(self.kit)
        self.blind = BlindTransfers(self.kit, self.parking)
        self.queue = CallQueue(self.kit, Queue18() if legacy else Queue22())
        self.voicemail = Voicemail(self.kit)
        self.dialplan = ConsoleDialplan(
            self.kit, self.parking, self.pickups, self.queue, self.voicemail
        )
        calls.features = self.dialplan

    @property
    def timing(self) -> ConsoleTiming:
        return self.kit.timing

    def reset(self) -> None:
        """The PBX stops: forget parked and queued calls (their tasks are cancelled)."""
        self.parking.cancel_all()
        self.queue.cancel_all()
        self.transfers.active.clear()
