"""The operator-console AMI actions: BLF and directory lists, Park, transfers, mailboxes.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

Each action has the write class Asterisk registers it with (1.8.32 / 22.5 sources):
ExtensionState, ExtensionStateList, DeviceStateList, MailboxCount, MailboxStatus need
``call`` or ``reporting``; Park, Atxfer, CancelAtxfer, BlindTransfer ``call``;
ParkedCalls nothing in 1.8 (features.c registers it with 0) and ``call`` in 22;
SIPpeers/SIPshowpeer ``system`` or ``reporting``; PJSIPShowEndpoint(s) ``system``. The
error texts are Asterisk's, trailing ``\\n`` included where 22 writes one.
"""

from __future__ import annotations

from mypbxdesk.ami.message import Message

from .accounts import Perm
from .console import Console
from .ev_blf import Blf18, Blf22
from .ev_xfer import blind_transfer
from .handlers import ActionSpec, PbxContext, action_id, header
from .queue_actions import queue_specs
from .session import Session
from .voicemail import user_entry

CALL_REPORTING = Perm.CALL | Perm.REPORTING


class ConsoleActions:
    def __init__(self, pbx: PbxContext, console: Console) -> None:
        self.pbx = pbx
        self.c = console

    def specs(self) -> list[ActionSpec]:
        legacy = self.pbx.dialect.legacy
        specs = [
            ActionSpec("ExtensionState", CALL_REPORTING, "Check Extension Status", self.ext_state),
            ActionSpec("Park", Perm.CALL, "Park a channel", self.park),
            ActionSpec(
                "ParkedCalls", 0 if legacy else Perm.CALL, "List parked calls", self.parked_calls
            ),
            ActionSpec("Atxfer", Perm.CALL, "Attended transfer", self.atxfer),
            ActionSpec("MailboxCount", CALL_REPORTING, "Check Mailbox Message Count", self.count),
            ActionSpec("MailboxStatus", CALL_REPORTING, "Check mailbox", self.mailbox_status),
            ActionSpec(
                "VoicemailUsersList",
                CALL_REPORTING,
                "List All Voicemail User Information",
                self.vm_users,
            ),
            *queue_specs(self.pbx, self.c.queue),
        ]
        peers = Perm.SYSTEM | Perm.REPORTING
        if legacy:
            return [
                *specs,
                ActionSpec("SIPpeers", peers, "List SIP peers (text format)", self.sip_peers),
                ActionSpec("SIPshowpeer", peers, "show SIP peer (text format)", self.sip_peer),
            ]
        return [
            *specs,
            ActionSpec(
                "ExtensionStateList",
                CALL_REPORTING,
                "List the current known extension states",
                self.ext_state_list,
            ),
            ActionSpec(
                "DeviceStateList",
                CALL_REPORTING,
                "List the current known device states",
                self.device_state_list,
            ),
            ActionSpec("PJSIPShowEndpoints", Perm.SYSTEM, "Lists PJSIP endpoints", self.endpoints),
            ActionSpec(
                "PJSIPShowEndpoint",
                Perm.SYSTEM,
                "Detail listing of an endpoint and its objects",
                self.endpoint,
            ),
            ActionSpec("BlindTransfer", Perm.CALL, "Blind transfer channel(s)", self.blind),
            ActionSpec("CancelAtxfer", Perm.CALL, "Cancel an attended transfer", self.cancel),
        ]

    # -- replies ---------------------------------------------------------------------------
    @staticmethod
    def _error(session: Session, msg: Message, text: str) -> bool:
        session.send([("Response", "Error"), *action_id(msg), ("Message", text)])
        return True

    @staticmethod
    def _ack(session: Session, msg: Message, text: str) -> None:
        session.send([("Response", "Success"), *action_id(msg), ("Message", text)])

    @staticmethod
    def _list(
        session: Session, msg: Message, text: str, items: list[list[tuple[str, str]]], done: str
    ) -> bool:
        aid = action_id(msg)
        session.send([("Response", "Success"), *aid, ("EventList", "start"), ("Message", text)])
        for item in items:
            session.send(item)
        session.send(
            [("Event", done), *aid, ("EventList", "Complete"), ("ListItems", str(len(items)))]
        )
        return True

    # -- BLF -------------------------------------------------------------------------------
    async def ext_state(self, session: Session, msg: Message) -> bool:
        exten, context = header(msg, "Exten"), header(msg, "Context") or "default"
        if not exten:
            return self._error(session, msg, "Extension not specified")
        hint, status = self.c.presence.extension_state(exten, context)
        session.send(
            [
                ("Response", "Success"),
                *action_id(msg),
                ("Message", "Extension Status"),
                ("Exten", exten),
                ("Context", context),
                ("Hint", hint),
                ("Status", str(status)),
                *self.c.blf.extension_state_extra(status),
            ]
        )
        return True

    async def ext_state_list(self, session: Session, msg: Message) -> bool:
        items = self.c.presence.state_list(action_id(msg))
        text = "Extension Statuses will follow"
        return self._list(session, msg, text, items, "ExtensionStateListComplete")

    async def device_state_list(self, session: Session, msg: Message) -> bool:
        aid = action_id(msg)
        items = [Blf22.device_list_item(d, s, aid) for d, s in self.c.presence.devices()]
        text = "Device State Changes will follow"
        return self._list(session, msg, text, items, "DeviceStateListComplete")

    async def sip_peers(self, session: Session, msg: Message) -> bool:
        aid = action_id(msg)
        items = [Blf18.peer_entry(p, aid) for p in self.c.presence.peers()]
        session.send(
            [
                ("Response", "Success"),
                *aid,
                ("EventList", "start"),
                ("Message", "Peer status list will follow"),
            ]
        )
        for item in items:
            session.send(item)
        done = [("Event", "PeerlistComplete"), ("EventList", "Complete")]
        session.send([*done, ("ListItems", str(len(items))), *aid])
        return True

    async def sip_peer(self, session: Session, msg: Message) -> bool:
        name = header(msg, "Peer")
        if not name:
            return self._error(session, msg, "Peer: <name> missing.")
        peer = next((p for p in self.c.presence.peers() if p.name == name), None)
        if peer is None:
            self._error(session, msg, f"Peer {name} not found.")
            session.send_bytes(b"\r\n")  # manager_sip_show_peer appends one more line end
            return True
        session.send(Blf18.peer_detail(peer, action_id(msg)))
        return True

    async def endpoints(self, session: Session, msg: Message) -> bool:
        aid = action_id(msg)
        items = [Blf22.endpoint_list(p, aid) for p in self.c.presence.peers()]
        text = "A listing of Endpoints follows, presented as EndpointList events"
        return self._list(session, msg, text, items, "EndpointListComplete")

    async def endpoint(self, session: Session, msg: Message) -> bool:
        name = header(msg, "Endpoint")
        if name.lower().startswith("pjsip/"):
            name = name[6:]
        if not name:
            return self._error(session, msg, "PJSIPShowEndpoint requires an endpoint name\n")
        peer = next((p for p in self.c.presence.peers() if p.name == name), None)
        if peer is None:
            return self._error(session, msg, f"Unable to retrieve endpoint {name}\n")
        item = Blf22.endpoint_detail(peer, action_id(msg))
        text = "Following are Events for each object associated with the Endpoint"
        return self._list(session, msg, text, [item], "EndpointDetailComplete")

    # -- parking ---------------------------------------------------------------------------
    async def park(self, session: Session, msg: Message) -> bool:
        legacy, engine = self.pbx.dialect.legacy, self.pbx.engine
        name, timeout = header(msg, "Channel"), header(msg, "Timeout")
        other = header(msg, "Channel2") if legacy else header(msg, "TimeoutChannel")
        other = other or ("" if legacy else header(msg, "Channel2"))
        if not name:
            return self._error(session, msg, "Channel not specified")
        if legacy and not other:
            return self._error(session, msg, "Channel2 not specified")
        seconds: float | None = None
        if timeout:
            if not timeout.lstrip("-").isdigit() or (not legacy and int(timeout) < 0):
                text = "Invalid timeout value." if legacy else "Invalid Timeout value."
                return self._error(session, msg, text)
            ms = int(timeout)
            seconds = (ms / 1000 if legacy else max(1, ms // 1000)) if ms > 0 else None
        ch = engine.find(name)
        if ch is None:
            return self._error(session, msg, f"Channel does not exist: {name}")
        parker = engine.find(other) if other else None
        if legacy and parker is None:
            return self._error(session, msg, f"Channel does not exist: {other}")
        refusal = self.c.parking.refusal(ch)
        if refusal is not None:
            return self._error(session, msg, refusal)
        if parker is not None and not legacy and ch.bridged is not parker:
            parker = None  # 22: not its bridge peer, so the call is parked "unbridged"
        self._ack(session, msg, self.c.parking.ev.park_ack())
        self.c.parking.park(ch, parker, seconds)
        return True

    async def parked_calls(self, session: Session, msg: Message) -> bool:
        ev, aid = self.c.parking.ev, action_id(msg)
        parked = self.c.parking.calls()
        session.send(ev.list_ack(aid))
        for p in parked:
            session.send(ev.list_item(p, aid))
        session.send(ev.list_complete(aid, len(parked)))
        return True

    # -- transfers -------------------------------------------------------------------------
    async def atxfer(self, session: Session, msg: Message) -> bool:
        name, exten = header(msg, "Channel"), header(msg, "Exten")
        if not name:
            return self._error(session, msg, "No channel specified")
        if not exten:
            return self._error(session, msg, "No extension specified")
        ch = self.pbx.engine.find(name)
        if ch is None:
            return self._error(session, msg, "Channel specified does not exist")
        self._ack(session, msg, "Atxfer successfully queued")
        self.c.transfers.attended(ch, exten, header(msg, "Context"))
        return True

    async def cancel(self, session: Session, msg: Message) -> bool:
        name = header(msg, "Channel")
        if not name:
            return self._error(session, msg, "No channel specified")
        ch = self.pbx.engine.find(name)
        if ch is None:
            return self._error(session, msg, "Channel specified does not exist")
        self._ack(session, msg, "CancelAtxfer successfully queued")
        self.c.transfers.cancel(ch)
        return True

    async def blind(self, session: Session, msg: Message) -> bool:
        name, exten = header(msg, "Channel"), header(msg, "Exten")
        if not name:
            return self._error(session, msg, "No channel specified")
        if not exten:
            return self._error(session, msg, "No extension specified")
        ch = self.pbx.engine.find(name)
        if ch is None:
            return self._error(session, msg, "Channel specified does not exist")
        context = header(msg, "Context") or ch.context
        if ch.bridged is None or self.c.parking.find(ch) is not None:
            self._error(session, msg, "Transfer invalid")
            self.pbx.broadcast([blind_transfer("Invalid", ch, None, None, context, exten)])
            return True
        self._ack(session, msg, "Transfer succeeded")
        self.c.blind.blind(ch, context, exten)
        return True

    # -- voicemail -------------------------------------------------------------------------
    async def count(self, session: Session, msg: Message) -> bool:
        box = header(msg, "Mailbox")
        if not box:
            return self._error(session, msg, "Mailbox not specified")
        urgent, new, old = self.c.voicemail.counts(box)
        session.send(
            [
                ("Response", "Success"),
                *action_id(msg),
                ("Message", "Mailbox Message Count"),
                ("Mailbox", box),
                ("UrgMessages", str(urgent)),
                ("NewMessages", str(new)),
                ("OldMessages", str(old)),
            ]
        )
        return True

    async def mailbox_status(self, session: Session, msg: Message) -> bool:
        box = header(msg, "Mailbox")
        if not box:
            return self._error(session, msg, "Mailbox not specified")
        waiting = str(int(self.c.voicemail.waiting(box)))
        pairs = [("Message", "Mailbox Status"), ("Mailbox", box), ("Waiting", waiting)]
        session.send([("Response", "Success"), *action_id(msg), *pairs])
        return True

    async def vm_users(self, session: Session, msg: Message) -> bool:
        legacy, aid = self.pbx.dialect.legacy, action_id(msg)
        phones = list(self.pbx.engine.directory.phones.values())
        items = []
        for p in phones:
            _, new, old = self.c.voicemail.counts(p.extension)
            items.append(user_entry(legacy, p.extension, p.name, new, old, aid))
        text = "Voicemail user list will follow"
        if not legacy:
            return self._list(session, msg, text, items, "VoicemailUserEntryComplete")
        self._ack(session, msg, text)
        for item in items:
            session.send(item)
        session.send([("Event", "VoicemailUserEntryComplete"), *aid])
        return True
