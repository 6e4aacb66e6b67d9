"""The MyPBX dialect: events and list answers exactly as Asterisk 1.8 (AMI 1.1) writes them.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Header names, case and order come from the byte-exact captures in
../shared/captures-asterisk18 (``Uniqueid`` in Newchannel/Newstate/Hangup but
``UniqueID``/``DestUniqueID``/``Dialstring`` in Dial, ``CallerIDnum`` in CoreShowChannel,
``Privilege: Call`` and a trailing ActionID in Status, ``Event: Unlink``). Empty caller
fields are ``""`` in Newchannel/Newstate and ``<unknown>`` in Dial and Hangup, as the
1.8 sources print them (ami-protocol.md §3).
"""

from __future__ import annotations

from collections.abc import Sequence

from mypbxdesk.ami.writer import encode_follows

from .accounts import Perm
from .dialects import (
    Dialect,
    OriginateOutcome,
    Pairs,
    PbxEvent,
    cause_text,
    duration,
    event,
    or_unknown,
)
from .model import Channel

CALL = Perm.CALL


class MyPbxDialect(Dialect):
    """Yeastar MyPBX = Asterisk 1.8 with chan_sip (``SIP/474-0000000a``)."""

    name = "mypbx"
    legacy = True
    banner_version = "1.1"
    sip_tech = "SIP"
    trunk_peer = "trunk-sps-test1"
    dial_priority = 1
    version_line = (
        "Asterisk 1.8.32.3 built by root @ mypbx on a armv5tel running Linux "
        "on 2013-06-24 01:00:00 UTC"
    )

    def trunk_dialstring(self, number: str) -> str:
        return f"{self.trunk_peer}/{number}"

    def dial_app_data(
        self, targets: Sequence[tuple[str, str]], timeout: int, options: str = ""
    ) -> str:
        if len(targets) == 1 and targets[0][0] == f"SIP/{self.trunk_peer}":
            # the seed's Cdr: LastData: SIP/trunk-sps-test1/13806012345,,tTkKWwXx
            return f"SIP/{targets[0][1]},,tTkKWwXx"
        tail = f",{options}" if options else ""
        return "&".join(base for base, _ in targets) + f",{timeout}{tail}"

    def callee_exten(self, dialed: str) -> str:
        return ""

    # -- channel events --------------------------------------------------------------------
    def newchannel(self, ch: Channel) -> list[PbxEvent]:
        return [
            event(
                "Newchannel",
                CALL,
                [
                    ("Channel", ch.name),
                    ("ChannelState", str(int(ch.state))),
                    ("ChannelStateDesc", ch.state.desc),
                    ("CallerIDNum", ch.caller_num),
                    ("CallerIDName", ch.caller_name),
                    ("AccountCode", ""),
                    ("Exten", ch.exten),
                    ("Context", ch.context),
                    ("Uniqueid", ch.uniqueid),
                ],
            )
        ]

    def newstate(self, ch: Channel) -> list[PbxEvent]:
        return [
            event(
                "Newstate",
                CALL,
                [
                    ("Channel", ch.name),
                    ("ChannelState", str(int(ch.state))),
                    ("ChannelStateDesc", ch.state.desc),
                    ("CallerIDNum", ch.caller_num),
                    ("CallerIDName", ch.caller_name),
                    ("ConnectedLineNum", ch.connected_num),
                    ("ConnectedLineName", ch.connected_name),
                    ("Uniqueid", ch.uniqueid),
                ],
            )
        ]

    def newcallerid(self, ch: Channel) -> list[PbxEvent]:
        return [
            event(
                "NewCallerid",
                CALL,
                [
                    ("Channel", ch.name),
                    ("CallerIDNum", ch.caller_num),
                    ("CallerIDName", ch.caller_name),
                    ("Uniqueid", ch.uniqueid),
                    ("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"),
                ],
            )
        ]

    def varset(self, ch: Channel, variable: str, value: str) -> list[PbxEvent]:
        return [
            event(
                "VarSet",
                Perm.DIALPLAN,
                [
                    ("Channel", ch.name),
                    ("Variable", variable),
                    ("Value", value),
                    ("Uniqueid", ch.uniqueid),
                ],
            )
        ]

    def newexten(self, ch: Channel, app: str, data: str) -> list[PbxEvent]:
        return [
            event(
                "Newexten",
                Perm.DIALPLAN,
                [
                    ("Channel", ch.name),
                    ("Context", ch.context),
                    ("Extension", ch.exten),
                    ("Priority", str(ch.priority)),
                    ("Application", app),
                    ("AppData", data),
                    ("Uniqueid", ch.uniqueid),
                ],
            )
        ]

    def hangup(self, ch: Channel, cause: int) -> list[PbxEvent]:
        return [
            event(
                "Hangup",
                CALL,
                [
                    ("Channel", ch.name),
                    ("Uniqueid", ch.uniqueid),
                    ("CallerIDNum", or_unknown(ch.caller_num)),
                    ("CallerIDName", or_unknown(ch.caller_name)),
                    ("ConnectedLineNum", or_unknown(ch.connected_num)),
                    ("ConnectedLineName", or_unknown(ch.connected_name)),
                    ("Cause", str(cause)),
                    ("Cause-txt", cause_text(cause)),
                ],
            )
        ]

    # -- dialing and bridging --------------------------------------------------------------
    def dial_begin(self, caller: Channel | None, dest: Channel, dialstring: str) -> list[PbxEvent]:
        if caller is None:  # Originate's first leg gets no Dial event in 1.8 (§2.6.4)
            return []
        return [
            event(
                "Dial",
                CALL,
                [
                    ("SubEvent", "Begin"),
                    ("Channel", caller.name),
                    ("Destination", dest.name),
                    ("CallerIDNum", or_unknown(caller.caller_num)),
                    ("CallerIDName", or_unknown(caller.caller_name)),
                    ("ConnectedLineNum", or_unknown(caller.connected_num)),
                    ("ConnectedLineName", or_unknown(caller.connected_name)),
                    ("UniqueID", caller.uniqueid),
                    ("DestUniqueID", dest.uniqueid),
                    ("Dialstring", dialstring),
                ],
            )
        ]

    def dial_ringing(self, caller: Channel | None, dest: Channel) -> list[PbxEvent]:
        return []

    def dial_end_leg(self, caller: Channel | None, dest: Channel, status: str) -> list[PbxEvent]:
        return []

    def dial_end(self, caller: Channel, status: str) -> list[PbxEvent]:
        return [
            *self.varset(caller, "DIALSTATUS", status),
            event(
                "Dial",
                CALL,
                [
                    ("SubEvent", "End"),
                    ("Channel", caller.name),
                    ("UniqueID", caller.uniqueid),
                    ("DialStatus", status),
                ],
            ),
        ]

    def _link(self, name: str, a: Channel, b: Channel, empty: str) -> PbxEvent:
        head = [("Bridgestate", "Link"), ("Bridgetype", "core")] if name == "Bridge" else []
        return event(
            name,
            CALL,
            [
                *head,
                ("Channel1", a.name),
                ("Channel2", b.name),
                ("Uniqueid1", a.uniqueid),
                ("Uniqueid2", b.uniqueid),
                ("CallerID1", a.caller_num or empty),
                ("CallerID2", b.caller_num or empty),
            ],
        )

    def bridge_up(self, caller: Channel, callee: Channel, bridge_id: str) -> list[PbxEvent]:
        return [self._link("Bridge", caller, callee, "")]

    def bridge_down(
        self, caller: Channel, callee: Channel, first: Channel, bridge_id: str
    ) -> list[PbxEvent]:
        return [self._link("Unlink", caller, callee, "<unknown>")]

    # -- session and list answers ----------------------------------------------------------
    def fully_booted(self, uptime: int) -> PbxEvent:
        return event("FullyBooted", Perm.SYSTEM, [("Status", "Fully Booted")])

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
        return [
            event(
                "OriginateResponse",
                CALL,
                [
                    *aid,
                    ("Response", "Success" if outcome.success else "Failure"),
                    ("Channel", ch.name if ch is not None and outcome.success else requested),
                    ("Context", context),
                    ("Exten", exten),
                    ("Reason", str(outcome.reason)),
                    ("Uniqueid", ch.uniqueid if ch is not None and outcome.success else "<null>"),
                    ("CallerIDNum", or_unknown(cid_num)),
                    ("CallerIDName", or_unknown(cid_name)),
                ],
            )
        ]

    def status_ack(self, aid: Pairs) -> Pairs:
        return [("Response", "Success"), *aid, ("Message", "Channel status will follow")]

    def status_item(self, ch: Channel, aid: Pairs) -> Pairs:
        head: Pairs = [
            ("Event", "Status"),
            ("Privilege", "Call"),
            ("Channel", ch.name),
            ("CallerIDNum", or_unknown(ch.caller_num)),
            ("CallerIDName", or_unknown(ch.caller_name)),
            ("ConnectedLineNum", or_unknown(ch.connected_num)),
            ("ConnectedLineName", or_unknown(ch.connected_name)),
        ]
        if ch.has_pbx:  # a channel running the dialplan (the first shape in capture 8)
            body: Pairs = [
                ("Accountcode", ""),
                ("ChannelState", str(int(ch.state))),
                ("ChannelStateDesc", ch.state.desc),
                ("Context", ch.context),
                ("Extension", ch.exten),
                ("Priority", str(ch.priority)),
                ("Seconds", str(ch.elapsed())),
            ]
        else:  # a dialed leg has no PBX: only Account and State
            body = [("Account", ""), ("State", ch.state.desc)]
        bridge: Pairs = []
        if ch.bridged is not None:
            bridge = [("BridgedChannel", ch.bridged.name), ("BridgedUniqueid", ch.bridged.uniqueid)]
        return [*head, *body, *bridge, ("Uniqueid", ch.uniqueid), *aid]

    def status_complete(self, aid: Pairs, count: int) -> Pairs:
        return [("Event", "StatusComplete"), *aid, ("Items", str(count))]

    def coreshowchannel(self, ch: Channel, aid: Pairs) -> Pairs:
        peer = ch.bridged
        return [
            ("Event", "CoreShowChannel"),
            *aid,
            ("Channel", ch.name),
            ("UniqueID", ch.uniqueid),
            ("Context", ch.context),
            ("Extension", ch.exten),
            ("Priority", str(ch.priority)),
            ("ChannelState", str(int(ch.state))),
            ("ChannelStateDesc", ch.state.desc),
            ("Application", ch.application),
            ("ApplicationData", ch.app_data),
            ("CallerIDnum", ch.caller_num),
            ("CallerIDname", ch.caller_name),
            ("ConnectedLineNum", ch.connected_num),
            ("ConnectedLineName", ch.connected_name),
            ("Duration", duration(ch.elapsed())),
            ("AccountCode", ""),
            ("BridgedChannel", peer.name if peer is not None else ""),
            ("BridgedUniqueID", peer.uniqueid if peer is not None else ""),
        ]

    def coreshowchannels_complete(self, aid: Pairs, count: int) -> Pairs:
        return [
            ("Event", "CoreShowChannelsComplete"),
            ("EventList", "Complete"),
            ("ListItems", str(count)),
            *aid,
        ]

    def command_response(self, aid: Pairs, lines: Sequence[str], ok: bool) -> bytes:
        # 1.8 answers every Command, even an unknown one, with Follows (capture 7).
        return encode_follows([("Response", "Follows"), ("Privilege", "Command"), *aid], lines)
