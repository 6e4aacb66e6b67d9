"""The Asterisk dialect: events and list answers as Asterisk 22 (AMI 11.0.0) writes them.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Modelled on ../shared/asterisk/transcripts/asterisk22-scenario.txt and the 22-*
transcripts: every channel event carries the standard snapshot (``Channel`` …
``Uniqueid``, ``Linkedid``, empty caller fields as ``<unknown>``); dialing is
``DialBegin``/``DialState``/``DialEnd`` with a ``Dest``-prefixed snapshot, one
``DialEnd`` per destination; bridges are ``BridgeCreate``/``BridgeEnter``/
``BridgeLeave``/``BridgeDestroy``; Command answers with ``Output:`` headers.
"""

from __future__ import annotations

from collections.abc import Sequence

from .accounts import Perm
from .dialects import (
    Dialect,
    OriginateOutcome,
    Pairs,
    PbxEvent,
    cause_text,
    duration,
    encode_pairs,
    event,
    or_unknown,
)
from .model import Channel

CALL = Perm.CALL


_C_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "?": "\\?",
}


def escape_c(text: str) -> str:
    """``ast_escape_c``: 13.5+ escapes caller and connected names (ami-protocol.md §1.6)."""
    return "".join(_C_ESCAPES.get(c, c) for c in text)


def snapshot(ch: Channel, prefix: str = "") -> Pairs:
    """``ast_manager_build_channel_state_string_prefix`` (22 ``manager_channels.c``)."""
    p = prefix
    return [
        (f"{p}Channel", ch.name),
        (f"{p}ChannelState", str(int(ch.state))),
        (f"{p}ChannelStateDesc", ch.state.desc),
        (f"{p}CallerIDNum", or_unknown(ch.caller_num)),
        (f"{p}CallerIDName", or_unknown(escape_c(ch.caller_name))),
        (f"{p}ConnectedLineNum", or_unknown(ch.connected_num)),
        (f"{p}ConnectedLineName", or_unknown(escape_c(ch.connected_name))),
        (f"{p}Language", "en"),
        (f"{p}AccountCode", ""),
        (f"{p}Context", ch.context),
        (f"{p}Exten", ch.exten),
        (f"{p}Priority", str(ch.priority)),
        (f"{p}Uniqueid", ch.uniqueid),
        (f"{p}Linkedid", ch.linkedid),
    ]


def bridge_pairs(bridge_id: str, members: int, prefix: str = "", parking: bool = False) -> Pairs:
    """``ast_manager_build_bridge_state_string_prefix``; ``parking``: the lot's bridge."""
    p = prefix
    kind = ("parking", "holding_bridge", "Parking", "default") if parking else None
    btype, tech, creator, name = kind or ("basic", "simple_bridge", "<unknown>", "<unknown>")
    return [
        (f"{p}BridgeUniqueid", bridge_id),
        (f"{p}BridgeType", btype),
        (f"{p}BridgeTechnology", tech),
        (f"{p}BridgeCreator", creator),
        (f"{p}BridgeName", name),
        (f"{p}BridgeNumChannels", str(members)),
        (f"{p}BridgeVideoSourceMode", "none"),
    ]


class AsteriskDialect(Dialect):
    """Asterisk 22 with chan_pjsip (``PJSIP/474-00000003``)."""

    name = "asterisk"
    legacy = False
    banner_version = "11.0.0"
    sip_tech = "PJSIP"
    trunk_peer = "trunk"
    dial_priority = 2
    version_line = (
        "Asterisk 22.5.0 built by root @ pbx on a x86_64 running Linux on 2025-07-01 10:00:00 UTC"
    )

    def trunk_dialstring(self, number: str) -> str:
        return f"{number}@{self.trunk_peer}"

    def dial_app_data(
        self, targets: Sequence[tuple[str, str]], timeout: int, options: str = ""
    ) -> str:
        parts = [
            f"PJSIP/{dialstring}" if base == f"PJSIP/{self.trunk_peer}" else base
            for base, dialstring in targets
        ]
        return "&".join(parts) + f",{timeout}" + (f",{options}" if options else "")

    def callee_exten(self, dialed: str) -> str:
        return dialed

    def _snap(
        self, name: str, ch: Channel, perm: int = CALL, *extra: tuple[str, str]
    ) -> list[PbxEvent]:
        return [event(name, perm, [*snapshot(ch), *extra])]

    # -- channel events --------------------------------------------------------------------
    def newchannel(self, ch: Channel) -> list[PbxEvent]:
        return self._snap("Newchannel", ch)

    def newstate(self, ch: Channel) -> list[PbxEvent]:
        return self._snap("Newstate", ch)

    def newcallerid(self, ch: Channel) -> list[PbxEvent]:
        return self._snap(
            "NewCallerid", ch, CALL, ("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")
        )

    def varset(self, ch: Channel, variable: str, value: str) -> list[PbxEvent]:
        return self._snap("VarSet", ch, Perm.DIALPLAN, ("Variable", variable), ("Value", value))

    def newexten(self, ch: Channel, app: str, data: str) -> list[PbxEvent]:
        return self._snap(
            "Newexten",
            ch,
            Perm.DIALPLAN,
            ("Extension", ch.exten),
            ("Application", app),
            ("AppData", data),
        )

    def hangup(self, ch: Channel, cause: int) -> list[PbxEvent]:
        return self._snap(
            "Hangup", ch, CALL, ("Cause", str(cause)), ("Cause-txt", cause_text(cause))
        )

    # -- dialing and bridging --------------------------------------------------------------
    def _dial(
        self, name: str, caller: Channel | None, dest: Channel, last: tuple[str, str]
    ) -> list[PbxEvent]:
        head = snapshot(caller) if caller is not None else []  # no caller half: Originate
        return [event(name, CALL, [*head, *snapshot(dest, "Dest"), last])]

    def dial_begin(self, caller: Channel | None, dest: Channel, dialstring: str) -> list[PbxEvent]:
        return self._dial("DialBegin", caller, dest, ("DialString", dialstring))

    def dial_ringing(self, caller: Channel | None, dest: Channel) -> list[PbxEvent]:
        return self._dial("DialState", caller, dest, ("DialStatus", "RINGING"))

    def dial_end_leg(self, caller: Channel | None, dest: Channel, status: str) -> list[PbxEvent]:
        return self._dial("DialEnd", caller, dest, ("DialStatus", status))

    def dial_end(self, caller: Channel, status: str) -> list[PbxEvent]:
        return self.varset(caller, "DIALSTATUS", status)

    def bridge_up(self, caller: Channel, callee: Channel, bridge_id: str) -> list[PbxEvent]:
        return [
            event("BridgeCreate", CALL, bridge_pairs(bridge_id, 0)),
            event("BridgeEnter", CALL, [*bridge_pairs(bridge_id, 1), *snapshot(callee)]),
            event("BridgeEnter", CALL, [*bridge_pairs(bridge_id, 2), *snapshot(caller)]),
        ]

    def bridge_down(
        self, caller: Channel, callee: Channel, first: Channel, bridge_id: str
    ) -> list[PbxEvent]:
        other = callee if first is caller else caller
        return [
            event("BridgeLeave", CALL, [*bridge_pairs(bridge_id, 1), *snapshot(first)]),
            event("BridgeLeave", CALL, [*bridge_pairs(bridge_id, 0), *snapshot(other)]),
            event("BridgeDestroy", CALL, bridge_pairs(bridge_id, 0)),
        ]

    # -- session and list answers ----------------------------------------------------------
    def fully_booted(self, uptime: int) -> PbxEvent:
        return event(
            "FullyBooted",
            Perm.SYSTEM,
            [
                ("Uptime", str(uptime)),
                ("LastReload", str(uptime)),
                ("Status", "Fully Booted"),
            ],
        )

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
    ) -> list[PbxEvent]:
        ch = outcome.channel
        aid = [("ActionID", action_id)] if action_id else []
        # An Originate of an application says which one, instead of Context/Exten
        where = [("Application", app), ("Data", data)] if app else []
        where = where or [("Context", context), ("Exten", exten)]
        return [
            event(
                "OriginateResponse",
                CALL,
                [
                    *aid,
                    ("Response", "Success" if outcome.success else "Failure"),
                    ("Channel", ch.name if ch is not None else requested),
                    *where,
                    ("Reason", str(outcome.reason)),
                    ("Uniqueid", ch.uniqueid if ch is not None else "<unknown>"),
                    ("CallerIDNum", or_unknown(cid_num)),
                    ("CallerIDName", or_unknown(cid_name)),
                ],
            )
        ]

    def status_ack(self, aid: Pairs) -> Pairs:
        return [
            ("Response", "Success"),
            *aid,
            ("EventList", "start"),
            ("Message", "Channel status will follow"),
        ]

    def status_item(self, ch: Channel, aid: Pairs) -> Pairs:
        app = ch.application or ("AppDial" if not ch.has_pbx else "")
        data = ch.app_data or ("(Outgoing Line)" if not ch.has_pbx else "")
        return [
            ("Event", "Status"),
            ("Privilege", "Call"),
            *snapshot(ch),
            ("Type", ch.tech),
            ("DNID", ch.dnid),
            ("EffectiveConnectedLineNum", or_unknown(ch.connected_num)),
            ("EffectiveConnectedLineName", or_unknown(ch.connected_name)),
            ("TimeToHangup", "0"),
            ("BridgeID", ch.bridge_id),
            ("Application", app),
            ("Data", data),
            ("Nativeformats", "(ulaw)"),
            ("Readformat", "ulaw"),
            ("Readtrans", ""),
            ("Writeformat", "ulaw"),
            ("Writetrans", ""),
            ("Callgroup", "0"),
            ("Pickupgroup", "0"),
            ("Seconds", str(ch.elapsed())),
            *aid,
        ]

    def status_complete(self, aid: Pairs, count: int) -> Pairs:
        return [
            ("Event", "StatusComplete"),
            *aid,
            ("EventList", "Complete"),
            ("ListItems", str(count)),
            ("Items", str(count)),
        ]

    def coreshowchannel(self, ch: Channel, aid: Pairs) -> Pairs:
        return [
            ("Event", "CoreShowChannel"),
            *aid,
            *snapshot(ch),
            ("Application", ch.application),
            ("ApplicationData", ch.app_data),
            ("Duration", duration(ch.elapsed())),
            ("BridgeId", ch.bridge_id),
        ]

    def coreshowchannels_complete(self, aid: Pairs, count: int) -> Pairs:
        return [
            ("Event", "CoreShowChannelsComplete"),
            *aid,
            ("EventList", "Complete"),
            ("ListItems", str(count)),
        ]

    def command_response(self, aid: Pairs, lines: Sequence[str], ok: bool) -> bytes:
        # 14+: one ``Output:`` header per CLI line; errors are Response: Error (22-command-error).
        status = "Success" if ok else "Error"
        out = [("Output", line) for line in lines]
        return encode_pairs(
            [("Response", status), *aid, ("Message", "Command output follows"), *out]
        )
