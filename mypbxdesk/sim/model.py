"""The simulated PBX's world: its phones and trunks, its channels and their identifiers.

Layer: simulator (``mypbxdesk.sim``): stdlib only; no sockets here, no Qt.

The layout copies ../shared/asterisk and the MyPBX seed: SIP phones 503, 470, 474, 303,
305 and 306, an analog phone 601 on DAHDI port 5, analog trunk ports DAHDI/1-4, a SIP
trunk, and one context per extension named ``DLPN_DialPlan<ext>``. A number of four
or more digits leaves through the trunk; calls from the trunk arrive in ``from-trunk``.

The operator-console numbers of ../shared/asterisk/etc (reached from every
``DLPN_DialPlan<ext>``): ring group 600 (474 & 305), queue ``reception`` on 610, 700
parks and 701-720 retrieve (lot ``default``, context ``parkedcalls``), ``**<ext>``
directed and ``*8`` group pickup, ``*<ext>`` leaves a voicemail for ``<ext>@default``
and ``*02`` (or ``*97``) checks one's own mailbox. Every phone has a hint in ``hintextens``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum

SIP_EXTENSIONS = ("503", "470", "474", "303", "305", "306")
ANALOG_EXTENSION = "601"
ANALOG_PHONE_PORT = 5
ANALOG_TRUNK_PORTS = (1, 2, 3, 4)
TRUNK_CONTEXT = "from-trunk"
CONTEXT_PREFIX = "DLPN_DialPlan"
_EXTERNAL_RE = re.compile(r"\+?[0-9]{4,}")

#: The caller-ID names of the phones unless ``SimulatedPbx(names=...)`` says otherwise.
DEFAULT_NAMES = {
    "503": "Li Na",
    "470": "Alice Martin",
    "474": "Reception",
    "303": "Tom Becker",
    "305": "Maria Garcia",
    "306": "David Kim",
    "601": "Warehouse",
}
HINT_CONTEXT = "hintextens"
PARKED_CONTEXT = "parkedcalls"
PARK_EXTEN = "700"
PARK_SLOTS = tuple(str(n) for n in range(701, 721))
RING_GROUP = "600"
RING_GROUP_MEMBERS = ("474", "305")
QUEUE_EXTEN = "610"
QUEUE_NAME = "reception"
QUEUE_MEMBERS = ("474", "305")
GROUP_PICKUP = "*8"
#: VoiceMailMain: ``*02`` (what mypbxdesk's settings dial by default) and ``*97``.
VOICEMAIL_MAIN = ("*02", "*97")
MAILBOX_CONTEXT = "default"


class ChannelState(IntEnum):
    """``include/asterisk/channelstate.h``; ``desc`` is ``ast_state2str``."""

    DOWN = 0
    RSRVD = 1
    OFFHOOK = 2
    DIALING = 3
    RING = 4
    RINGING = 5
    UP = 6
    BUSY = 7

    @property
    def desc(self) -> str:
        return {1: "Rsrvd", 2: "OffHook"}.get(self.value, self.name.capitalize())


class Behaviour(Enum):
    """What a phone (or a number behind the trunk) does when it is called."""

    ANSWER = "answer"
    NO_ANSWER = "noanswer"
    BUSY = "busy"
    OFFLINE = "offline"


class EndpointKind(Enum):
    SIP_PHONE = "sip-phone"
    ANALOG_PHONE = "analog-phone"
    SIP_TRUNK = "sip-trunk"
    ANALOG_TRUNK = "analog-trunk"
    LOCAL = "local"  # a Local/<exten>@<context> pair (an attended transfer's target)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A device a channel can be opened to.

    ``peer`` is what follows the technology in a channel name (``474``, ``5``,
    ``trunk-sps-test1``); ``extension`` is the dialable number of a phone.
    """

    kind: EndpointKind
    peer: str
    extension: str = ""
    name: str = ""

    @property
    def is_phone(self) -> bool:
        return self.kind in (EndpointKind.SIP_PHONE, EndpointKind.ANALOG_PHONE)

    @property
    def is_analog(self) -> bool:
        return self.kind in (EndpointKind.ANALOG_PHONE, EndpointKind.ANALOG_TRUNK)

    @property
    def context(self) -> str:
        return f"{CONTEXT_PREFIX}{self.extension}" if self.is_phone else TRUNK_CONTEXT


@dataclass(eq=False)
class Channel:
    """One live channel, with the fields the events, Status and the CLI report."""

    name: str
    uniqueid: str
    linkedid: str
    tech: str
    endpoint: Endpoint
    caller_num: str = ""
    caller_name: str = ""
    connected_num: str = ""
    connected_name: str = ""
    context: str = ""
    exten: str = ""
    priority: int = 1
    state: ChannelState = ChannelState.DOWN
    application: str = ""
    app_data: str = ""
    has_pbx: bool = False
    dnid: str = ""
    bridged: Channel | None = None
    bridge_id: str = ""
    on_hold: bool = False
    created: float = field(default_factory=time.monotonic)
    created_wall: float = field(default_factory=time.time)
    variables: dict[str, str] = field(default_factory=dict)

    def elapsed(self) -> int:
        return int(time.monotonic() - self.created)

    def __repr__(self) -> str:
        return f"<Channel {self.name} {self.uniqueid} {self.state.desc}>"


class IdAllocator:
    """Uniqueids like 1.8's ``1372066072.1`` and 8-hex-digit channel suffixes.

    One sequence feeds both, as in a fresh Asterisk (``SIP/470-00000013`` has the
    uniqueid ``….19``); the part before the dot is the creation time.
    """

    def __init__(self, first: int = 0, clock: Callable[[], float] = time.time) -> None:
        self._next = first
        self._clock = clock

    def allocate(self) -> tuple[str, str]:
        """``(uniqueid, suffix)`` for a new channel."""
        seq = self._next
        self._next += 1
        return f"{int(self._clock())}.{seq}", f"{seq:08x}"


class RouteKind(Enum):
    """What the dialplan does with an extension."""

    NONE = "none"  # no such extension: the caller is hung up (Cause 1)
    PHONE = "phone"
    TRUNK = "trunk"
    RING_GROUP = "ring-group"  # 600: Dial(474&305,20,tT)
    QUEUE = "queue"  # 610: Queue(reception)
    PARK = "park"  # 700: Park()
    PARKED = "parked"  # 701-720: ParkedCall(<slot>)
    PICKUP = "pickup"  # **<ext>: PickupChan(<tech>/<ext>-)
    GROUP_PICKUP = "group-pickup"  # *8: Pickup()
    VOICEMAIL = "voicemail"  # *<ext>: VoiceMail(<ext>@default)
    VOICEMAIL_MAIN = "voicemail-main"  # *02, *97: VoiceMailMain(<caller>@default)


@dataclass(frozen=True, slots=True)
class Route:
    """Where ``exten@context`` leads: a phone, the trunk, a feature, or nowhere.

    ``endpoint`` is the phone or trunk for PHONE and TRUNK; ``arg`` the extension a
    feature works on (the slot, the phone to pick up, the mailbox).
    """

    endpoint: Endpoint | None
    dialed: str
    kind: RouteKind = RouteKind.NONE
    arg: str = ""

    @property
    def exists(self) -> bool:
        return self.kind is not RouteKind.NONE


class Directory:
    """The PBX's configuration: phones, trunks, contexts and phone behaviours."""

    def __init__(
        self,
        *,
        trunk_peer: str,
        names: Mapping[str, str] | None = None,
        behaviours: Mapping[str, Behaviour] | None = None,
    ) -> None:
        names = dict(DEFAULT_NAMES if names is None else names)
        self.phones: dict[str, Endpoint] = {
            ext: Endpoint(EndpointKind.SIP_PHONE, ext, ext, names.get(ext, f"Ext {ext}"))
            for ext in SIP_EXTENSIONS
        }
        self.phones[ANALOG_EXTENSION] = Endpoint(
            EndpointKind.ANALOG_PHONE,
            str(ANALOG_PHONE_PORT),
            ANALOG_EXTENSION,
            names.get(ANALOG_EXTENSION, f"Ext {ANALOG_EXTENSION}"),
        )
        self.trunk = Endpoint(EndpointKind.SIP_TRUNK, trunk_peer)
        self.analog_trunks = {
            port: Endpoint(EndpointKind.ANALOG_TRUNK, str(port)) for port in ANALOG_TRUNK_PORTS
        }
        self.behaviours: dict[str, Behaviour] = dict(behaviours or {})

    # -- lookups ---------------------------------------------------------------------------
    def phone(self, extension: str) -> Endpoint | None:
        return self.phones.get(extension)

    def dahdi_port(self, port: int) -> Endpoint | None:
        """The analog phone or trunk on a DAHDI port."""
        phone = self.phones[ANALOG_EXTENSION]
        if port == ANALOG_PHONE_PORT:
            return phone
        return self.analog_trunks.get(port)

    def requestable(self, tech: str, data: str, sip_tech: str) -> Endpoint | None:
        """The phone an Originate ``Channel: tech/data`` rings, or None (Reason 0)."""
        if tech.upper() == "DAHDI":
            endpoint = self.dahdi_port(int(data)) if data.isdigit() else None
            return endpoint if endpoint is not None and endpoint.is_phone else None
        if tech.upper() != sip_tech.upper():
            return None
        endpoint = self.phones.get(data)
        return endpoint if endpoint is not None and not endpoint.is_analog else None

    def behaviour(self, number: str) -> Behaviour:
        return self.behaviours.get(number, Behaviour.ANSWER)

    @staticmethod
    def is_external(number: str) -> bool:
        """Four or more digits: the dialplan sends it to the trunk (``_XXXX.``)."""
        return _EXTERNAL_RE.fullmatch(number) is not None

    def context_exists(self, context: str) -> bool:
        if context in (TRUNK_CONTEXT, PARKED_CONTEXT):
            return True
        return context.startswith(CONTEXT_PREFIX) and context[len(CONTEXT_PREFIX) :] in self.phones

    def route(self, context: str, exten: str) -> Route:
        """Resolve ``exten@context`` like the DLPN dialplan (and its includes) does."""
        if not self.context_exists(context):
            return Route(None, exten)
        if exten == PARK_EXTEN or exten in PARK_SLOTS:  # parkedcalls comes first
            kind = RouteKind.PARK if exten == PARK_EXTEN else RouteKind.PARKED
            return Route(None, exten, kind, exten)
        if context == PARKED_CONTEXT:
            return Route(None, exten)
        if exten in self.phones:
            return Route(self.phones[exten], exten, RouteKind.PHONE)
        if exten in (RING_GROUP, QUEUE_EXTEN):
            kind = RouteKind.RING_GROUP if exten == RING_GROUP else RouteKind.QUEUE
            return Route(None, exten, kind, exten)
        if context == TRUNK_CONTEXT:
            return Route(None, exten)
        if self.is_external(exten):
            return Route(self.trunk, exten, RouteKind.TRUNK)
        return self._feature(exten)

    def _feature(self, exten: str) -> Route:
        if exten == GROUP_PICKUP:
            return Route(None, exten, RouteKind.GROUP_PICKUP)
        if exten in VOICEMAIL_MAIN:
            return Route(None, exten, RouteKind.VOICEMAIL_MAIN)
        if exten.startswith("**") and exten[2:] in self.phones:
            return Route(None, exten, RouteKind.PICKUP, exten[2:])
        if exten.startswith("*") and exten[1:] in self.phones:
            return Route(None, exten, RouteKind.VOICEMAIL, exten[1:])
        return Route(None, exten)


def parse_callerid(text: str) -> tuple[str, str]:
    """``ast_callerid_parse``: ``"Name" <num>``, ``Name <num>`` or a bare number.

    Returns ``(number, name)``; the number is cleaned like ``ast_shrink_phone_number``.
    """
    text = text.strip()
    name, num = "", text
    match = re.fullmatch(r'\s*(?:"(?P<q>[^"]*)"|(?P<n>[^<]*?))\s*<(?P<num>[^>]*)>\s*', text)
    if match:
        name = match["q"] if match["q"] is not None else (match["n"] or "")
        num = match["num"]
    elif not re.fullmatch(r"[0-9+*#()\- .]*", text):
        name, num = text, ""
    return re.sub(r"[()\- .]", "", num), name.strip()
