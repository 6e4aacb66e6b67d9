"""The simulated PBX's world: its phones and trunks, its channels and their identifiers.

Layer: simulator (``mypbxdesk.sim``): stdlib only; no sockets here, no Qt.

The layout copies ../shared/asterisk and the MyPBX seed: SIP phones 503, 470, 474, 303,
305 and 306, an analog phone 601 on DAHDI port 5, analog trunk ports DAHDI/1-4, a SIP
trunk, and one context per extension named ``DLPN_DialPlan<ext>``. A number of four
or more digits leaves through the trunk; calls from the trunk arrive in ``from-trunk``.
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


@dataclass(frozen=True, slots=True)
class Route:
    """Where ``exten@context`` leads: a phone, the trunk, or nowhere (``endpoint`` None)."""

    endpoint: Endpoint | None
    dialed: str


class Directory:
    """The PBX's configuration: phones, trunks, contexts and phone behaviours."""

    def __init__(
        self,
        *,
        trunk_peer: str,
        names: Mapping[str, str] | None = None,
        behaviours: Mapping[str, Behaviour] | None = None,
    ) -> None:
        names = dict(names or {})
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

    # -- lookups ------------------------------------------------------------------
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
        if context == TRUNK_CONTEXT:
            return True
        return context.startswith(CONTEXT_PREFIX) and context[len(CONTEXT_PREFIX) :] in self.phones

    def route(self, context: str, exten: str) -> Route:
        """Resolve ``exten@context`` like the DLPN dialplan does."""
        if not self.context_exists(context):
            return Route(None, exten)
        if exten in self.phones:
            return Route(self.phones[exten], exten)
        if context != TRUNK_CONTEXT and self.is_external(exten):
            return Route(self.trunk, exten)
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
