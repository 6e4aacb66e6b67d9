"""Event rendering shared by both dialects, and the interface each dialect implements.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

The call engine (``engine.py``) reports *what happened* (a channel appeared, a dial
began, two channels were bridged …) through the methods of :class:`Dialect`; each
dialect turns that into the wire events of its Asterisk version, in that version's
header names and order. A method returns a list because one occurrence can be zero
events in one dialect (1.8 has no ``DialState``) and several in the other (22 opens a
bridge with ``BridgeCreate`` plus two ``BridgeEnter``).

* ``dialect18.py``: Yeastar MyPBX = Asterisk 1.8, AMI 1.1 (../shared/captures-asterisk18).
* ``dialect22.py``: Asterisk 22, AMI 11.0.0 (../shared/asterisk/transcripts).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from mypbxdesk.ami.writer import encode_line

from .accounts import Perm, authority_to_str
from .model import Channel

Pairs = list[tuple[str, str]]

#: ``include/asterisk/causes.h`` and the texts of ``ast_cause2str``.
CAUSES = {
    0: "Unknown",
    1: "Unallocated (unassigned) number",
    16: "Normal Clearing",
    17: "User busy",
    18: "No user responding",
    19: "User alerting, no answer",
    21: "Call Rejected",
    26: "Answered elsewhere",
    31: "Normal, unspecified",
    34: "Circuit/channel congestion",
    127: "Interworking, unspecified",
}
NORMAL_CLEARING = 16
USER_BUSY = 17
NO_ANSWER_CAUSE = 19
ANSWERED_ELSEWHERE = 26
UNALLOCATED = 1


def cause_text(cause: int) -> str:
    return CAUSES.get(cause, "Unknown")


@dataclass(frozen=True, slots=True)
class PbxEvent:
    """One event ready for the wire, with the class that decides who receives it."""

    headers: tuple[tuple[str, str], ...]
    perm: int

    @property
    def name(self) -> str:
        return self.headers[0][1]


def event(name: str, perm: int, pairs: Sequence[tuple[str, str]]) -> PbxEvent:
    """``Event: name`` / ``Privilege: call,all`` / the body (``__manager_event``)."""
    head = (("Event", name), ("Privilege", authority_to_str(perm)))
    return PbxEvent((*head, *pairs), perm)


@dataclass(frozen=True, slots=True)
class CdrRecord:
    """The fields of ``cdr_manager``'s ``Event: Cdr`` (same in 1.8 and 22)."""

    source: str
    destination: str
    context: str
    callerid: str
    channel: str
    dest_channel: str
    last_app: str
    last_data: str
    start: float
    answer: float | None
    end: float
    disposition: str
    uniqueid: str
    userfield: str = ""


def _stamp(wall: float | None) -> str:
    return "" if wall is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(wall))


def cdr_event(rec: CdrRecord) -> PbxEvent:
    billable = 0 if rec.answer is None else int(rec.end - rec.answer)
    return event(
        "Cdr",
        Perm.CDR,
        [
            ("AccountCode", ""),
            ("Source", rec.source),
            ("Destination", rec.destination),
            ("DestinationContext", rec.context),
            ("CallerID", rec.callerid),
            ("Channel", rec.channel),
            ("DestinationChannel", rec.dest_channel),
            ("LastApplication", rec.last_app),
            ("LastData", rec.last_data),
            ("StartTime", _stamp(rec.start)),
            ("AnswerTime", _stamp(rec.answer)),
            ("EndTime", _stamp(rec.end)),
            ("Duration", str(int(rec.end - rec.start))),
            ("BillableSeconds", str(billable)),
            ("Disposition", rec.disposition),
            ("AMAFlags", "DOCUMENTATION"),
            ("UniqueID", rec.uniqueid),
            ("UserField", rec.userfield),
        ],
    )


@dataclass(frozen=True, slots=True)
class OriginateOutcome:
    """How the first leg of an Originate ended (``Reason`` codes, ami-protocol.md §2.6.3)."""

    success: bool
    reason: int
    channel: Channel | None


class Dialect(ABC):
    """What differs between Asterisk 1.8 (MyPBX) and Asterisk 22.

    Attributes:
        name: ``"mypbx"`` or ``"asterisk"``.
        legacy: True for 1.8 ordering rules: one ``Dial End`` per Dial, a Cdr before
            the hangups of an answered call, no Originate extension pre-check.
        banner_version: the AMI version in the greeting.
        sip_tech: ``SIP`` or ``PJSIP``.
        trunk_peer: the SIP trunk's name in channel names.
        dial_priority: the dialplan priority of the ``Dial`` of an extension.
        version_line: ``core show version``.
    """

    name: str
    legacy: bool
    banner_version: str
    sip_tech: str
    trunk_peer: str
    dial_priority: int
    version_line: str

    # -- naming ----------------------------------------------------------------------------
    def channel_base(self, tech: str, peer: str) -> str:
        return f"{tech}/{peer}"

    @abstractmethod
    def trunk_dialstring(self, number: str) -> str: ...

    @abstractmethod
    def dial_app_data(
        self, targets: Sequence[tuple[str, str]], timeout: int, options: str = ""
    ) -> str:
        """``Dial()`` arguments for ``(tech/peer, dialstring)`` targets and options."""

    @abstractmethod
    def callee_exten(self, dialed: str) -> str:
        """The ``Exten`` a freshly dialed channel reports."""

    # -- channel events --------------------------------------------------------------------
    @abstractmethod
    def newchannel(self, ch: Channel) -> list[PbxEvent]: ...

    @abstractmethod
    def newstate(self, ch: Channel) -> list[PbxEvent]: ...

    @abstractmethod
    def newcallerid(self, ch: Channel) -> list[PbxEvent]: ...

    @abstractmethod
    def varset(self, ch: Channel, variable: str, value: str) -> list[PbxEvent]: ...

    @abstractmethod
    def newexten(self, ch: Channel, app: str, data: str) -> list[PbxEvent]: ...

    @abstractmethod
    def hangup(self, ch: Channel, cause: int) -> list[PbxEvent]: ...

    # -- dialing and bridging --------------------------------------------------------------
    @abstractmethod
    def dial_begin(
        self, caller: Channel | None, dest: Channel, dialstring: str
    ) -> list[PbxEvent]: ...

    @abstractmethod
    def dial_ringing(self, caller: Channel | None, dest: Channel) -> list[PbxEvent]: ...

    @abstractmethod
    def dial_end_leg(self, caller: Channel | None, dest: Channel, status: str) -> list[PbxEvent]:
        """The end of dialing one destination (22: ``DialEnd`` per destination)."""

    @abstractmethod
    def dial_end(self, caller: Channel, status: str) -> list[PbxEvent]:
        """The end of one ``Dial()`` (1.8: ``Dial SubEvent: End`` for the caller)."""

    @abstractmethod
    def bridge_up(self, caller: Channel, callee: Channel, bridge_id: str) -> list[PbxEvent]: ...

    @abstractmethod
    def bridge_down(
        self, caller: Channel, callee: Channel, first: Channel, bridge_id: str
    ) -> list[PbxEvent]: ...

    # -- session and list answers ----------------------------------------------------------
    @abstractmethod
    def fully_booted(self, uptime: int) -> PbxEvent: ...

    @abstractmethod
    def originate_response(
        self,
        action_id: str,
        outcome: OriginateOutcome,
        requested: str,
        context: str,
        exten: str,
        cid_num: str,
        cid_name: str,
        *,
        app: str = "",
        data: str = "",
    ) -> list[PbxEvent]: ...

    @abstractmethod
    def status_ack(self, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def status_item(self, ch: Channel, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def status_complete(self, aid: Pairs, count: int) -> Pairs: ...

    @abstractmethod
    def coreshowchannel(self, ch: Channel, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def coreshowchannels_complete(self, aid: Pairs, count: int) -> Pairs: ...

    @abstractmethod
    def command_response(self, aid: Pairs, lines: Sequence[str], ok: bool) -> bytes: ...


def make_dialect(name: str) -> Dialect:
    """``"mypbx"`` (Asterisk 1.8, the default product) or ``"asterisk"`` (Asterisk 22)."""
    from .dialect18 import MyPbxDialect
    from .dialect22 import AsteriskDialect

    dialects: dict[str, type[Dialect]] = {"mypbx": MyPbxDialect, "asterisk": AsteriskDialect}
    try:
        return dialects[name]()
    except KeyError:
        raise ValueError(f"unknown dialect {name!r}; use 'mypbx' or 'asterisk'") from None


def encode_pairs(pairs: Sequence[tuple[str, str]]) -> bytes:
    """A server message of any length (``encode_message`` caps *actions* at 128 headers)."""
    return b"".join(encode_line(name, value) for name, value in pairs) + b"\r\n"


def or_unknown(value: str) -> str:
    return value or "<unknown>"


def duration(seconds: int) -> str:
    """``HH:MM:SS`` as CoreShowChannel writes it."""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
