"""Asterisk 22's transfer events: BlindTransfer, AttendedTransfer, the Local channel's
LocalBridge and LocalOptimizationBegin/End, BridgeMerge.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Layouts: console-blindxfer, console-atxfer (../shared/asterisk/transcripts) and
``blind_transfer_to_ami``/``attended_transfer_to_ami`` in 22's stasis_bridges.c. 1.8
has none of these: its transfers show as masquerades and Bridge/Unlink events.
"""

from __future__ import annotations

from .accounts import Perm
from .dialect22 import bridge_pairs, snapshot
from .dialects import PbxEvent, event
from .model import Channel

CALL = Perm.CALL


def blind_transfer(
    result: str,
    transferer: Channel,
    transferee: Channel | None,
    bridge: tuple[str, int] | None,
    context: str,
    exten: str,
) -> PbxEvent:
    pairs = [("Result", result), *snapshot(transferer, "Transferer")]
    if transferee is not None:
        pairs += snapshot(transferee, "Transferee")
    if bridge is not None:
        pairs += bridge_pairs(*bridge)
    pairs += [("IsExternal", "Yes"), ("Context", context), ("Extension", exten)]
    return event("BlindTransfer", CALL, pairs)


def attended_transfer(
    transferer: Channel,
    orig: tuple[str, int],
    second: tuple[str, int],
    transferee: Channel,
    target: Channel,
) -> PbxEvent:
    """``DestType: Bridge``: the consultation bridge merges into the original one."""
    pairs = [
        ("Result", "Success"),
        *snapshot(transferer, "OrigTransferer"),
        *bridge_pairs(*orig, prefix="Orig"),
        *snapshot(transferer, "SecondTransferer"),
        *bridge_pairs(*second, prefix="Second"),
        *snapshot(transferee, "Transferee"),
        *snapshot(target, "TransferTarget"),
        ("IsExternal", "No"),
        ("DestType", "Bridge"),
        ("DestBridgeUniqueid", orig[0]),
    ]
    return event("AttendedTransfer", CALL, pairs)


def local_bridge(one: Channel, two: Channel, context: str, exten: str) -> PbxEvent:
    pairs = [
        *snapshot(one, "LocalOne"),
        *snapshot(two, "LocalTwo"),
        ("Context", context),
        ("Exten", exten),
        ("LocalOptimization", "Yes"),
    ]
    return event("LocalBridge", CALL, pairs)


def local_optimization(
    begin: bool, one: Channel, two: Channel, source: Channel, ident: int
) -> PbxEvent:
    head = [*snapshot(one, "LocalOne"), *snapshot(two, "LocalTwo")]
    if begin:
        tail = [*snapshot(source, "Source"), ("DestUniqueId", two.uniqueid), ("Id", str(ident))]
        return event("LocalOptimizationBegin", CALL, [*head, *tail])
    return event("LocalOptimizationEnd", CALL, [*head, ("Success", "Yes"), ("Id", str(ident))])


def bridge_merge(to: tuple[str, int], source: tuple[str, int]) -> PbxEvent:
    pairs = [*bridge_pairs(*to, prefix="To"), *bridge_pairs(*source, prefix="From")]
    return event("BridgeMerge", CALL, pairs)
