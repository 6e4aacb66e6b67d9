"""BLF on the wire: extension and device states, and the peer/endpoint lists, per dialect.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Two enumerations meet here (captures-asterisk18 README, "Wire facts"): the *device*
state of a phone (``ast_device_state``: 1 not in use, 2 in use, 6 ringing …, used by
``QueueMemberStatus``, ``DeviceStateChange`` and PJSIP's ``DeviceState``) and the
*extension* state of its hint (``ast_extension_state``: 0 idle, 1 in use, 8 ringing,
9 in use and ringing, 16 on hold, -1 no hint, used by ``ExtensionStatus`` and
``ExtensionState``). Header layouts: c1-extensionstate-blf (1.8), console-blf (22),
``manager_sip_show_peers``/``_sip_show_peer`` (1.8) and ``ami_show_endpoints`` (22).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import IntEnum

from .accounts import Perm
from .dialects import Pairs, PbxEvent, event


class DevState(IntEnum):
    """``enum ast_device_state``; ``name`` is what ``DeviceStateChange`` prints."""

    UNKNOWN = 0
    NOT_INUSE = 1
    INUSE = 2
    BUSY = 3
    INVALID = 4
    UNAVAILABLE = 5
    RINGING = 6
    RINGINUSE = 7
    ONHOLD = 8

    @property
    def extension_state(self) -> int:
        """``ast_devstate_to_extenstate``."""
        return {1: 0, 2: 1, 3: 2, 6: 8, 7: 9, 8: 16}.get(self.value, 4)

    @property
    def pjsip_text(self) -> str:
        """``ast_devstate2str``: PJSIP's ``DeviceState`` column."""
        return {
            1: "Not in use",
            2: "In use",
            3: "Busy",
            4: "Invalid",
            5: "Unavailable",
            6: "Ringing",
            7: "Ring+Inuse",
            8: "On Hold",
        }.get(self.value, "Unknown")


#: ``ast_extension_state2str``
STATUS_TEXT = {
    -1: "Unknown",
    0: "Idle",
    1: "InUse",
    2: "Busy",
    4: "Unavailable",
    8: "Ringing",
    9: "InUse&Ringing",
    16: "Hold",
    17: "InUse&Hold",
}


@dataclass(frozen=True, slots=True)
class Peer:
    """One SIP peer or PJSIP endpoint as the lists show it."""

    name: str  # 474, trunk-sps-test1
    caller_name: str
    context: str
    port: int
    state: DevState
    mailbox: str = ""
    channels: tuple[str, ...] = ()


class BlfEvents(ABC):
    """What differs between the dialects for BLF."""

    @abstractmethod
    def extension_status(self, exten: str, context: str, hint: str, status: int) -> PbxEvent: ...

    @abstractmethod
    def device_state(self, device: str, state: DevState) -> list[PbxEvent]: ...

    @abstractmethod
    def extension_state_extra(self, status: int) -> Pairs:
        """What follows ``Status`` in an ExtensionState answer (22: ``StatusText``)."""


class Blf18(BlfEvents):
    """Asterisk 1.8: no ``StatusText``, no DeviceStateChange (no res_manager_devicestate)."""

    def extension_status(self, exten: str, context: str, hint: str, status: int) -> PbxEvent:
        return event(
            "ExtensionStatus",
            Perm.CALL,
            [("Exten", exten), ("Context", context), ("Hint", hint), ("Status", str(status))],
        )

    def device_state(self, device: str, state: DevState) -> list[PbxEvent]:
        return []

    def extension_state_extra(self, status: int) -> Pairs:
        return []

    # -- SIPpeers / SIPshowpeer (chan_sip) -------------------------------------------------
    @staticmethod
    def peer_entry(peer: Peer, aid: Pairs) -> Pairs:
        down = peer.state is DevState.UNAVAILABLE
        return [
            ("Event", "PeerEntry"),
            *aid,
            ("Channeltype", "SIP"),
            ("ObjectName", peer.name),
            ("ChanObjectType", "peer"),
            ("IPaddress", "-none-" if down else "127.0.0.1"),
            ("IPport", "0" if down else str(peer.port)),
            ("Dynamic", "no"),
            ("Forcerport", "yes"),
            ("VideoSupport", "no"),
            ("TextSupport", "no"),
            ("ACL", "no"),
            ("Status", "UNREACHABLE" if down else "Unmonitored"),
            ("RealtimeDevice", "no"),
        ]

    @staticmethod
    def peer_detail(peer: Peer, aid: Pairs) -> Pairs:
        callerid = f'"{peer.caller_name}" <{peer.name}>' if peer.caller_name else ""
        return [
            ("Response", "Success"),
            *aid,
            ("Channeltype", "SIP"),
            ("ObjectName", peer.name),
            ("ChanObjectType", "peer"),
            ("SecretExist", "N"),
            ("RemoteSecretExist", "N"),
            ("MD5SecretExist", "N"),
            ("Context", peer.context),
            ("Language", ""),
            ("AMAflags", "Unknown"),
            ("CID-CallingPres", "Presentation Allowed, Not Screened"),
            ("Callgroup", "1"),
            ("Pickupgroup", "1"),
            ("MOHSuggest", ""),
            ("VoiceMailbox", peer.mailbox),
            ("TransferMode", "open"),
            ("LastMsgsSent", "-1"),
            ("Maxforwards", "0"),
            ("Call-limit", "2147483647"),
            ("Busy-level", "0"),
            ("MaxCallBR", "384 kbps"),
            ("Dynamic", "N"),
            ("Callerid", callerid),
            ("RegExpire", "-1 seconds"),
            ("SIP-AuthInsecure", "no"),
            ("SIP-Forcerport", "Y"),
            ("ACL", "N"),
            ("SIP-CanReinvite", "N"),
            ("SIP-DirectMedia", "N"),
            ("SIP-PromiscRedir", "N"),
            ("SIP-UserPhone", "N"),
            ("SIP-VideoSupport", "N"),
            ("SIP-TextSupport", "N"),
            ("SIP-T.38Support", "N"),
            ("SIP-T.38EC", "Unknown"),
            ("SIP-T.38MaxDtgrm", "4294967295"),
            ("SIP-Sess-Timers", "Refuse"),
            ("SIP-Sess-Refresh", "uas"),
            ("SIP-Sess-Expires", "1800"),
            ("SIP-Sess-Min", "90"),
            ("SIP-RTP-Engine", "asterisk"),
            ("SIP-Encryption", "N"),
            ("SIP-DTMFmode", "rfc2833"),
            ("ToHost", "127.0.0.1"),
            ("Address-IP", "127.0.0.1"),
            ("Address-Port", str(peer.port)),
            ("Default-addr-IP", "(null)"),
            ("Default-addr-port", "0"),
            ("Default-Username", peer.name),
            ("Codecs", "0x4 (ulaw)"),
            ("CodecOrder", "ulaw"),
            ("Status", "UNREACHABLE" if peer.state is DevState.UNAVAILABLE else "Unmonitored"),
            ("SIP-Useragent", ""),
            ("Reg-Contact", ""),
            ("QualifyFreq", "60000 ms"),
            ("Parkinglot", ""),
            ("SIP-Use-Reason-Header", "N"),
        ]


class Blf22(BlfEvents):
    """Asterisk 22: ``StatusText``, hints in ``hintextens``, DeviceStateChange."""

    def extension_status(self, exten: str, context: str, hint: str, status: int) -> PbxEvent:
        return event("ExtensionStatus", Perm.CALL, self._status(exten, context, hint, status))

    @staticmethod
    def _status(exten: str, context: str, hint: str, status: int) -> Pairs:
        return [
            ("Exten", exten),
            ("Context", context),
            ("Hint", hint),
            ("Status", str(status)),
            ("StatusText", STATUS_TEXT.get(status, "Unknown")),
        ]

    def device_state(self, device: str, state: DevState) -> list[PbxEvent]:
        return [event("DeviceStateChange", Perm.CALL, [("Device", device), ("State", state.name)])]

    def extension_state_extra(self, status: int) -> Pairs:
        return [("StatusText", STATUS_TEXT.get(status, "Unknown"))]

    def state_list_item(
        self, exten: str, context: str, hint: str, status: int, aid: Pairs
    ) -> Pairs:
        return [("Event", "ExtensionStatus"), *aid, *self._status(exten, context, hint, status)]

    @staticmethod
    def device_list_item(device: str, state: DevState, aid: Pairs) -> Pairs:
        return [("Event", "DeviceStateChange"), *aid, ("Device", device), ("State", state.name)]

    # -- PJSIPShowEndpoints / PJSIPShowEndpoint (res_pjsip) --------------------------------
    @staticmethod
    def endpoint_list(peer: Peer, aid: Pairs) -> Pairs:
        contact = f"{peer.name}/sip:{peer.name}@127.0.0.1:{peer.port},"
        return [
            ("Event", "EndpointList"),
            *aid,
            ("ObjectType", "endpoint"),
            ("ObjectName", peer.name),
            ("Transport", "transport-udp"),
            ("Aor", peer.name),
            ("Auths", ""),
            ("OutboundAuths", ""),
            ("Contacts", contact),
            ("DeviceState", peer.state.pjsip_text),
            ("ActiveChannels", ",".join(peer.channels)),
        ]

    @staticmethod
    def endpoint_detail(peer: Peer, aid: Pairs) -> Pairs:
        """A subset of the ~130 sorcery fields, in Asterisk's order, Callerid included."""
        callerid = f'"{peer.caller_name}" <{peer.name}>' if peer.caller_name else ""
        return [
            ("Event", "EndpointDetail"),
            *aid,
            ("ObjectType", "endpoint"),
            ("ObjectName", peer.name),
            ("Context", peer.context),
            ("Disallow", ""),
            ("Allow", "(ulaw)"),
            ("DtmfMode", "rfc4733"),
            ("Transport", "transport-udp"),
            ("Aors", peer.name),
            ("Callerid", callerid),
            ("CalleridPrivacy", "allowed_not_screened"),
            ("CalleridTag", ""),
            ("DirectMedia", "false"),
            ("SendConnectedLine", "false"),
            ("Mailboxes", peer.mailbox),
            ("CallGroup", "1"),
            ("PickupGroup", "1"),
            ("DeviceStateBusyAt", "0"),
            ("DeviceState", peer.state.pjsip_text),
            ("ActiveChannels", ",".join(peer.channels)),
        ]
