"""Who is talking to whom: the live channels behind the colleagues' lines.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

:class:`ChannelBook` keeps, per Uniqueid, a channel's name, device, caller ID,
connected line and the channel it is linked with (its *peer*), for the other
party of a colleague's call. Bounded (:data:`MAX_CHANNELS`, oldest first;
forgotten on ``Hangup``); never raises. Links, from both dialects:

* ``Dial`` ``SubEvent: Begin`` (1.8: ``UniqueID``/``DestUniqueID``) and
  ``DialBegin`` (22: ``Uniqueid``/``DestUniqueid``) link caller and callee; a
  22 ``DialEnd`` other than ``ANSWER`` unlinks them, ``ANSWER`` links them
  (after a pickup it names the picker: console-pickup);
* 1.8 ``Bridge`` ``Bridgestate: Link``/``Unlink`` and ``Event: Unlink``
  (``Uniqueid1``/``Uniqueid2``, c1); 22 ``BridgeEnter``/``BridgeLeave``
  (``BridgeUniqueid``; an attended transfer moves channels between bridges,
  console-atxfer);
* ``Rename`` follows a 1.8 masquerade: a pickup renames the ringing
  ``SIP/474-0000000d`` to ``SIP/305-0000000e``, which keeps 474's Uniqueid
  (c3a), so the link to the caller moves to 305 by itself; ``Masquerade`` gives
  the original the clone's caller ID (no NewCallerid after an attended transfer);
* 22's ``Pickup`` (``Uniqueid``, ``TargetUniqueid``) links the picker with the
  caller the target rang for (console-pickup); ``Newchannel``/``Newstate``/
  ``NewCallerid`` refresh caller IDs.

The other party is the live peer's caller ID (a Local channel's dialled
extension when its caller ID is unknown, console-atxfer), else, only for a
channel never linked, its own connected line (1.8 queue legs ring without a
``Dial``, c4). A channel whose peer left knows nobody: a parked caller's
connected line still names the parker (console-park).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..ami.message import Message
from . import fields

#: How many channels are remembered at most (oldest forgotten first).
MAX_CHANNELS = 4096
#: How many 12+ bridges are remembered at most.
MAX_BRIDGES = 2048

#: The events :meth:`ChannelBook.apply` reads (canonical case) and their handlers.
_HANDLERS = {
    "Newchannel": "_on_upsert",
    "Newstate": "_on_upsert",
    "NewCallerid": "_on_upsert",
    "Dial": "_on_dial18",
    "DialBegin": "_on_dial_begin",
    "DialEnd": "_on_dial_end",
    "Bridge": "_on_bridge18",
    "Link": "_on_bridge18",
    "Unlink": "_on_bridge18",
    "BridgeEnter": "_on_bridge_enter",
    "BridgeLeave": "_on_bridge_leave",
    "Hangup": "_on_hangup",
    "Rename": "_on_rename",
    "Masquerade": "_on_masquerade",
    "Pickup": "_on_pickup",
}
CHANNEL_EVENTS = frozenset(_HANDLERS)


@dataclass(slots=True)
class _Chan:
    uid: str
    name: str
    device: str  # fields.device_key form, "" for a transient name
    number: str = ""
    name_text: str = ""
    conn_number: str = ""
    conn_name: str = ""
    up: bool = False
    #: None: never linked; "": was linked, the link is gone; else the peer's Uniqueid.
    peer: str | None = None


class ChannelBook:
    """The live channels, their caller IDs and links. See the module docstring."""

    __slots__ = ("_bridge_of", "_bridges", "_by_device", "_chans", "_handlers")

    def __init__(self) -> None:
        self._chans: dict[str, _Chan] = {}
        self._by_device: dict[str, dict[str, None]] = {}
        self._bridges: dict[str, list[str]] = {}
        self._bridge_of: dict[str, str] = {}
        self._handlers: dict[str, Callable[[Message, set[str]], None]] = {
            name.lower(): getattr(self, method) for name, method in _HANDLERS.items()
        }

    # -- queries ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._chans)

    @property
    def bridges(self) -> int:
        return len(self._bridges)

    def other_party(self, devices: Iterable[str]) -> tuple[str, str]:
        """``(number, name)`` of the other party of the current call on ``devices``
        (device keys), ``("", "")`` when unknown or when there is no channel."""
        best: tuple[int, int, int] | None = None
        chosen: _Chan | None = None
        for device in devices:
            for order, uid in enumerate(self._by_device.get(device, ())):
                chan = self._chans[uid]
                linked = chan.peer is not None and chan.peer in self._chans
                rank = (int(linked), int(chan.up), order)
                if best is None or rank > best:
                    best, chosen = rank, chan
        return ("", "") if chosen is None else self._party_of(chosen)

    def _party_of(self, chan: _Chan) -> tuple[str, str]:
        peer = self._chans.get(chan.peer) if chan.peer else None
        if peer is not None:
            number = peer.number or fields.local_exten(peer.name)
            if number or peer.name_text:
                return number, peer.name_text
            return "", ""
        if chan.peer is None and chan.conn_number and chan.conn_number != chan.number:
            return chan.conn_number, chan.conn_name
        return "", ""

    def on_devices(self, devices: Iterable[str]) -> list[tuple[str, bool]]:
        """``(channel name, up)`` of every live channel on ``devices`` (device
        keys), oldest first."""
        out: list[tuple[str, bool]] = []
        for device in devices:
            for uid in self._by_device.get(device, ()):
                chan = self._chans[uid]
                out.append((chan.name, chan.up))
        return out

    # -- events ----------------------------------------------------------------------
    def apply(self, msg: Message) -> set[str]:
        """Feed one event; returns the device keys whose other party may have changed."""
        handler = self._handlers.get(msg.name.lower())
        if handler is None:
            return set()
        touched: set[str] = set()
        handler(msg, touched)
        touched.discard("")
        return touched

    def clear(self) -> None:
        """Forget everything (a reconnect without a channel list)."""
        self._chans.clear()
        self._by_device.clear()
        self._bridges.clear()
        self._bridge_of.clear()

    def load(self, items: Iterable[Message]) -> None:
        """Start again from a ``CoreShowChannels`` answer (1.8 ``BridgedUniqueID``,
        22 ``BridgeId``: capture 8 and console-atxfer)."""
        self.clear()
        by_bridge: dict[str, list[str]] = {}
        links: list[tuple[str, str]] = []
        for msg in items:
            uid = fields.text(msg.first("Uniqueid", "UniqueID"))
            if not uid:
                continue
            chan = self._upsert(msg, uid, msg.get("Channel"), set())
            if chan is None:
                continue
            bridged = fields.text(msg.get("BridgedUniqueID"))
            if bridged:
                links.append((uid, bridged))
            bridge = fields.text(msg.get("BridgeId"))
            if bridge and len(by_bridge) < MAX_BRIDGES:
                by_bridge.setdefault(bridge, []).append(uid)
        for uid, other in links:
            if uid in self._chans and other in self._chans:
                self._link(uid, other, set())
        for bridge, members in by_bridge.items():
            for uid in members:
                self._enter(bridge, uid, set())

    # -- channel records ------------------------------------------------------------
    def _upsert(
        self,
        msg: Message,
        uid: str,
        name: str | None,
        touched: set[str],
        prefix: str = "",
        *,
        details: bool = True,
    ) -> _Chan | None:
        """Create or refresh the channel ``uid``; with ``details``, from the
        ``prefix``-ed caller-ID, connected-line and state headers too."""
        if not uid:
            return None
        chan = self._chans.get(uid)
        clean = fields.text(name)
        if chan is None:
            if not clean:
                return None
            chan = self._add(uid, clean)
        elif clean and clean != chan.name:
            self._set_name(chan, clean, touched)
        touched.add(chan.device)
        self._touch_peer(chan, touched)
        if not details:
            return chan
        number = msg.get(prefix + "CallerIDNum")
        if number is not None:
            chan.number = fields.number(number)
            chan.name_text = fields.number(msg.get(prefix + "CallerIDName"))
        conn = msg.get(prefix + "ConnectedLineNum")
        if conn is not None:
            chan.conn_number = fields.number(conn)
            chan.conn_name = fields.number(msg.get(prefix + "ConnectedLineName"))
        state = msg.first(prefix + "ChannelStateDesc", prefix + "State")
        if state:
            chan.up = state.strip().lower() == "up"
        return chan

    def _add(self, uid: str, name: str) -> _Chan:
        while len(self._chans) >= MAX_CHANNELS:
            self._drop(next(iter(self._chans)), set())
        chan = _Chan(uid, name, fields.device_key(fields.device_of(name)))
        self._chans[uid] = chan
        self._by_device.setdefault(chan.device, {})[uid] = None
        return chan

    def _set_name(self, chan: _Chan, name: str, touched: set[str]) -> None:
        self._unindex_device(chan)
        touched.add(chan.device)
        chan.name = name
        chan.device = fields.device_key(fields.device_of(name))
        self._by_device.setdefault(chan.device, {})[chan.uid] = None
        touched.add(chan.device)

    def _unindex_device(self, chan: _Chan) -> None:
        on_device = self._by_device.get(chan.device)
        if on_device is not None:
            on_device.pop(chan.uid, None)
            if not on_device:
                del self._by_device[chan.device]

    def _drop(self, uid: str, touched: set[str]) -> None:
        chan = self._chans.pop(uid, None)
        if chan is None:
            return
        self._unindex_device(chan)
        touched.add(chan.device)
        self._leave_bridge(uid, touched)
        for other in self._chans.values():
            if other.peer == uid:
                other.peer = ""
                touched.add(other.device)

    def _touch_peer(self, chan: _Chan, touched: set[str]) -> None:
        peer = self._chans.get(chan.peer) if chan.peer else None
        if peer is not None:
            touched.add(peer.device)

    def _link(self, a: str, b: str, touched: set[str]) -> None:
        # A channel's former partner keeps pointing at it: a ring group's other
        # legs still ring for the same caller (console-ringgroup).
        first, second = self._chans.get(a), self._chans.get(b)
        if first is None or second is None or a == b:
            return
        first.peer, second.peer = b, a
        touched.update((first.device, second.device))

    def _unlink(self, a: str, b: str, touched: set[str]) -> None:
        for uid, other in ((a, b), (b, a)):
            chan = self._chans.get(uid)
            if chan is not None and chan.peer == other:
                chan.peer = ""
                touched.add(chan.device)

    def _uid(self, msg: Message, *names: str) -> str:
        return fields.text(msg.first(*names))

    # -- handlers --------------------------------------------------------------------
    def _on_upsert(self, msg: Message, touched: set[str]) -> None:
        self._upsert(msg, self._uid(msg, "Uniqueid"), msg.get("Channel"), touched)

    def _on_dial18(self, msg: Message, touched: set[str]) -> None:
        caller = self._uid(msg, "UniqueID")
        sub = (msg.get("SubEvent") or "").strip().lower()
        if sub == "begin":
            dest = self._uid(msg, "DestUniqueID")
            self._upsert(msg, caller, msg.get("Channel"), touched)
            # 1.8's Dial carries the caller's caller ID only.
            self._upsert(msg, dest, msg.get("Destination"), touched, details=False)
            self._link(caller, dest, touched)
        elif sub == "end" and (msg.get("DialStatus") or "").strip().upper() != "ANSWER":
            chan = self._chans.get(caller)
            if chan is not None and chan.peer:
                self._unlink(caller, chan.peer, touched)

    def _on_dial_begin(self, msg: Message, touched: set[str]) -> None:
        caller = self._uid(msg, "Uniqueid")
        dest = self._uid(msg, "DestUniqueid")
        self._upsert(msg, caller, msg.get("Channel"), touched)
        self._upsert(msg, dest, msg.get("DestChannel"), touched, prefix="Dest")
        self._link(caller, dest, touched)

    def _on_dial_end(self, msg: Message, touched: set[str]) -> None:
        caller = self._uid(msg, "Uniqueid")
        dest = self._uid(msg, "DestUniqueid")
        self._upsert(msg, caller, msg.get("Channel"), touched)
        self._upsert(msg, dest, msg.get("DestChannel"), touched, prefix="Dest")
        if (msg.get("DialStatus") or "").strip().upper() == "ANSWER":
            self._link(caller, dest, touched)
        else:
            self._unlink(caller, dest, touched)

    def _on_bridge18(self, msg: Message, touched: set[str]) -> None:
        a, b = self._uid(msg, "Uniqueid1"), self._uid(msg, "Uniqueid2")
        state = (msg.get("Bridgestate") or "").strip().lower()
        if msg.name.lower() == "unlink" or state == "unlink":
            self._unlink(a, b, touched)
        else:
            self._link(a, b, touched)

    def _on_bridge_enter(self, msg: Message, touched: set[str]) -> None:
        chan = self._upsert(msg, self._uid(msg, "Uniqueid"), msg.get("Channel"), touched)
        bridge = fields.text(msg.get("BridgeUniqueid"))
        if chan is not None and bridge:
            self._enter(bridge, chan.uid, touched)

    def _enter(self, bridge: str, uid: str, touched: set[str]) -> None:
        if self._bridge_of.get(uid) not in (None, bridge):
            self._leave_bridge(uid, touched)
        members = self._bridges.get(bridge)
        if members is None:
            while len(self._bridges) >= MAX_BRIDGES:
                self._forget_bridge(next(iter(self._bridges)))
            members = self._bridges[bridge] = []
        if uid not in members:
            members.append(uid)
        self._bridge_of[uid] = bridge
        others = [m for m in members if m != uid]
        if others:
            # Two members talk to each other; a third talks to the first one there.
            self._link(uid, others[0], touched)

    def _on_bridge_leave(self, msg: Message, touched: set[str]) -> None:
        chan = self._upsert(msg, self._uid(msg, "Uniqueid"), msg.get("Channel"), touched)
        if chan is not None:
            self._leave_bridge(chan.uid, touched)

    def _leave_bridge(self, uid: str, touched: set[str]) -> None:
        bridge = self._bridge_of.pop(uid, None)
        members = self._bridges.get(bridge or "")
        if members is None:
            return
        if uid in members:
            members.remove(uid)
        for other in members:
            self._unlink(uid, other, touched)
        if len(members) == 2:
            self._link(members[0], members[1], touched)
        if not members:
            del self._bridges[bridge or ""]

    def _forget_bridge(self, bridge: str) -> None:
        for uid in self._bridges.pop(bridge, []):
            if self._bridge_of.get(uid) == bridge:
                del self._bridge_of[uid]

    def _on_hangup(self, msg: Message, touched: set[str]) -> None:
        uid = self._uid(msg, "Uniqueid")
        chan = self._chans.get(uid)
        if chan is not None:
            self._touch_peer(chan, touched)
            self._drop(uid, touched)

    def _on_rename(self, msg: Message, touched: set[str]) -> None:
        chan = self._chans.get(self._uid(msg, "Uniqueid"))
        new = fields.text(msg.first("Newname", "NewName"))
        if chan is not None and new:
            self._set_name(chan, new, touched)
            self._touch_peer(chan, touched)

    def _on_masquerade(self, msg: Message, touched: set[str]) -> None:
        by_name = {c.name: c for c in self._chans.values()}
        clone, original = (by_name.get(fields.text(msg.get(h))) for h in ("Clone", "Original"))
        if clone is not None and original is not None and (clone.number or clone.name_text):
            original.number, original.name_text = clone.number, clone.name_text
            touched.add(original.device)
            self._touch_peer(original, touched)

    def _on_pickup(self, msg: Message, touched: set[str]) -> None:
        # 22 only: 1.8's Pickup names no Uniqueid, and the masquerade right after
        # it moves the ringing leg, link and all, to the picker (c3a).
        picker = self._chans.get(fields.text(msg.get("Uniqueid")))
        target = self._chans.get(fields.text(msg.get("TargetUniqueid")))
        caller = self._chans.get(target.peer) if target is not None and target.peer else None
        if picker is not None and caller is not None and caller.uid != picker.uid:
            self._link(picker.uid, caller.uid, touched)
