"""The AMI client protocol as one sans-IO object (h11's ``Connection`` shape).

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib + ``mypbxdesk.base.text``; no asyncio,
sockets or Qt.

Three verbs, no I/O::

    proto = AmiProtocol(wanted_events=tracker.wanted_events)
    proto.start_login("admin", secret)          # the greeting/login table is armed
    transport.write(proto.data_to_send())       # (nothing yet: the banner comes first)
    proto.receive_data(await stream.read())     # bytes in ...
    for item in proto.next_events():            # ... events and answers out
        ...
    out = proto.send(actions.ping())            # action in, bytes out (+ its ActionID)
    transport.write(out.data)

What comes out of :meth:`next_events`:

* an event :class:`Message` the caller wants (``wanted_events``; every other
  event is dropped *before its headers are parsed*: on a busy PBX 99 % of the
  traffic is about other extensions and most of it is ``VarSet``/``Newexten``);
* :class:`Greeting`, :class:`LoggedIn`, :class:`LoginFailed` from the login table;
* :class:`Completed`, :class:`Acknowledged`, :class:`Unmatched` from ActionID
  correlation (``correlation.py``).

The login table (rule: every login transition is in :data:`LOGIN_TABLE`;
nothing else changes :attr:`AmiProtocol.login_step`):

=================  ==============================  ===============================
step               what arrives                    what happens
=================  ==============================  ===============================
GREETING           the banner                      send Challenge (MD5) → CHALLENGE
CHALLENGE          Success with a ``Challenge``    send Login with the MD5 key → LOGIN
CHALLENGE          Error / no challenge            plain allowed: send Login with the
                                                   Secret → LOGIN; else fail
LOGIN              Success                         → DONE (:class:`LoggedIn`)
LOGIN              Error ``Authentication failed`` fail: :class:`AuthenticationFailed`
LOGIN              another Error                   fail: :class:`ActionFailed`
=================  ==============================  ===============================

A refused ``Challenge`` never falls back to a plain-text ``Secret`` unless the
caller allowed it (``plain_allowed``): a man in the middle could otherwise force
the secret onto the wire by answering ``Response: Error`` to the challenge.
"""

from __future__ import annotations

import secrets as _secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from itertools import count
from typing import Any

from ..base.text import Msg
from . import actions
from .actions import Action
from .correlation import (
    Acknowledged,
    ActionResult,
    Collected,
    Completed,
    Correlator,
    Unmatched,
)
from .errors import ActionFailed, AmiError, AuthenticationFailed, ConfigurationError
from .framing import MAX_LINE, MAX_MESSAGE, Banner, Parser
from .message import Kind, Message, _new
from .writer import encode_message

__all__ = [
    "LOGIN_TABLE",
    "AmiProtocol",
    "Greeting",
    "LoggedIn",
    "LoginFailed",
    "LoginStep",
    "Outgoing",
    "ProtocolEvent",
    "session_id_factory",
]


_UNSEEN = object()
_ODD = object()


def session_id_factory() -> Callable[[], str]:
    """ActionIDs ``<8 hex>-<n>``: unique per connection, short (pitfall 13a)."""
    prefix = _secrets.token_hex(4)
    counter = count(1)
    return lambda: f"{prefix}-{next(counter)}"


class LoginStep(Enum):
    IDLE = "idle"  # start_login() not called yet
    GREETING = "greeting"  # waiting for the banner
    CHALLENGE = "challenge"  # Challenge sent
    LOGIN = "login"  # Login sent
    DONE = "done"
    FAILED = "failed"


class _Reply(Enum):
    BANNER = "banner"
    OFFERED = "offered"  # Challenge answered with a challenge string
    REFUSED = "refused"  # Challenge answered otherwise
    ACCEPTED = "accepted"
    AUTH_FAILED = "auth-failed"
    OTHER_ERROR = "other-error"


@dataclass(frozen=True, slots=True)
class Greeting:
    """The banner arrived (``Asterisk Call Manager/1.1``)."""

    banner: Banner


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """The login succeeded; ``auth`` is ``"md5"`` or ``"plain"``."""

    auth: str


@dataclass(frozen=True, slots=True)
class LoginFailed:
    """The login failed; ``error`` says why (never containing the secret)."""

    error: AmiError


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An action ready for the wire."""

    action_id: str
    data: bytes


ProtocolEvent = Message | Greeting | LoggedIn | LoginFailed | Completed | Acknowledged | Unmatched


class AmiProtocol:
    """One AMI client session's protocol state; bytes in, events out, actions to bytes.

    Args:
        wanted_events: the event names the caller handles (compared
            case-insensitively); None: every event. Events carrying the
            ActionID of a pending list or Originate are always routed.
        fallback_encoding: codec for lines that are not valid UTF-8.
        action_ids: ActionID factory (tests inject a deterministic one).
        keep_wire: keep every frame in and action out for :meth:`take_wire`
            (the AMI log window).

    Attributes:
        login_step: where the login table is.
        banner: the greeting, once seen.
        auth: ``"md5"`` or ``"plain"`` once logged in.
        md5_offered: the PBX answered a Challenge (remember it: a later refusal
            is then a downgrade attempt).
        messages_received: every message framed, wanted or not (liveness).
        dropped: events dropped unparsed because nobody wants them.
    """

    def __init__(
        self,
        *,
        wanted_events: Iterable[str] | None = None,
        fallback_encoding: str = "latin-1",
        action_ids: Callable[[], str] | None = None,
        max_message: int = MAX_MESSAGE,
        max_line: int = MAX_LINE,
        keep_wire: bool = False,
    ) -> None:
        self._parser = Parser(
            expect_banner=True,
            fallback_encoding=fallback_encoding,
            max_message=max_message,
            max_line=max_line,
            command_output=False,
        )
        self._fallback = fallback_encoding
        self._correlator = Correlator()
        self._next_id = action_ids or session_id_factory()
        self._wanted: frozenset[str] | None = None
        self._names: dict[bytes, str | None] = {}  # event name -> itself if wanted
        self.set_wanted_events(wanted_events)
        self._commands: set[str] = set()  # Command actions whose output may still come
        self._outbox = bytearray()
        self._wire: list[tuple[str, bytes | Message]] | None = [] if keep_wire else None
        self.login_step = LoginStep.IDLE
        self.banner: Banner | None = None
        self.auth = ""
        self.md5_offered = False
        self._login: _LoginRequest | None = None
        self._login_ids: dict[str, str] = {}  # ActionID -> "challenge" | "login"
        self.messages_received = 0
        self.dropped = 0

    # -- configuration -------------------------------------------------------------------
    def set_wanted_events(self, names: Iterable[str] | None) -> None:
        """Which events :meth:`next_events` returns (None: all)."""
        self._wanted = None if names is None else frozenset(n.lower() for n in names)
        self._names = {}

    def wants(self, name: str) -> bool:
        return self._wanted is None or name.lower() in self._wanted

    # -- login ---------------------------------------------------------------------------
    def start_login(
        self,
        username: str,
        secret: str,
        *,
        events: str = actions.DEFAULT_EVENT_MASK,
        plain_allowed: bool = False,
        md5_seen: bool = False,
    ) -> None:
        """Arm the login table: it answers the banner and the challenge by itself
        (the bytes appear in :meth:`data_to_send`).

        Args:
            plain_allowed: a PBX without MD5 login may get the secret in plain
                text (an explicit setting; never the default).
            md5_seen: this PBX offered MD5 before: a refused challenge is then
                refused, whatever ``plain_allowed`` says (a downgrade attempt).

        Raises:
            ConfigurationError: the username or secret contains CR, LF or NUL,
                which AMI cannot carry (nothing is sent).
        """
        if any(c in username for c in "\r\n\0"):
            raise ConfigurationError(
                Msg.of(
                    "the AMI username contains a line break or NUL, which AMI cannot carry; "
                    "correct it in the settings"
                )
            )
        if any(c in secret for c in "\r\n\0"):
            raise ConfigurationError(
                Msg.of(
                    "the AMI secret contains a line break or NUL, which AMI cannot carry "
                    "(was it copied from a file edited on Windows?); correct it in the settings"
                )
            )
        self._login = _LoginRequest(username, secret, events, plain_allowed, md5_seen)
        self.login_step = LoginStep.GREETING
        if self.banner is not None:
            self._step(_Reply.BANNER, None)

    def _step(self, reply: _Reply, response: Message | None) -> ProtocolEvent | None:
        handler = LOGIN_TABLE.get((self.login_step, reply))
        if handler is None:
            return None
        return handler(self, response)

    def _queue_login_action(self, action: Action, purpose: str) -> None:
        out = self.send(action)
        self._login_ids[out.action_id] = purpose
        self._outbox += out.data

    def _send_challenge(self, _response: Message | None) -> ProtocolEvent | None:
        self._queue_login_action(actions.challenge(), "challenge")
        self.login_step = LoginStep.CHALLENGE
        return None

    def _send_md5_login(self, response: Message | None) -> ProtocolEvent | None:
        assert self._login is not None and response is not None
        self.md5_offered = True
        req = self._login
        key_action = actions.login_md5(
            req.username, response.get("Challenge") or "", req.secret, req.events
        )
        self.auth = "md5"
        self._queue_login_action(key_action, "login")
        self.login_step = LoginStep.LOGIN
        return None

    def _challenge_refused(self, _response: Message | None) -> ProtocolEvent | None:
        assert self._login is not None
        req = self._login
        if req.md5_seen:
            return self._fail(
                ConfigurationError(
                    Msg.of(
                        "the PBX refused the MD5 challenge it offered before; plain-text "
                        "login was not attempted (someone may be tampering with the connection)"
                    )
                )
            )
        if not req.plain_allowed:
            return self._fail(
                ConfigurationError(
                    Msg.of(
                        "the PBX does not offer MD5 login; to send the secret in plain text "
                        "anyway, allow plain-text login in the settings"
                    )
                )
            )
        self.auth = "plain"
        self._queue_login_action(actions.login(req.username, req.secret, req.events), "login")
        self.login_step = LoginStep.LOGIN
        return None

    def _logged_in(self, _response: Message | None) -> ProtocolEvent:
        self.login_step = LoginStep.DONE
        self._login = None  # the secret is not kept past the login
        return LoggedIn(self.auth)

    def _auth_failed(self, _response: Message | None) -> ProtocolEvent:
        return self._fail(
            AuthenticationFailed(Msg.of("the PBX refused the AMI username or secret"))
        )

    def _login_refused(self, response: Message | None) -> ProtocolEvent:
        text = response.message_text if response is not None else ""
        reason: str = text or Msg.of("no reason given")
        return self._fail(ActionFailed(Msg.of("login refused: {reason}", reason=reason), response))

    def _fail(self, error: AmiError) -> LoginFailed:
        self.login_step = LoginStep.FAILED
        self._login = None
        return LoginFailed(error)

    def _login_answer(self, purpose: str, result: ActionResult) -> ProtocolEvent | None:
        response = result.response
        if purpose == "challenge":
            offered = response.is_success and bool(response.get("Challenge"))
            return self._step(_Reply.OFFERED if offered else _Reply.REFUSED, response)
        if response.is_success:
            return self._step(_Reply.ACCEPTED, response)
        if "authentication" in response.message_text.lower():
            return self._step(_Reply.AUTH_FAILED, response)
        return self._step(_Reply.OTHER_ERROR, response)

    # -- sending -------------------------------------------------------------------------
    def send(self, action: Action) -> Outgoing:
        """Serialize ``action`` with a new ActionID and expect its answer.

        Raises:
            InvalidAction: a header value AMI cannot carry safely (CR, LF, NUL:
                header injection; too long). Nothing is produced.
        """
        action_id = self._next_id()
        headers = action.wire_headers(action_id)
        data = encode_message(headers)  # may raise InvalidAction
        self._correlator.expect(action_id, action.expect)
        if action.name.lower() == "command":
            self._commands.add(action_id)
            self._parser.expect_follows = True
        if self._wire is not None:
            msg = Message(headers)
            msg.raw = data[:-2]
            self._wire.append(("sent", msg))
        return Outgoing(action_id, data)

    def data_to_send(self) -> bytes:
        """Bytes the login table queued (answers to the banner and the challenge)."""
        out = bytes(self._outbox)
        self._outbox.clear()
        return out

    def cancel(self, action_id: str) -> None:
        """Stop waiting for ``action_id`` (it timed out); a late answer is Unmatched."""
        self._correlator.cancel(action_id)

    def pending(self) -> list[str]:
        return self._correlator.pending()

    def connection_lost(self) -> list[str]:
        """The link is gone: the ids of every action still pending (they fail; none
        is ever re-sent — an Originate must never ring twice)."""
        self._commands.clear()
        self._parser.expect_follows = False
        return self._correlator.clear()

    def set_keep_wire(self, on: bool) -> None:
        """Start (or stop) keeping frames for :meth:`take_wire`."""
        if on and self._wire is None:
            self._wire = []
        elif not on:
            self._wire = None

    def take_wire(self) -> list[tuple[str, bytes | Message]]:
        """Every frame received and action sent since the last call (``keep_wire``)."""
        wire = self._wire
        if not wire:
            return []
        self._wire = []
        return wire

    # -- receiving -----------------------------------------------------------------------
    def receive_data(self, data: bytes) -> None:
        """Bytes from the PBX (``b""``: it closed the connection)."""
        self._parser.feed(data)

    @property
    def buffered(self) -> int:
        """Bytes received and not yet a complete message."""
        return self._parser.buffered

    @property
    def salvaged(self) -> int:
        """Command outputs closed without their end marker (see ``framing.py``)."""
        return self._parser.salvaged

    def next_events(self) -> list[ProtocolEvent]:
        """Everything the bytes received so far complete, in order.

        Raises:
            ProtocolError: the stream is not AMI or broke a limit; the
                connection must be closed.
        """
        out: list[ProtocolEvent] = []
        self._next(out, out)
        return out

    def next_batch(self) -> tuple[list[Message], list[ProtocolEvent]]:
        """Like :meth:`next_events`, sorted in two: the wanted events (in order),
        and everything else (answers, login steps; in order). The driver queues
        the first list in one go and acts on the second at once.

        Raises:
            ProtocolError: as :meth:`next_events`.
        """
        events: list[Message] = []
        others: list[ProtocolEvent] = []
        self._next(events, others)
        return events, others

    def _next(self, events: list[Any], others: list[ProtocolEvent]) -> None:
        frames = self._parser.frames()
        if not frames:
            return
        self.messages_received += len(frames)
        if self._wire is not None:
            self._wire.extend(("received", f) for f in frames if not isinstance(f, Banner))
        append = events.append
        fallback = self._fallback
        names = self._names
        route_all = self._correlator.collecting
        new, event_kind = _new, Kind.EVENT
        dropped = 0
        for frame in frames:
            if type(frame) is bytes:
                # The hot path: an event, read for its name only. Dropped here
                # unless wanted; a wanted one becomes a lazy Message (the same
                # four stores as message.lazy(), without the call).
                if not route_all and frame.startswith(b"Event: "):
                    end = frame.find(b"\n", 7)
                    if end < 0:
                        raw_name = frame[7:]
                    elif frame[end - 1] == 13:
                        raw_name = frame[7 : end - 1]
                    else:
                        raw_name = frame[7:end]
                    name = names.get(raw_name, _UNSEEN)
                    if name is _UNSEEN:
                        name = self._learn(raw_name)
                    if name is None:
                        dropped += 1
                        continue
                    if name is not _ODD:
                        msg = new(Message)
                        msg.raw = frame
                        msg.kind = event_kind
                        msg.name = name  # type: ignore[assignment]
                        msg._p = fallback
                        append(msg)
                        continue
                msg = Message.from_frame(
                    frame, fallback, command_output=self._parser.expect_follows
                )
            elif type(frame) is Banner:
                self.banner = frame
                others.append(Greeting(frame))
                step = self._step(_Reply.BANNER, None)
                if step is not None:
                    others.append(step)
                continue
            else:
                msg = frame  # type: ignore[assignment]
            self._route(msg, events, others)
            route_all = self._correlator.collecting
        self.dropped += dropped

    def _learn(self, raw_name: bytes) -> str | object | None:
        """Whether events called ``raw_name`` are wanted: the name, None, or _ODD
        (not ASCII: the careful path decides)."""
        if not raw_name.isascii():
            return _ODD
        name = raw_name.decode("ascii")
        decision = name if self.wants(name) else None
        if len(self._names) > 1024:  # a hostile PBX inventing names
            self._names.clear()
        self._names[raw_name] = decision
        return decision

    def _route(self, msg: Message, events: list[Any], others: list[ProtocolEvent]) -> None:
        if msg.kind is Kind.RESPONSE and self._commands:
            action_id = msg.action_id
            if action_id in self._commands:
                self._commands.discard(action_id)
                self._parser.expect_follows = bool(self._commands)
        outcome = self._correlator.route(msg)
        if type(outcome) is Message:
            if msg.kind is Kind.EVENT and not self.wants(msg.name):
                self.dropped += 1
            elif msg.kind is Kind.EVENT:
                events.append(outcome)
            else:
                others.append(outcome)  # a message that is neither: the driver logs it
        elif isinstance(outcome, Completed):
            purpose = self._login_ids.pop(outcome.result.action_id, None)
            if purpose is None:
                others.append(outcome)
            else:
                step = self._login_answer(purpose, outcome.result)
                if step is not None:
                    others.append(step)
        elif not isinstance(outcome, Collected):
            others.append(outcome)  # Acknowledged, Unmatched


@dataclass(slots=True)
class _LoginRequest:
    username: str
    secret: str
    events: str
    plain_allowed: bool
    md5_seen: bool

    def __repr__(self) -> str:  # never show the secret
        return f"_LoginRequest({self.username!r}, ********)"


#: (step, what arrived) -> what the protocol does (see the module docstring).
LOGIN_TABLE: dict[
    tuple[LoginStep, _Reply], Callable[[AmiProtocol, Message | None], ProtocolEvent | None]
] = {
    (LoginStep.GREETING, _Reply.BANNER): AmiProtocol._send_challenge,
    (LoginStep.CHALLENGE, _Reply.OFFERED): AmiProtocol._send_md5_login,
    (LoginStep.CHALLENGE, _Reply.REFUSED): AmiProtocol._challenge_refused,
    (LoginStep.LOGIN, _Reply.ACCEPTED): AmiProtocol._logged_in,
    (LoginStep.LOGIN, _Reply.AUTH_FAILED): AmiProtocol._auth_failed,
    (LoginStep.LOGIN, _Reply.OTHER_ERROR): AmiProtocol._login_refused,
}
