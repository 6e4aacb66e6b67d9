"""BLF: the device state of every phone and the state of its hint, kept up to date.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Every phone has a hint in ``hintextens`` (``exten => 474,hint,SIP/474``). Whenever one
of its channels appears, changes state or goes away, the engine calls
:meth:`Presence.refresh`; if the phone's device state changed, the PBX writes
``ExtensionStatus`` (when the extension state changed too), 22's
``DeviceStateChange``, and tells the listeners (the queue writes
``QueueMemberStatus``). As on a real PBX the caller's phone turns busy first, when its
call appears; a dialed phone counts only once it rings (captures c1, console-blf).

Parking spaces have hints too in 1.8 (``parkinghints=yes`` in capture c2a:
``park:701@parkedcalls``); 22 (``parkinghints=no``) announces them only as devices.
"""

from __future__ import annotations

from collections.abc import Callable

from .dialects import Pairs
from .engine import Engine
from .ev_blf import Blf22, BlfEvents, DevState, Peer
from .model import (
    HINT_CONTEXT,
    PARK_SLOTS,
    PARKED_CONTEXT,
    Behaviour,
    Channel,
    ChannelState,
    Endpoint,
)

Listener = Callable[[Endpoint, DevState], None]


class Presence:
    """Device and extension states of the phones and parking spaces."""

    def __init__(self, engine: Engine, events: BlfEvents) -> None:
        self.engine = engine
        self.ev = events
        self.legacy = engine.d.legacy
        self._device: dict[str, DevState] = {}
        self._exten: dict[str, int] = {}
        self.busy_slots: set[str] = set()
        self.listeners: list[Listener] = []
        engine.on_device = self.refresh

    # -- names -----------------------------------------------------------------------------
    def hint(self, ep: Endpoint) -> str:
        return f"{self.engine.tech_of(ep)}/{ep.peer}"

    @staticmethod
    def park_hint(slot: str) -> str:
        return f"park:{slot}@{PARKED_CONTEXT}"

    # -- states ----------------------------------------------------------------------------
    def state_of(self, ep: Endpoint) -> DevState:
        """``ast_devstate_aggregate`` over the phone's channels (or the trunk's)."""
        if ep.is_phone and self.engine.directory.behaviour(ep.extension) is Behaviour.OFFLINE:
            return DevState.UNAVAILABLE
        chans = [c for c in self.engine.channels.values() if c.endpoint is ep]
        ringing = any(c.state is ChannelState.RINGING for c in chans)
        held = any(c.on_hold for c in chans)
        busy = any(
            c.state is not ChannelState.RINGING
            and not c.on_hold
            and (c.state is not ChannelState.DOWN or c.has_pbx)
            for c in chans
        )
        if ringing:
            return DevState.RINGINUSE if busy or held else DevState.RINGING
        if busy:
            return DevState.INUSE
        return DevState.ONHOLD if held else DevState.NOT_INUSE

    def refresh(self, ch: Channel | None = None, ep: Endpoint | None = None) -> None:
        """Re-evaluate the phone of ``ch`` (or ``ep``); announce what changed."""
        endpoint = ep if ep is not None else ch.endpoint if ch is not None else None
        if endpoint is None or not endpoint.is_phone:
            return
        state = self.state_of(endpoint)
        hint = self.hint(endpoint)
        if self._device.get(hint, DevState.NOT_INUSE) is state:
            return
        self._device[hint] = state
        exten = endpoint.extension
        status = state.extension_state
        if self._exten.get(exten, 0) != status:
            self._exten[exten] = status
            self.engine.emit([self.ev.extension_status(exten, HINT_CONTEXT, hint, status)])
        self.engine.emit(self.ev.device_state(hint, state))
        for listener in list(self.listeners):
            listener(endpoint, state)

    def slot(self, slot: str, busy: bool) -> None:
        """A parking space was taken or freed."""
        if busy == (slot in self.busy_slots):
            return
        if busy:
            self.busy_slots.add(slot)
        else:
            self.busy_slots.discard(slot)
        if self.legacy:
            status = int(busy)
            ev = self.ev.extension_status(slot, PARKED_CONTEXT, self.park_hint(slot), status)
            self.engine.emit([ev])
        else:
            state = DevState.INUSE if busy else DevState.NOT_INUSE
            self.engine.emit(self.ev.device_state(self.park_hint(slot), state))

    # -- answers ---------------------------------------------------------------------------
    def extension_state(self, exten: str, context: str) -> tuple[str, int]:
        """``ExtensionState``: the hint and its state, or ``("", -1)`` (never an error)."""
        directory = self.engine.directory
        phone = directory.phone(exten)
        known = context == HINT_CONTEXT or directory.context_exists(context)
        if phone is not None and known and context != PARKED_CONTEXT:
            return self.hint(phone), self.state_of(phone).extension_state
        if self.legacy and context == PARKED_CONTEXT and exten in PARK_SLOTS:
            return self.park_hint(exten), int(exten in self.busy_slots)
        return "", -1

    def hints(self) -> list[tuple[str, str, int]]:
        """``(exten, hint, status)`` of every hint in ``hintextens``."""
        phones = self.engine.directory.phones.values()
        return [(p.extension, self.hint(p), self.state_of(p).extension_state) for p in phones]

    def state_list(self, aid: Pairs) -> list[Pairs]:
        """22's ExtensionStateList items."""
        assert isinstance(self.ev, Blf22)
        return [self.ev.state_list_item(e, HINT_CONTEXT, h, s, aid) for e, h, s in self.hints()]

    def devices(self) -> list[tuple[str, DevState]]:
        """22's DeviceStateList: the endpoints, the trunk, busy parking spaces."""
        d = self.engine.directory
        out = [(self.hint(p), self.state_of(p)) for p in d.phones.values()]
        trunk_busy = any(c.endpoint is d.trunk for c in self.engine.channels.values())
        out.append((self.hint(d.trunk), DevState.INUSE if trunk_busy else DevState.NOT_INUSE))
        out += [(self.park_hint(s), DevState.INUSE) for s in sorted(self.busy_slots)]
        return out

    def peers(self) -> list[Peer]:
        """The SIP peers (1.8) or PJSIP endpoints (22): phones, then the trunk."""
        d = self.engine.directory
        sip = sorted((p for p in d.phones.values() if not p.is_analog), key=lambda p: p.peer)
        return [self.peer(p) for p in [*sip, d.trunk]]

    def peer(self, ep: Endpoint) -> Peer:
        chans = tuple(c.name for c in self.engine.channels.values() if c.endpoint is ep)
        phone = ep.is_phone
        return Peer(
            name=ep.peer,
            caller_name=ep.name,
            context=ep.context,
            port=int(f"15{ep.peer}") if phone else 15999,
            state=self.state_of(ep) if phone else DevState.NOT_INUSE,
            mailbox=f"{ep.extension}@default" if phone else "",
            channels=chans,
        )
