"""The call model's public value types: what the tracker reports to the GUI.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Everything here is an immutable snapshot. :class:`Call` says where one call of
the user stands at one moment; :class:`CallChange` pairs it with what just
happened (:class:`CallEvent`). AMI header names never leave ``calls/``: the
GUI, ``mypbxdesk monitor`` and the history see only these types.

Unknown callers: a caller ID that is empty, ``<unknown>``, ``<null>`` or made of
control characters gives ``number == ""``; when the name is unknown as well the
name is :data:`UNKNOWN_NAME` (``"Unknown caller"``). A known number with no name
keeps ``name == ""`` so that the GUI shows the number (and may fill the name
from the history).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

UNKNOWN_NAME = "Unknown caller"

#: The outcomes a call ends with (``Call.outcome``; ``None`` while the call is live).
OUTCOMES = ("answered", "missed", "answered_elsewhere", "transferred", "failed", "busy")


#: How an incoming call reached the user (``Route.kind``).
RouteKind = Literal["queue", "group", "did"]
ROUTE_KINDS: tuple[RouteKind, ...] = ("queue", "group", "did")


@dataclass(frozen=True, slots=True)
class Route:
    """How an incoming call reached the user (:attr:`Call.via`); None: dialled directly.

    Attributes:
        kind: ``"queue"``: a call queue rang the user (``label``: the queue's
            name, e.g. ``"reception"``); ``"group"``: the caller dialled
            another number that rang the user, a ring group or hunt list
            (``label``: that number, e.g. ``"600"``; ``""`` when only the dial
            string ``SIP/474&SIP/475`` told that several phones were rung);
            ``"did"``: a call from a trunk (``label``: the number the caller
            dialled on the trunk, e.g. the DID ``"5551234"``).
        label: see ``kind``.
    """

    kind: RouteKind
    label: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label}


@dataclass(frozen=True, slots=True)
class Transferer:
    """The colleague who transferred a call to the user (:attr:`Call.transferred_by`).

    Attributes:
        number: their extension, e.g. ``"305"``.
        name: their caller-ID name when an event told it (``"Ext 305"``), else ``""``.
    """

    number: str
    name: str = ""


class CallEvent(Enum):
    """What happened to a call. ``ANSWERED`` is repeated when the other party
    changes during an answered call (an attended transfer to the user
    completed, a redirect); ``RINGING`` and ``ENDED`` come at most once per
    ``call_id``."""

    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


class CallState(Enum):
    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


class Direction(Enum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


def _normalise_port(port: str | int | None) -> str | None:
    if port is None:
        return None
    text = str(port).strip()
    return text or None


@dataclass(frozen=True, slots=True)
class MyPhone:
    """The user's own phone.

    Attributes:
        extension: the extension number, e.g. ``"474"``. Its channels are
            ``SIP/474-…``, ``IAX2/474-…`` and ``PJSIP/474-…``.
        dahdi_port: for an analog phone, its DAHDI port (``DAHDI/<port>-…``).
            When it is unknown, the tracker asks for a ``dahdi show channel``
            look-up of DAHDI destinations (see ``CallTracker.lookups_needed``).
        technologies: the channel technologies an extension may register with.
    """

    extension: str
    dahdi_port: str | None = None
    technologies: tuple[str, ...] = ("SIP", "IAX2", "PJSIP")

    def __init__(
        self,
        extension: str,
        dahdi_port: str | int | None = None,
        technologies: tuple[str, ...] = ("SIP", "IAX2", "PJSIP"),
    ) -> None:
        object.__setattr__(self, "extension", str(extension).strip())
        object.__setattr__(self, "dahdi_port", _normalise_port(dahdi_port))
        object.__setattr__(self, "technologies", tuple(technologies))

    def channel_prefixes(self) -> tuple[str, ...]:
        """Prefixes of every channel name of this phone (``"SIP/474-"`` …)."""
        prefixes = [f"{tech}/{self.extension}-" for tech in self.technologies if self.extension]
        if self.dahdi_port is not None:
            prefixes.append(f"DAHDI/{self.dahdi_port}-")
        return tuple(prefixes)


@dataclass(frozen=True, slots=True)
class Call:
    """A snapshot of one call of the user.

    Attributes:
        call_id: stable for the whole call, across retries, transfers and
            masquerades (the Uniqueid of the user's first channel in it).
        direction: incoming or outgoing, seen from the user.
        number: the *other* party's number ("" when unknown or withheld).
        name: the other party's name ("" when unknown, ``"Unknown caller"``
            when the number is unknown too).
        extension: the user's extension.
        state: ringing, answered or ended.
        my_channel: the user's channel (``"SIP/474-00000003"``); the last one
            when the phone was rung several times (queue retries, forks).
        peer_channel: the other party's channel: the one to ``Redirect`` for a
            transfer. None when unknown (a queue call seen only by its ringing).
        trunk: the trunk the call goes through (``"trunk-sps-test1"``,
            ``"DAHDI/1"``), or None for an internal call.
        started_at, answered_at, ended_at: clock seconds (``time.time`` by default).
        outcome: how the call ended (one of :data:`OUTCOMES`), None while live.
        transferred_to: the extension the call was transferred to ("306"),
            "" when transferred to an unknown target, None otherwise.
        duration: talk seconds once the call has ended (0.0 if never answered),
            else None.
        via: how an incoming call came in: a queue, a ring group (another
            number the caller dialled) or a DID (a trunk call), see
            :class:`Route`; None for a direct call and for outgoing calls.
            Known from the first ``RINGING`` on and kept for the whole call
            (queue retries, an attended transfer to the user); a call a
            colleague transferred to the user keeps the way it came in.
        transferred_by: for an incoming call, the colleague who transferred
            it to the user (blind, attended, or a Redirect after they had
            talked to the caller), else None. Known on ``RINGING`` for a blind
            transfer or Redirect; for an attended one from the ``ANSWERED``
            that tells the new party.
    """

    call_id: str
    direction: Direction
    number: str
    name: str
    extension: str
    state: CallState
    my_channel: str | None
    peer_channel: str | None
    trunk: str | None
    started_at: float
    answered_at: float | None = None
    ended_at: float | None = None
    outcome: str | None = None
    transferred_to: str | None = None
    duration: float | None = None
    via: Route | None = None
    transferred_by: Transferer | None = None

    @property
    def disposition(self) -> str | None:
        """The monitor's name for :attr:`outcome`."""
        return self.outcome

    @property
    def is_live(self) -> bool:
        return self.state is not CallState.ENDED

    def to_json(self) -> dict[str, Any]:
        """The ``mypbxdesk monitor`` line without ``event`` and ``time``."""
        return {
            "direction": self.direction.value,
            "number": self.number,
            "name": self.name,
            "extension": self.extension,
            "call_id": self.call_id,
            "channel": self.my_channel,
            "trunk": self.trunk,
            "disposition": self.outcome,
            "transferred_to": self.transferred_to,
            "duration": None if self.duration is None else round(self.duration, 3),
            "via": None if self.via is None else self.via.to_json(),
            "transferred_by": None if self.transferred_by is None else self.transferred_by.number,
        }


def iso_utc(seconds: float) -> str:
    """``2026-11-27T23:30:21.125Z`` for clock seconds (millisecond precision)."""
    whole = math.floor(seconds)
    millis = round((seconds - whole) * 1000)
    if millis == 1000:
        whole, millis = whole + 1, 0
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + f".{millis:03d}Z"


@dataclass(frozen=True, slots=True)
class CallChange:
    """One thing that happened to a call of the user.

    Attributes:
        event: ringing, answered or ended.
        call: the call right after the change.
        at: clock seconds when the tracker reported it.
    """

    event: CallEvent
    call: Call
    at: float = field(default=0.0)

    def to_json(self, now_iso: str | None = None) -> dict[str, Any]:
        """The full ``mypbxdesk monitor`` line.

        Args:
            now_iso: the ``time`` value; default: :attr:`at` as ISO 8601 UTC.
        """
        body = self.call.to_json()
        out: dict[str, Any] = {"event": self.event.value}
        for key in ("direction", "number", "name", "extension", "call_id"):
            out[key] = body.pop(key)
        out["time"] = now_iso if now_iso is not None else iso_utc(self.at)
        out.update(body)
        return out
