"""Builders for the AMI actions mypbxdesk sends.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

An :class:`Action` is a name, its headers (without ``Action`` and
``ActionID``, which the connection adds) and how it is answered. Nothing here
touches the network; :func:`mypbxdesk.ami.writer.encode_message` checks every
value for injection when the action is serialized.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .correlation import Expect

#: Event classes a screen-pop client and the console need: channel, dial, bridge,
#: hangup, BLF (ExtensionStatus), park and voicemail events (call), FullyBooted
#: and Shutdown (system), Cdr for outgoing dispositions (cdr), and the queue
#: events (agent: QueueMemberStatus, AgentCalled …, and on 12+ QueueCallerJoin/
#: Leave). Not dialplan: VarSet/Newexten flood a busy PBX.
#: No spaces: Asterisk's parser would silently drop a class after ", ".
DEFAULT_EVENT_MASK = "call,system,cdr,agent"


@dataclass(frozen=True, slots=True)
class Action:
    """One action to send.

    Attributes:
        name: the ``Action:`` value, e.g. ``Originate``.
        headers: further ``(name, value)`` pairs in order.
        expect: how the PBX answers it (see :class:`Expect`).
    """

    name: str
    headers: tuple[tuple[str, str], ...] = ()
    expect: Expect = Expect.RESPONSE

    def wire_headers(self, action_id: str) -> list[tuple[str, str]]:
        """``Action``, ``ActionID``, then the headers, as they go on the wire."""
        return [("Action", self.name), ("ActionID", action_id), *self.headers]

    def __repr__(self) -> str:  # never show a Secret or Key
        shown = ", ".join(
            f"{n}={'********' if n.lower() in ('secret', 'key') else v!r}" for n, v in self.headers
        )
        return f"Action({self.name}: {shown})"


def login(username: str, secret: str, events: str = DEFAULT_EVENT_MASK) -> Action:
    """Plain-text login (``Secret``); use only when the PBX offers no MD5 challenge."""
    return Action("Login", (("Username", username), ("Secret", secret), ("Events", events)))


def challenge() -> Action:
    """Ask for an MD5 challenge (``AuthType: MD5``)."""
    return Action("Challenge", (("AuthType", "MD5"),))


def md5_key(challenge_text: str, secret: str) -> str:
    """``md5(challenge + secret)`` in lower-case hex, as Asterisk compares it (§2.2)."""
    return hashlib.md5((challenge_text + secret).encode("utf-8")).hexdigest()


def login_md5(
    username: str, challenge_text: str, secret: str, events: str = DEFAULT_EVENT_MASK
) -> Action:
    """Login with ``AuthType: MD5``: the secret itself never crosses the wire."""
    return Action(
        "Login",
        (
            ("AuthType", "MD5"),
            ("Username", username),
            ("Key", md5_key(challenge_text, secret)),
            ("Events", events),
        ),
    )


def logoff() -> Action:
    return Action("Logoff")


def ping() -> Action:
    return Action("Ping")


def events(mask: str) -> Action:
    return Action("Events", (("EventMask", mask),))


def originate(
    channel: str,
    context: str,
    exten: str,
    *,
    priority: int | str = 1,
    timeout_ms: int = 30000,
    caller_id: str | None = None,
    asynchronous: bool = True,
    variables: dict[str, str] | None = None,
) -> Action:
    """The seed's click-to-dial Originate (§1.2), with ``Async: true`` by default.

    A synchronous Originate blocks the whole AMI session (Ping included) until
    the phone answers (ami-protocol.md §2.6.2), so a GUI always sends Async and
    waits for the ``OriginateResponse``.
    """
    headers: list[tuple[str, str]] = [
        ("Channel", channel),
        ("Context", context),
        ("Exten", exten),
        ("Priority", str(priority)),
        ("Timeout", str(timeout_ms)),
    ]
    if caller_id:
        headers.append(("CallerID", caller_id))
    if asynchronous:
        headers.append(("Async", "true"))
    for name, value in (variables or {}).items():
        if "," in value:
            raise ValueError("an Originate variable value must not contain a comma")
        headers.append(("Variable", f"{name}={value}"))
    return Action(
        "Originate", tuple(headers), Expect.ORIGINATE if asynchronous else Expect.RESPONSE
    )


def redirect(channel: str, context: str, exten: str, priority: int | str = 1) -> Action:
    """Move a live channel to ``exten@context`` (the seed's transfer, §1.5)."""
    return Action(
        "Redirect",
        (("Channel", channel), ("Context", context), ("Exten", exten), ("Priority", str(priority))),
    )


def hangup(channel: str, cause: int | None = None) -> Action:
    headers: list[tuple[str, str]] = [("Channel", channel)]
    if cause is not None:
        headers.append(("Cause", str(cause)))
    return Action("Hangup", tuple(headers))


def command(cli: str) -> Action:
    """A CLI command. 1.8 answers ``Response: Follows`` with a raw body; 14+ ``Output:`` lines."""
    return Action("Command", (("Command", cli),))


def status() -> Action:
    return Action("Status", (), Expect.LIST)


def core_show_channels() -> Action:
    return Action("CoreShowChannels", (), Expect.LIST)


# -- the operator console ----------------------------------------------------------------
# Wire facts: ../shared/captures-asterisk18/README.md (1.8) and ../shared/asterisk/README.md
# "Operator console" (22). Where the dialects name a header differently, both names are
# sent: each Asterisk reads its own and ignores the other.


def extension_state(exten: str, context: str) -> Action:
    """One extension's hint state. An unknown extension still answers Success with
    ``Status: -1`` and an empty ``Hint`` (1.8 and 22)."""
    return Action("ExtensionState", (("Exten", exten), ("Context", context)))


def extension_state_list() -> Action:
    """Every hint's state at once (Asterisk 13+; 1.8 answers ``Invalid/unknown command``)."""
    return Action("ExtensionStateList", (), Expect.LIST)


def sip_peers() -> Action:
    """chan_sip's peers (``PeerEntry`` items, ``PeerlistComplete``): MyPBX's extensions."""
    return Action("SIPpeers", (), Expect.LIST)


def sip_show_peer(peer: str) -> Action:
    """One chan_sip peer's details; ``Callerid: "Ext 474" <474>`` names it (1.8)."""
    return Action("SIPshowpeer", (("Peer", peer),))


def pjsip_show_endpoint(endpoint: str) -> Action:
    """One PJSIP endpoint's details (``EndpointDetail`` with ``Callerid``, …)."""
    return Action("PJSIPShowEndpoint", (("Endpoint", endpoint),), Expect.LIST)


def pjsip_show_endpoints() -> Action:
    """PJSIP endpoints (``EndpointList`` items, ``EndpointListComplete``)."""
    return Action("PJSIPShowEndpoints", (), Expect.LIST)


def park(channel: str, parker: str, *, timeout_ms: int | None = None) -> Action:
    """Park ``channel`` (the caller); ``parker`` is the receptionist's leg.

    1.8 calls the parker ``Channel2`` and hangs it up; 22 calls it
    ``TimeoutChannel``: it hears the slot number, is hung up, and is rung again
    when the park times out. ``Timeout`` is in milliseconds; the events report
    seconds.
    """
    headers: list[tuple[str, str]] = [
        ("Channel", channel),
        ("Channel2", parker),
        ("TimeoutChannel", parker),
    ]
    if timeout_ms is not None:
        headers.append(("Timeout", str(timeout_ms)))
    return Action("Park", tuple(headers))


def voicemail_users_list() -> Action:
    """Every mailbox with its owner's full name (``VoicemailUserEntry`` items)."""
    return Action("VoicemailUsersList", (), Expect.LIST)


def parked_calls() -> Action:
    return Action("ParkedCalls", (), Expect.LIST)


def blind_transfer(channel: str, exten: str, context: str) -> Action:
    """Asterisk 12+: ``channel``'s *other party* goes to ``exten@context``; ``channel``
    (the transferer) is hung up."""
    return Action("BlindTransfer", (("Channel", channel), ("Exten", exten), ("Context", context)))


def atxfer(channel: str, exten: str, context: str) -> Action:
    """Attended transfer: ``channel``'s other party waits (on hold) while ``channel``
    consults ``exten``. Asterisk queues the atxfer feature code and the digits as DTMF:
    it needs the code in features.conf and the call dialled with ``tT``. A trailing
    ``#`` dials at once instead of after the digit timeout."""
    return Action("Atxfer", (("Channel", channel), ("Exten", exten), ("Context", context)))


def cancel_atxfer(channel: str) -> Action:
    """Asterisk 13+: back to the caller from an attended transfer's consultation."""
    return Action("CancelAtxfer", (("Channel", channel),))


def originate_application(
    channel: str,
    application: str,
    data: str,
    *,
    timeout_ms: int = 30000,
    caller_id: str | None = None,
) -> Action:
    """Ring ``channel`` (her phone); once answered, run ``application(data)`` on it,
    e.g. ``PickupChan`` with the ringing channel to take a colleague's call."""
    headers: list[tuple[str, str]] = [
        ("Channel", channel),
        ("Application", application),
        ("Data", data),
        ("Timeout", str(timeout_ms)),
    ]
    if caller_id:
        headers.append(("CallerID", caller_id))
    headers.append(("Async", "true"))
    return Action("Originate", tuple(headers), Expect.ORIGINATE)


def queue_status(queue: str | None = None) -> Action:
    """``QueueParams``, ``QueueMember`` and ``QueueEntry`` items, then ``QueueStatusComplete``."""
    return Action("QueueStatus", (("Queue", queue),) if queue else (), Expect.LIST)


def queue_pause(
    interface: str, paused: bool, *, queue: str | None = None, reason: str = ""
) -> Action:
    headers: list[tuple[str, str]] = [
        ("Interface", interface),
        ("Paused", "true" if paused else "false"),
    ]
    if queue:
        headers.append(("Queue", queue))
    if reason:
        headers.append(("Reason", reason))
    return Action("QueuePause", tuple(headers))


def queue_add(queue: str, interface: str, *, member_name: str = "") -> Action:
    headers: list[tuple[str, str]] = [("Queue", queue), ("Interface", interface)]
    if member_name:
        headers.append(("MemberName", member_name))
    return Action("QueueAdd", tuple(headers))


def queue_remove(queue: str, interface: str) -> Action:
    return Action("QueueRemove", (("Queue", queue), ("Interface", interface)))


def mailbox_count(mailbox: str) -> Action:
    """``NewMessages``/``OldMessages`` (and 1.8+ ``UrgMessages``) of ``474@default``."""
    return Action("MailboxCount", (("Mailbox", mailbox),))
