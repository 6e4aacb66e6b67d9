"""The AMI actions the simulated PBX understands, with Asterisk's checks and answers.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

Dispatch follows ``process_message`` (``main/manager.c``): a missing ``Action`` is an
error; before login only Login, Logoff and Challenge are allowed (``Permission
denied``, connection kept); an unknown action gets ``Invalid/unknown command``; an
action needs one of its write classes. Every answer carries the client's
``ActionID`` where Asterisk puts it (ami-protocol.md §1.5). The texts of the errors
are Asterisk's own (§2). The operator console's actions (Park, Atxfer, the queue …)
live in ``console_actions`` and ``queue_actions`` and join the table through ``add``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from mypbxdesk.ami.actions import md5_key
from mypbxdesk.ami.message import Message

from .accounts import Perm, Rights, authority_to_str, parse_event_mask
from .calls import CallManager, OriginateRequest
from .commands import BLACKLIST, Cli
from .dialects import NORMAL_CLEARING, Dialect, OriginateOutcome, PbxEvent, event
from .engine import Engine
from .model import parse_callerid
from .session import LINE_TOO_LONG, TOO_MANY_LINES, Session, split_markers

_TRUE = frozenset({"yes", "true", "y", "t", "1", "on"})


class PbxContext(Protocol):
    """What the action handlers need from the PBX."""

    dialect: Dialect
    engine: Engine
    calls: CallManager
    cli: Cli
    auth_fail_delay: float
    offers_md5: bool

    def credentials(self, user: str) -> tuple[str, Rights] | None: ...

    def new_challenge(self) -> str: ...

    def broadcast(self, events: list[PbxEvent]) -> None: ...

    def uptime(self) -> int: ...


def header(msg: Message, name: str) -> str:
    """``astman_get_header``: first match, any case, leading blanks skipped."""
    return (msg.get(name) or "").lstrip(" \t")


def action_id(msg: Message) -> list[tuple[str, str]]:
    value = header(msg, "ActionID")
    return [("ActionID", value)] if value else []


Handler = Callable[[Session, Message], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    authority: int
    synopsis: str
    handler: Handler


class Actions:
    """The action table and the handlers; ``dispatch`` answers one action."""

    def __init__(self, pbx: PbxContext) -> None:
        self.pbx = pbx
        specs = [
            ActionSpec("Login", 0, "Login Manager", self.login),
            ActionSpec("Challenge", 0, "Generate Challenge for MD5 Auth", self.challenge),
            ActionSpec("Logoff", 0, "Logoff Manager", self.logoff),
            ActionSpec("Ping", 0, "Keepalive command", self.ping),
            ActionSpec("Events", 0, "Control Event Flow", self.events),
            ActionSpec("ListCommands", 0, "List available manager commands", self.list_commands),
            ActionSpec("Originate", Perm.ORIGINATE, "Originate a call", self.originate),
            ActionSpec("Redirect", Perm.CALL, "Redirect (transfer) a call", self.redirect),
            ActionSpec("Hangup", Perm.SYSTEM | Perm.CALL, "Hangup channel", self.hangup),
            ActionSpec(
                "Status",
                Perm.SYSTEM | Perm.CALL | Perm.REPORTING,
                "List channel status",
                self.status,
            ),
            ActionSpec(
                "CoreShowChannels",
                Perm.SYSTEM | Perm.REPORTING,
                "List currently active channels",
                self.core_show_channels,
            ),
            ActionSpec("Command", Perm.COMMAND, "Execute Asterisk CLI Command", self.command),
            ActionSpec(
                "CoreSettings",
                Perm.SYSTEM | Perm.REPORTING,
                "Show PBX core settings (version etc)",
                self.core_settings,
            ),
        ]
        self.table: dict[str, ActionSpec] = {s.name.lower(): s for s in specs}

    def add(self, specs: list[ActionSpec]) -> None:
        """More actions (the operator console's, ``console_actions``)."""
        self.table.update({s.name.lower(): s for s in specs})

    # -- dispatch --------------------------------------------------------------------------
    async def dispatch(self, session: Session, raw: Message) -> bool:
        """Answer one action; False when the connection must close afterwards."""
        msg, markers = split_markers(raw)
        if TOO_MANY_LINES in markers:
            return self._error(session, msg, "Too many lines in message or allocation failure")
        if LINE_TOO_LONG in markers:
            return self._error(session, msg, "Failed to parse message: line too long")
        name = next((v.lstrip(" \t") for v in msg.get_all("Action") if v.strip()), "")
        if not name:
            return self._error(session, msg, "Missing action in request")
        if not session.authenticated and name.lower() not in ("login", "logoff", "challenge"):
            return self._error(session, msg, "Permission denied")
        spec = self.table.get(name.lower())
        if spec is None:
            return self._error(
                session,
                msg,
                f"Invalid/unknown command: {name}. Use Action: "
                "ListCommands to show available commands.",
            )
        if spec.authority and not session.rights.write & spec.authority:
            return self._error(session, msg, "Permission denied")
        return await spec.handler(session, msg)

    @staticmethod
    def _error(session: Session, msg: Message, text: str) -> bool:
        session.send([("Response", "Error"), *action_id(msg), ("Message", text)])
        return True

    @staticmethod
    def _ack(session: Session, msg: Message, text: str) -> bool:
        session.send([("Response", "Success"), *action_id(msg), ("Message", text)])
        return True

    # -- session actions -------------------------------------------------------------------
    async def login(self, session: Session, msg: Message) -> bool:
        if session.authenticated:
            return self._ack(session, msg, "Already authenticated")
        user = header(msg, "Username")
        account = self.pbx.credentials(user)
        ok = False
        if account is not None:
            secret, rights = account
            if header(msg, "AuthType").lower() == "md5":
                key = header(msg, "Key")
                ok = bool(key and session.challenge) and key == md5_key(session.challenge, secret)
            else:
                ok = header(msg, "Secret") == secret
        if account is None or not ok:
            await asyncio.sleep(self.pbx.auth_fail_delay)
            self._error(session, msg, "Authentication failed")
            return False
        session.user, session.rights = user, rights
        self._set_mask(session, header(msg, "Events"))
        self._ack(session, msg, "Authentication accepted")
        mask = session.event_mask
        if mask & Perm.SYSTEM and rights.read & Perm.SYSTEM:
            booted = self.pbx.dialect.fully_booted(self.pbx.uptime())
            session.send(booted.headers)
        if not self.pbx.dialect.legacy:
            self.pbx.broadcast([_successful_auth(session)])
        return True

    def _set_mask(self, session: Session, text: str) -> int:
        mask = parse_event_mask(text)
        if mask >= 0:
            if not self.pbx.dialect.legacy:  # 22 intersects the mask with readperm
                mask &= session.rights.read
            session.event_mask = mask
        return mask

    async def challenge(self, session: Session, msg: Message) -> bool:
        if not self.pbx.offers_md5:
            return self._error(
                session,
                msg,
                "Invalid/unknown command: Challenge. "
                "Use Action: ListCommands to show available commands.",
            )
        if header(msg, "AuthType").lower() != "md5":
            return self._error(session, msg, "Must specify AuthType")
        if not session.challenge:
            session.challenge = self.pbx.new_challenge()
        session.send([("Response", "Success"), *action_id(msg), ("Challenge", session.challenge)])
        return True

    async def logoff(self, session: Session, msg: Message) -> bool:
        session.send(
            [("Response", "Goodbye"), *action_id(msg), ("Message", "Thanks for all the fish.")]
        )
        return False

    async def ping(self, session: Session, msg: Message) -> bool:
        session.send(
            [
                ("Response", "Success"),
                *action_id(msg),
                ("Ping", "Pong"),
                ("Timestamp", f"{time.time():.6f}"),
            ]
        )
        return True

    async def events(self, session: Session, msg: Message) -> bool:
        mask = self._set_mask(session, header(msg, "EventMask"))
        if mask < 0:
            return self._error(session, msg, "Invalid event mask")
        session.send(
            [("Response", "Success"), *action_id(msg), ("Events", "On" if mask > 0 else "Off")]
        )
        return True

    async def list_commands(self, session: Session, msg: Message) -> bool:
        lines = [
            (s.name, f"{s.synopsis} (Priv: {authority_to_str(s.authority)})")
            for s in self.table.values()
            if not s.authority or session.rights.write & s.authority
        ]
        session.send([("Response", "Success"), *action_id(msg), *lines])
        return True

    async def core_settings(self, session: Session, msg: Message) -> bool:
        d = self.pbx.dialect
        session.send(
            [
                ("Response", "Success"),
                *action_id(msg),
                ("AMIversion", d.banner_version),
                ("AsteriskVersion", d.version_line.split()[1]),
                ("SystemName", ""),
                ("CoreMaxCalls", "0"),
                ("CoreMaxLoadAvg", "0.000000"),
                ("CoreRunUser", ""),
                ("CoreRunGroup", ""),
                ("CoreMaxFilehandles", "0"),
                ("CoreRealTimeEnabled", "No"),
                ("CoreCDRenabled", "Yes"),
                ("CoreHTTPenabled", "No"),
            ]
        )
        return True

    # -- call actions ----------------------------------------------------------------------
    async def originate(self, session: Session, msg: Message) -> bool:
        pbx, aid = self.pbx, action_id(msg)
        requested = header(msg, "Channel")
        if not requested:
            return self._error(session, msg, "Channel not specified")
        priority, timeout = header(msg, "Priority"), header(msg, "Timeout")
        if priority and not priority.isdigit():
            return self._error(session, msg, "Invalid priority")
        if timeout and not timeout.lstrip("-").isdigit():
            return self._error(session, msg, "Invalid timeout")
        tech, slash, data = requested.partition("/")
        if not slash:
            return self._error(session, msg, "Invalid channel")
        context, exten = header(msg, "Context"), header(msg, "Exten")
        app = header(msg, "Application")
        if (
            not pbx.dialect.legacy
            and not app
            and context
            and exten
            and not pbx.engine.directory.route(context, exten).exists
        ):
            return self._error(session, msg, "Extension does not exist.")
        asynchronous = header(msg, "Async").lower() in _TRUE
        if not asynchronous and not app and not (context and exten and priority):
            return self._error(
                session, msg, "Originate with 'Exten' requires 'Context' and 'Priority'"
            )
        cid_num = cid_name = None
        if msg.get("CallerID") is not None:
            cid_num, cid_name = parse_callerid(header(msg, "CallerID"))
        variables = tuple(
            (name, value)
            for raw in msg.get_all("Variable")
            for item in raw.lstrip(" \t").split(",")
            for name, eq, value in [item.partition("=")]
            if eq and name
        )
        req = OriginateRequest(
            requested=requested,
            tech=tech,
            data=data,
            context=context,
            exten=exten,
            timeout=max(int(timeout), 0) / 1000 if timeout else 30.0,
            cid_num=cid_num,
            cid_name=cid_name,
            application=app,
            app_data=header(msg, "Data"),
            variables=variables,
            channel_id=header(msg, "ChannelId"),
        )
        if asynchronous:
            self._ack(session, msg, "Originate successfully queued")
            ident = aid[0][1] if aid else ""

            def report(outcome: OriginateOutcome) -> None:
                pbx.broadcast(
                    pbx.dialect.originate_response(
                        ident,
                        outcome,
                        requested,
                        context,
                        exten,
                        cid_num or "",
                        cid_name or "",
                        app=app,
                        data=header(msg, "Data"),
                    )
                )

            pbx.calls.originate(req, report)
            return True
        answer: asyncio.Future[OriginateOutcome] = asyncio.get_running_loop().create_future()

        def resolve(outcome: OriginateOutcome) -> None:
            if not answer.done():
                answer.set_result(outcome)

        pbx.calls.originate(req, resolve)  # a sync Originate blocks this session (§2.6.2)
        outcome = await answer
        if outcome.success:
            return self._ack(session, msg, "Originate successfully queued")
        return self._error(session, msg, "Originate failed")

    async def redirect(self, session: Session, msg: Message) -> bool:
        pbx = self.pbx
        name = header(msg, "Channel")
        context, exten, priority = (header(msg, h) for h in ("Context", "Exten", "Priority"))
        if not name:
            return self._error(session, msg, "Channel not specified")
        if not pbx.dialect.legacy:
            for value, what in ((context, "Context"), (exten, "Exten"), (priority, "Priority")):
                if not value:
                    return self._error(session, msg, f"{what} not specified")
        if priority and not priority.isdigit():
            return self._error(
                session, msg, "Invalid priority" if pbx.dialect.legacy else "Priority is invalid"
            )
        ch = pbx.engine.find(name)
        if ch is None:
            return self._error(session, msg, f"Channel does not exist: {name}")
        extra = header(msg, "ExtraChannel")
        if extra and pbx.engine.find(extra) is None:
            return self._error(session, msg, f"ExtraChannel does not exist: {extra}")
        if not pbx.calls.redirect(ch, context or ch.context, exten or ch.exten):
            return self._error(session, msg, "Redirect failed")
        return self._ack(
            session, msg, "Dual Redirect successful" if extra else "Redirect successful"
        )

    async def hangup(self, session: Session, msg: Message) -> bool:
        name = header(msg, "Channel")
        if not name:
            return self._error(session, msg, "No channel specified")
        raw_cause = header(msg, "Cause")
        cause = int(raw_cause) if raw_cause.isdigit() and int(raw_cause) <= 127 else 0
        ch = self.pbx.engine.find(name)
        if ch is None:
            return self._error(session, msg, "No such channel")
        self._ack(session, msg, "Channel Hungup")  # the events follow the response
        self.pbx.calls.hangup(ch, cause or NORMAL_CLEARING)
        return True

    # -- lists -----------------------------------------------------------------------------
    async def status(self, session: Session, msg: Message) -> bool:
        d, aid = self.pbx.dialect, action_id(msg)
        name = header(msg, "Channel")
        chans = list(self.pbx.engine.channels.values())
        if name:
            found = self.pbx.engine.find(name)
            if found is None:
                return self._error(session, msg, "No such channel")
            chans = [found]
        session.send(d.status_ack(aid))
        for ch in chans:
            session.send(d.status_item(ch, aid))
        session.send(d.status_complete(aid, len(chans)))
        return True

    async def core_show_channels(self, session: Session, msg: Message) -> bool:
        d, aid = self.pbx.dialect, action_id(msg)
        chans = list(self.pbx.engine.channels.values())
        session.send(
            [
                ("Response", "Success"),
                *aid,
                ("EventList", "start"),
                ("Message", "Channels will follow"),
            ]
        )
        for ch in chans:
            session.send(d.coreshowchannel(ch, aid))
        session.send(d.coreshowchannels_complete(aid, len(chans)))
        return True

    async def command(self, session: Session, msg: Message) -> bool:
        cli = header(msg, "Command")
        if not cli:
            return self._error(session, msg, "No command provided")
        if any(" ".join(cli.lower().split()).startswith(b) for b in BLACKLIST):
            return self._error(session, msg, "Command blacklisted")
        lines, ok = self.pbx.cli.run(cli)
        session.send_bytes(self.pbx.dialect.command_response(action_id(msg), lines, ok))
        return True


def _successful_auth(session: Session) -> PbxEvent:
    """22's security event after every login (``Privilege: security,all``)."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000+0000"
    return event(
        "SuccessfulAuth",
        Perm.SECURITY,
        [
            ("EventTV", now),
            ("Severity", "Informational"),
            ("Service", "AMI"),
            ("EventVersion", "1"),
            ("AccountID", session.user or ""),
            ("SessionID", f"0x{id(session):x}"),
            ("LocalAddress", f"IPV4/TCP/{session.local.replace(':', '/')}"),
            ("RemoteAddress", f"IPV4/TCP/{session.peer.replace(':', '/')}"),
            ("UsingPassword", "0"),
            ("SessionTV", now),
        ],
    )
