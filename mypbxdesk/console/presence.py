"""Every colleague's line: :class:`PresenceBook` (the console's busy lamp field).

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

Usage::

    book = PresenceBook(clock=time.time)
    book.resync(items)        # after every login: the hint list (+ CoreShowChannels)
    book.set_names(names_from(items))
    for change in book.apply(message):   # every event in PresenceBook.wanted_events
        print(change.colleague.extension, change.previous, "→", change.colleague.state)

Wire facts (../shared/captures-asterisk18/README.md "Operator-console flows",
../shared/asterisk/README.md "Operator console" and gotchas 14 and 19):

* A colleague is an extension with a hint. ``ExtensionStatus`` (1.8: ``Exten``
  ``Context`` ``Hint`` ``Status``, no ``StatusText``; 22 adds ``StatusText``)
  says its state. ``Context`` is where the hint lives (``hints`` in 1.8,
  ``hintextens`` in 22), not the context that was queried: colleagues are
  matched on ``Exten`` and ``Hint``, never on ``Context``. A parking slot's
  hint (``park:701@parkedcalls``, c1/c2a) is not a colleague.
* c1 (1.8): 474 goes 8 (ringing) → 1 → 9 (a second call rings) → 1 → 0; the
  caller's own extension goes 1 at its ``Newchannel``, before 474 rings.
  console-blf (22): ``Ringing`` → ``InUse`` → ``Idle``, each followed by a
  ``DeviceStateChange`` (``Device: PJSIP/474``, ``State: RINGING``…), which is
  read for extensions whose hint is that one device. 22's atxfer puts the
  waiting caller on ``Status: 16`` (``Hold``, console-atxfer).
* Resync after every login (no stale state survives a reconnect): 22's
  ``ExtensionStateList`` gives one ``ExtensionStatus`` per hint (with the
  list's ActionID); 1.8 has no list action, so the client asks
  ``ExtensionState`` per extension: ``Response: Success`` with ``Exten``,
  ``Context`` (echoed), ``Hint`` and ``Status``; an extension without a hint
  still answers Success, with ``Status: -1`` and an empty Hint (c1 ``es-999``).
* Who each one is talking to comes from the channel events
  (:mod:`.channels`). Names come from :mod:`.names` via :meth:`set_names`.

Events that carry an ActionID are list items answering an action of ours:
:meth:`PresenceBook.apply` leaves them to :meth:`PresenceBook.resync`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ..ami.message import Kind, Message
from . import fields
from .channels import CHANNEL_EVENTS, ChannelBook
from .states import LineState, device_state, extension_state

Clock = Callable[[], float]

#: How many colleagues (hints) are kept at most; further extensions are ignored.
MAX_COLLEAGUES = 4096
#: How many names are kept at most.
MAX_NAMES = 10_000


@dataclass(frozen=True, slots=True)
class Colleague:
    """One colleague's line, as the receptionist sees it.

    Attributes:
        extension: ``"474"`` (the hint's ``Exten``).
        name: the PBX's caller-ID name for the extension (``"Ext 474"``), ``""`` unknown.
        state: what the line does now.
        since: clock seconds when ``state`` began (when it was first seen).
        talking_to: the other party's number in the current call (the caller
            while it rings), ``""`` unknown or no call.
        talking_to_name: the other party's caller-ID name, ``""`` unknown.
        hint: the device(s) the hint watches: ``SIP/474``, ``PJSIP/474``.
    """

    extension: str
    name: str = ""
    state: LineState = LineState.UNKNOWN
    since: float = 0.0
    talking_to: str = ""
    talking_to_name: str = ""
    hint: str = ""


@dataclass(frozen=True, slots=True)
class PresenceChange:
    """A colleague's line changed: its new snapshot and the state before.

    ``previous == colleague.state`` when only the other party or the name changed.
    """

    colleague: Colleague
    previous: LineState

    @property
    def extension(self) -> str:
        return self.colleague.extension

    @property
    def state(self) -> LineState:
        return self.colleague.state


@dataclass(slots=True)
class _Line:
    state: LineState
    since: float
    hint: str
    devices: tuple[str, ...]


def _hint_devices(hint: str) -> tuple[str, ...]:
    """``SIP/474&Custom:DND474`` → ``("sip/474", "custom:dnd474")`` (device keys)."""
    return tuple(fields.device_key(part) for part in hint.split("&") if part.strip())


class PresenceBook:
    """Every colleague's line state, name and other party. Pure: no I/O.

    Args:
        clock: wall-clock seconds (``time.time``), for :attr:`Colleague.since`.
    """

    #: Exactly the AMI events :meth:`apply` reads (canonical case; compared
    #: case-insensitively). Every other event leaves the book unchanged.
    wanted_events: ClassVar[frozenset[str]] = frozenset(
        {"ExtensionStatus", "DeviceStateChange", *CHANNEL_EVENTS}
    )

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lines: dict[str, _Line] = {}
        self._names: dict[str, str] = {}
        self._exts_by_device: dict[str, dict[str, None]] = {}
        self._snapshots: dict[str, Colleague] = {}
        self._channels = ChannelBook()
        self._wanted = frozenset(name.lower() for name in self.wanted_events)

    # -- queries ---------------------------------------------------------------------
    @property
    def colleagues(self) -> list[Colleague]:
        """Every colleague, sorted by extension (numerically where it is a number)."""
        return [self._snapshots[ext] for ext in sorted(self._snapshots, key=_ext_order)]

    def get(self, extension: str) -> Colleague | None:
        return self._snapshots.get(str(extension).strip())

    @property
    def channels(self) -> int:
        """How many channels the book follows now (for tests and diagnostics)."""
        return len(self._channels)

    def channels_of(self, extension: str) -> list[str]:
        """The live channels of ``extension``'s phone(s), oldest first."""
        line = self._lines.get(str(extension).strip())
        if line is None:
            return []
        return [name for name, _up in self._channels.on_devices(line.devices)]

    def answered_channels(self, extension: str) -> list[str]:
        """The live channels of ``extension``'s phone(s) that are answered (up)."""
        line = self._lines.get(str(extension).strip())
        if line is None:
            return []
        return [name for name, up in self._channels.on_devices(line.devices) if up]

    def ringing_channel(self, extension: str) -> str | None:
        """The channel ringing ``extension``'s phone now (to pick it up), or None:
        the newest channel on its device that is not answered, while the line rings."""
        ext = str(extension).strip()
        line = self._lines.get(ext)
        if line is None or line.state not in (LineState.RINGING, LineState.IN_CALL_RINGING):
            return None
        ringing = [name for name, up in self._channels.on_devices(line.devices) if not up]
        return ringing[-1] if ringing else None

    # -- events ----------------------------------------------------------------------
    def apply(self, msg: Message) -> list[PresenceChange]:
        """Feed one AMI message; returns the colleagues that changed.

        Only events named in :attr:`wanted_events` do anything; list items
        (events with an ActionID) are for :meth:`resync`. Never raises.
        """
        name = msg.name.lower()
        if msg.kind is not Kind.EVENT or name not in self._wanted or "ActionID" in msg:
            return []
        dirty: set[str] = set()
        if name == "extensionstatus":
            self._extension_status(msg, dirty)
        elif name == "devicestatechange":
            self._device_state(msg, dirty)
        else:
            for device in self._channels.apply(msg):
                dirty.update(self._exts_by_device.get(device, ()))
        return self._commit(dirty)

    def resync(self, items: Iterable[Message]) -> list[PresenceChange]:
        """Start again from what the PBX says after a (re)login.

        Args:
            items: 22's ``ExtensionStateList`` items (``ExtensionStatus``), 1.8's
                ``ExtensionState`` responses, and optionally the
                ``CoreShowChannel`` items of a ``CoreShowChannels`` (who talks to
                whom); other messages are skipped.

        Colleagues the items do not mention become UNKNOWN; without channel
        items, every remembered channel is forgotten (it may have ended while
        the client was away).
        """
        seen: set[str] = set()
        dirty: set[str] = set(self._lines)
        core: list[Message] = []
        for msg in items:
            if msg.kind is Kind.EVENT and msg.name.lower() == "coreshowchannel":
                core.append(msg)
            elif (msg.kind is Kind.EVENT and msg.name.lower() == "extensionstatus") or (
                msg.is_success and msg.get("Exten") is not None and msg.get("Status") is not None
            ):
                ext = self._extension_status(msg, dirty)
                if ext:
                    seen.add(ext)
        for ext in set(self._lines) - seen:
            self._set_state(ext, LineState.UNKNOWN)
        self._channels.load(core)
        return self._commit(dirty)

    def set_names(self, names: Mapping[str, str]) -> list[PresenceChange]:
        """Colleagues' names (``{"474": "Ext 474"}``, e.g. from
        :func:`~.names.names_from`); an empty name forgets one."""
        dirty: set[str] = set()
        for ext, name in names.items():
            key, clean = fields.text(ext), fields.number(name)
            if not key:
                continue
            if clean:
                if key in self._names or len(self._names) < MAX_NAMES:
                    self._names[key] = clean
            else:
                self._names.pop(key, None)
            dirty.add(key)
        return self._commit(dirty)

    # -- state -----------------------------------------------------------------------
    def _extension_status(self, msg: Message, dirty: set[str]) -> str:
        """One hint's state; returns its extension ("" when it is not a colleague)."""
        ext = fields.text(msg.get("Exten"))
        line = self._lines.get(ext)
        # No Hint header (a malformed event) keeps the hint known; an empty one
        # means the hint was removed.
        raw_hint = msg.get("Hint")
        hint = line.hint if raw_hint is None and line is not None else fields.text(raw_hint)
        if not ext or hint.lower().startswith("park:"):
            return ""
        if msg.get("Status") is None and msg.get("StatusText") is None:
            return ""  # says nothing about the line
        state = extension_state(msg.get("Status"), msg.get("StatusText"))
        if line is None:
            if not hint or len(self._lines) >= MAX_COLLEAGUES:
                return ""
            line = self._lines[ext] = _Line(LineState.UNKNOWN, self._clock(), "", ())
        if hint != line.hint:
            self._set_hint(ext, line, hint)
        self._set_state(ext, state)
        dirty.add(ext)
        return ext

    def _device_state(self, msg: Message, dirty: set[str]) -> None:
        device = fields.device_key(fields.text(msg.get("Device")))
        state = device_state(msg.get("State"))
        if not device or state is LineState.UNKNOWN:
            return
        for ext in self._exts_by_device.get(device, ()):
            if self._lines[ext].devices == (device,):
                self._set_state(ext, state)
                dirty.add(ext)

    def _set_state(self, ext: str, state: LineState) -> None:
        line = self._lines[ext]
        if state is not line.state:
            line.state = state
            line.since = self._clock()

    def _set_hint(self, ext: str, line: _Line, hint: str) -> None:
        for device in line.devices:
            exts = self._exts_by_device.get(device)
            if exts is not None:
                exts.pop(ext, None)
                if not exts:
                    del self._exts_by_device[device]
        line.hint = hint
        line.devices = _hint_devices(hint)
        for device in line.devices:
            self._exts_by_device.setdefault(device, {})[ext] = None

    # -- snapshots -------------------------------------------------------------------
    def _build(self, ext: str) -> Colleague | None:
        line = self._lines.get(ext)
        if line is None:
            return None
        number, name = "", ""
        if line.state not in (LineState.IDLE, LineState.UNAVAILABLE):
            number, name = self._channels.other_party(line.devices)
        old = self._snapshots.get(ext)
        new = Colleague(
            extension=ext,
            name=self._names.get(ext, ""),
            state=line.state,
            since=line.since,
            talking_to=number,
            talking_to_name=name,
            hint=line.hint,
        )
        return old if old == new else new

    def _commit(self, dirty: Iterable[str]) -> list[PresenceChange]:
        out: list[PresenceChange] = []
        for ext in sorted(dirty, key=_ext_order):
            new = self._build(ext)
            old = self._snapshots.get(ext)
            if new is None or new is old:
                continue
            self._snapshots[ext] = new
            out.append(PresenceChange(new, LineState.UNKNOWN if old is None else old.state))
        return out


def _ext_order(ext: str) -> tuple[int, int, str]:
    """Numbers in numeric order (``99`` before ``100``), then everything else."""
    return (0, int(ext), ext) if ext.isascii() and ext.isdigit() and len(ext) < 19 else (1, 0, ext)
