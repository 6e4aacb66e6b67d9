"""Real AMI events (shapes from the 1.8 captures c1, c2a, c4, c6) for the console's models.

Fed through ``ConsoleService._on_event`` exactly as the client would hand them
over, so the widgets show what they would show on a MyPBX.
"""

from __future__ import annotations

import itertools

from mypbxdesk.ami.message import Message
from mypbxdesk.ui.bridge import PbxBridge

_ids = itertools.count(100)


def event(name: str, **headers: str) -> Message:
    return Message((("Event", name), ("Privilege", "call,all"), *headers.items()))


def feed(bridge: PbxBridge, *messages: Message) -> None:
    console = bridge.console
    assert console is not None
    for msg in messages:
        console._on_event(msg)


def state(ext: str, status: int) -> Message:
    """``ExtensionStatus`` (1.8: no StatusText): 0 idle, 1 in use, 2 busy, 4 unavailable,
    8 ringing, 9 in use + ringing, 16 on hold, -1 no hint."""
    return event(
        "ExtensionStatus", Exten=ext, Context="hints", Hint=f"SIP/{ext}", Status=str(status)
    )


def channel(name: str, number: str, caller_name: str, uid: str, state_desc: str = "Up") -> Message:
    codes = {"Down": "0", "Ring": "4", "Ringing": "5", "Up": "6"}
    return event(
        "Newchannel",
        Channel=name,
        ChannelState=codes[state_desc],
        ChannelStateDesc=state_desc,
        CallerIDNum=number,
        CallerIDName=caller_name,
        AccountCode="",
        Exten="",
        Context="DLPN_DialPlan",
        Uniqueid=uid,
    )


def talking(ext: str, number: str, name: str) -> list[Message]:
    """``ext`` in a call with ``number``/``name`` (c1: Newchannel ×2, Dial, Bridge, status 1)."""
    a, b = f"9{next(_ids)}.1", f"9{next(_ids)}.2"
    chan_a, chan_b = f"SIP/{number}-00000{next(_ids)}", f"SIP/{ext}-00000{next(_ids)}"
    return [
        channel(chan_a, number, name, a),
        channel(chan_b, ext, "", b),
        event(
            "Dial",
            SubEvent="Begin",
            Channel=chan_a,
            Destination=chan_b,
            CallerIDNum=number,
            CallerIDName=name,
            ConnectedLineNum="<unknown>",
            ConnectedLineName="<unknown>",
            UniqueID=a,
            DestUniqueID=b,
            Dialstring=ext,
        ),
        event(
            "Bridge",
            Bridgestate="Link",
            Bridgetype="core",
            Channel1=chan_a,
            Channel2=chan_b,
            Uniqueid1=a,
            Uniqueid2=b,
            CallerID1=number,
            CallerID2=ext,
        ),
        state(ext, 1),
    ]


def ringing(ext: str, number: str, name: str = "") -> tuple[list[Message], str]:
    """``ext`` rung by ``number``; returns the events and the ringing channel's name."""
    a, b = f"9{next(_ids)}.1", f"9{next(_ids)}.2"
    chan_a = f"SIP/trunk-sps-test1-00000{next(_ids)}"
    chan_b = f"SIP/{ext}-00000{next(_ids)}"
    return [
        channel(chan_a, number, name, a, "Ring"),
        channel(chan_b, ext, "", b, "Down"),
        event(
            "Dial",
            SubEvent="Begin",
            Channel=chan_a,
            Destination=chan_b,
            CallerIDNum=number,
            CallerIDName=name,
            ConnectedLineNum="<unknown>",
            ConnectedLineName="<unknown>",
            UniqueID=a,
            DestUniqueID=b,
            Dialstring=ext,
        ),
        state(ext, 8),
    ], chan_b


def parked(slot: str, number: str, name: str, by: str = "474", timeout: int = 45) -> Message:
    """c2a's ``ParkedCall``."""
    return event(
        "ParkedCall",
        Exten=slot,
        Channel=f"SIP/trunk-sps-test1-00000{next(_ids)}",
        Parkinglot="default",
        From=f"SIP/{by}-00000{next(_ids)}",
        Timeout=str(timeout),
        CallerIDNum=number,
        CallerIDName=name,
        ConnectedLineNum=by,
        ConnectedLineName=f"Ext {by}",
        Uniqueid=f"9{next(_ids)}.5",
    )


def queue_join(queue: str, number: str, name: str, position: int = 1) -> Message:
    """c4's ``Join``."""
    return event(
        "Join",
        Channel=f"SIP/trunk-sps-test1-00000{next(_ids)}",
        CallerIDNum=number,
        CallerIDName=name,
        ConnectedLineNum="unknown",
        ConnectedLineName="unknown",
        Queue=queue,
        Position=str(position),
        Count=str(position),
        Uniqueid=f"9{next(_ids)}.7",
    )


def waiting(mailbox: str, new: int, old: int) -> Message:
    """c6's ``MessageWaiting``."""
    return event(
        "MessageWaiting", Mailbox=mailbox, Waiting="1" if new else "0", New=str(new), Old=str(old)
    )
