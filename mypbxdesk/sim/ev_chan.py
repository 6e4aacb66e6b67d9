"""Channel-level console events per dialect: masquerades, music on hold, hold, DTMF,
pickup, message waiting, and Asterisk 22's bridge events for any kind of bridge.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

1.8 layouts: c2a-park-retrieve (``Masquerade``, ``Rename``, ``MusicOnHold``), c3a-pickupchan
(``Pickup``), c6-mailbox (``MessageWaiting``) and ``send_dtmf_event`` in 1.8's channel.c
(``DTMF``, no capture). 22 layouts: console-park, console-pickup, console-atxfer and
``manager_mwi.c`` (``MessageWaiting`` carries the channel snapshot when a channel left
the message).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from .accounts import Perm
from .dialect22 import bridge_pairs, snapshot
from .dialects import PbxEvent, event
from .model import Channel

CALL = Perm.CALL


class ChanEvents(ABC):
    @abstractmethod
    def masquerade(self, clone: Channel, original: Channel, clone_state: str) -> list[PbxEvent]:
        """``clone`` takes ``original``'s place (1.8 only)."""

    @abstractmethod
    def rename(self, old: str, new: str, uniqueid: str) -> list[PbxEvent]: ...

    @abstractmethod
    def moh(self, ch: Channel, start: bool) -> list[PbxEvent]: ...

    @abstractmethod
    def hold(self, ch: Channel, on: bool) -> list[PbxEvent]: ...

    @abstractmethod
    def dtmf(self, ch: Channel, digit: str) -> list[PbxEvent]: ...

    @abstractmethod
    def pickup(self, picker: Channel, target: Channel) -> list[PbxEvent]: ...

    @abstractmethod
    def message_waiting(
        self, mailbox: str, new: int, old: int, ch: Channel | None
    ) -> list[PbxEvent]: ...

    # -- 22 bridges (1.8 announces two-party links with Bridge/Unlink instead) -------------
    def bridge_create(self, bid: str, parking: bool = False) -> list[PbxEvent]:
        return []

    def bridge_enter(
        self, bid: str, members: int, ch: Channel, parking: bool = False, swap: str = ""
    ) -> list[PbxEvent]:
        return []

    def bridge_leave(
        self, bid: str, members: int, ch: Channel, parking: bool = False
    ) -> list[PbxEvent]:
        return []

    def bridge_destroy(self, bid: str, parking: bool = False) -> list[PbxEvent]:
        return []


class Chan18(ChanEvents):
    def masquerade(self, clone: Channel, original: Channel, clone_state: str) -> list[PbxEvent]:
        return [
            event(
                "Masquerade",
                CALL,
                [
                    ("Clone", clone.name),
                    ("CloneState", clone_state),
                    ("Original", original.name),
                    ("OriginalState", original.state.desc),
                ],
            )
        ]

    def rename(self, old: str, new: str, uniqueid: str) -> list[PbxEvent]:
        return [event("Rename", CALL, [("Channel", old), ("Newname", new), ("Uniqueid", uniqueid)])]

    def moh(self, ch: Channel, start: bool) -> list[PbxEvent]:
        head = [("State", "Start" if start else "Stop"), ("Channel", ch.name)]
        tail = [("Class", "default")] if start else []
        return [event("MusicOnHold", CALL, [*head, ("UniqueID", ch.uniqueid), *tail])]

    def hold(self, ch: Channel, on: bool) -> list[PbxEvent]:
        return []  # 1.8's Hold event comes from chan_sip re-INVITEs, not from features

    def dtmf(self, ch: Channel, digit: str) -> list[PbxEvent]:
        return [
            event(
                "DTMF",
                Perm.DTMF,
                [
                    ("Channel", ch.name),
                    ("Uniqueid", ch.uniqueid),
                    ("Digit", digit),
                    ("Direction", "Received"),
                    ("Begin", "No"),
                    ("End", "Yes"),
                ],
            )
        ]

    def pickup(self, picker: Channel, target: Channel) -> list[PbxEvent]:
        return [event("Pickup", CALL, [("Channel", picker.name), ("TargetChannel", target.name)])]

    def message_waiting(
        self, mailbox: str, new: int, old: int, ch: Channel | None
    ) -> list[PbxEvent]:
        counts = [("Waiting", str(int(new > 0))), ("New", str(new)), ("Old", str(old))]
        return [event("MessageWaiting", CALL, [("Mailbox", mailbox), *counts])]


class Chan22(ChanEvents):
    def masquerade(self, clone: Channel, original: Channel, clone_state: str) -> list[PbxEvent]:
        return []  # 12+ moves channels between bridges instead

    def rename(self, old: str, new: str, uniqueid: str) -> list[PbxEvent]:
        return []

    def moh(self, ch: Channel, start: bool) -> list[PbxEvent]:
        if start:
            return [event("MusicOnHoldStart", CALL, [*snapshot(ch), ("Class", "default")])]
        return [event("MusicOnHoldStop", CALL, snapshot(ch))]

    def hold(self, ch: Channel, on: bool) -> list[PbxEvent]:
        return [event("Hold" if on else "Unhold", CALL, snapshot(ch))]

    def dtmf(self, ch: Channel, digit: str) -> list[PbxEvent]:
        tail = [("Digit", digit), ("DurationMs", "0"), ("Direction", "Received")]
        return [event("DTMFEnd", Perm.DTMF, [*snapshot(ch), *tail])]

    def pickup(self, picker: Channel, target: Channel) -> list[PbxEvent]:
        return [event("Pickup", CALL, [*snapshot(picker), *snapshot(target, "Target")])]

    def message_waiting(
        self, mailbox: str, new: int, old: int, ch: Channel | None
    ) -> list[PbxEvent]:
        head = snapshot(ch) if ch is not None else []
        counts = [("Waiting", str(int(new > 0))), ("New", str(new)), ("Old", str(old))]
        return [event("MessageWaiting", CALL, [*head, ("Mailbox", mailbox), *counts])]

    def bridge_create(self, bid: str, parking: bool = False) -> list[PbxEvent]:
        return [event("BridgeCreate", CALL, bridge_pairs(bid, 0, parking=parking))]

    def bridge_enter(
        self, bid: str, members: int, ch: Channel, parking: bool = False, swap: str = ""
    ) -> list[PbxEvent]:
        tail = [("SwapUniqueid", swap)] if swap else []
        pairs = [*bridge_pairs(bid, members, parking=parking), *snapshot(ch), *tail]
        return [event("BridgeEnter", CALL, pairs)]

    def bridge_leave(
        self, bid: str, members: int, ch: Channel, parking: bool = False
    ) -> list[PbxEvent]:
        pairs = [*bridge_pairs(bid, members, parking=parking), *snapshot(ch)]
        return [event("BridgeLeave", CALL, pairs)]

    def bridge_destroy(self, bid: str, parking: bool = False) -> list[PbxEvent]:
        return [event("BridgeDestroy", CALL, bridge_pairs(bid, 0, parking=parking))]
