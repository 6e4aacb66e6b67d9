"""Click-to-dial: the seed's Originate from the user's phone, and what came of it.

Application service on top of the AMI client (asyncio; no Qt). Shared by
``mypbxdesk dial`` and the dialer window, so both send the same bytes and
explain failures in the same plain words.

The call is placed as in the seed (§1.2): ``Channel: SIP/503`` (or
``DAHDI/<port>`` for an analog phone), ``Context: DLPN_DialPlan503``,
``Exten: <number>``, ``Priority: 1``, ``Timeout``, ``CallerID``, ``ActionID``
— plus ``Async: true``, because a synchronous Originate blocks the whole AMI
session (keepalive included) until the phone answers (ami-protocol.md §2.6.2).
The PBX first rings the user's own phone; when it is picked up, the PBX dials
the number. ``OriginateResponse`` says which of the two happened.

The number arrives as a :class:`~mypbxdesk.base.numbers.DialNumber`: cleaned
once, at the edge (dialer, command line, hand-over), and never cleaned again
here. :func:`build_originate` refuses anything else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import ActionResult, Expect
from ..ami.errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    ConnectionLost,
    InvalidAction,
    NotConnected,
)
from ..ami.message import Message
from ..base.numbers import DialNumber
from ..base.text import Msg, template
from ..driver.connection import describe_failure
from ..settings.config import Settings

#: How a caller sends an action: ``AmiConnection.send`` or ``AmiClient.send``.
SendFunc = Callable[..., Awaitable[ActionResult]]

_REFUSALS = {
    "permission denied": template(
        "the PBX refused: this AMI user may not place calls "
        "(it needs the 'originate' write permission)"
    ),
    "extension does not exist": template(
        "the PBX says that number does not exist in the dial plan"
    ),
}


@dataclass(frozen=True, slots=True)
class DialResult:
    """What happened to a click-to-dial request.

    Attributes:
        ok: the user's phone was rung and picked up, and the PBX is dialling.
        number: the number that was dialled.
        message: one sentence for the user (a :class:`~mypbxdesk.base.text.Msg`, or the
            PBX's own words).
        reason: ``OriginateResponse`` ``Reason`` code, if any.
    """

    ok: bool
    number: DialNumber
    message: str
    reason: str | None = None


def build_originate(settings: Settings, number: DialNumber) -> Action:
    """The Originate for dialling ``number`` from the user's phone.

    Raises:
        TypeError: ``number`` is not a :class:`DialNumber` (a plain string was
            never cleaned; nothing is sent).
        InvalidAction: a configured channel/context that AMI cannot carry.
    """
    if not isinstance(number, DialNumber):
        raise TypeError(f"a DialNumber (from clean_number) is needed, not {type(number).__name__}")
    caller_id = settings.caller_id or settings.extension
    return actions.originate(
        settings.dial_channel,
        settings.dial_context,
        number,
        priority=1,
        timeout_ms=settings.originate_timeout_ms,
        caller_id=caller_id,
        asynchronous=True,
    )


def ringing_text(settings: Settings, number: str) -> Msg:
    return Msg.of(
        "Calling your phone {extension} — pick up to connect to {number}",
        extension=settings.extension,
        number=number,
    )


async def dial(
    send: SendFunc,
    settings: Settings,
    number: DialNumber,
    *,
    on_phone_ringing: Callable[[str], None] | None = None,
    wait_for_answer: bool = True,
) -> DialResult:
    """Place a click-to-dial call and report the outcome (never raises AMI errors).

    Args:
        send: ``AmiConnection.send`` or ``AmiClient.send``.
        number: the number to dial, cleaned at the edge (``clean_number``).
        on_phone_ringing: called with :func:`ringing_text` once the PBX queued it.
        wait_for_answer: wait for the ``OriginateResponse`` (the phone picked up or
            not); when False, a queued Originate counts as success.

    Raises:
        TypeError: ``number`` is not a :class:`DialNumber`; nothing is sent.
    """
    action = build_originate(settings, number)
    if not wait_for_answer:
        action = Action(action.name, action.headers, Expect.RESPONSE)

    def acked(_: Message) -> None:
        if on_phone_ringing is not None:
            on_phone_ringing(ringing_text(settings, number))

    # The PBX rings for Timeout ms before giving up; allow for its own delays.
    timeout = settings.originate_timeout_ms / 1000 + 15
    try:
        result = await send(action, timeout=timeout, check=False, on_ack=acked)
    except NotConnected as exc:
        return DialResult(False, number, str(exc))
    except ConnectionLost as exc:
        return DialResult(
            False, number, Msg.of("the connection to the PBX was lost ({reason})", reason=str(exc))
        )
    except ActionTimeout:
        return DialResult(False, number, Msg.of("the PBX did not say whether the call was placed"))
    except InvalidAction as exc:
        return DialResult(False, number, Msg.of("not sent: {reason}", reason=str(exc)))
    except ActionFailed as exc:  # pragma: no cover - send(check=False) does not raise it
        return DialResult(False, number, exc.message)
    except AmiError as exc:
        return DialResult(False, number, str(exc))
    if not wait_for_answer:
        if result.response.is_success:
            acked(result.response)
            return DialResult(True, number, ringing_text(settings, number))
        return DialResult(False, number, _plain(describe_failure(action, result)))
    reason = result.final.get("Reason") if result.final is not None else None
    if result.ok:
        return DialResult(
            True,
            number,
            Msg.of(
                "Connected: your phone {extension} is now calling {number}",
                extension=settings.extension,
                number=number,
            ),
            reason,
        )
    return DialResult(False, number, _plain(describe_failure(action, result)), reason)


def _plain(text: str) -> str:
    lower = text.lower()
    for key, words in _REFUSALS.items():
        if key in lower:
            return Msg.of(words)
    return text


__all__ = ["DialResult", "build_originate", "dial", "ringing_text"]
