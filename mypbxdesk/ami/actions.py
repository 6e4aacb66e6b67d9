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

#: Event classes a screen-pop client needs: channel, dial, bridge and hangup
#: events (call), FullyBooted and Shutdown (system), and Cdr for outgoing
#: dispositions (cdr). Not dialplan: VarSet/Newexten flood a busy PBX.
#: No spaces: Asterisk's parser would silently drop a class after ", ".
DEFAULT_EVENT_MASK = "call,system,cdr"


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
