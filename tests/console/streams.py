"""The recorded console streams of both dialects, as Messages, and a fake clock.

``tests/data/captures18/c*.from-pbx.raw`` (Asterisk 1.8.32.3, chan_sip) and
``tests/data/asterisk22/console-*.A.from-asterisk.raw`` (Asterisk 22, PJSIP):
byte-exact server streams, described in ../shared/captures-asterisk18/README.md
and ../shared/asterisk/README.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

from mypbxdesk.ami import CLOSED, NEED_DATA, Banner, Kind, Message, Parser

DATA = Path(__file__).resolve().parent.parent / "data"
STEP = 0.01  # clock seconds per message

C1 = "captures18/c1-extensionstate-blf.from-pbx.raw"
C2A = "captures18/c2a-park-retrieve.from-pbx.raw"
C3A = "captures18/c3a-pickupchan.from-pbx.raw"
C4 = "captures18/c4-queue.from-pbx.raw"
C6 = "captures18/c6-mailbox.from-pbx.raw"
C8_STATUS = "captures18/8-status-coreshowchannels-ping-events.from-pbx.raw"
BLF = "asterisk22/console-blf.A.from-asterisk.raw"
PARK = "asterisk22/console-park.A.from-asterisk.raw"
QUEUE = "asterisk22/console-queue.A.from-asterisk.raw"
PICKUP = "asterisk22/console-pickup.A.from-asterisk.raw"
PICKUP_474 = "asterisk22/console-pickup-474.A.from-asterisk.raw"
ATXFER = "asterisk22/console-atxfer.A.from-asterisk.raw"
BLINDXFER = "asterisk22/console-blindxfer.A.from-asterisk.raw"
RINGGROUP = "asterisk22/console-ringgroup.A.from-asterisk.raw"

#: Every console stream of both dialects.
CONSOLE = (C1, C2A, C3A, C4, C6, BLF, PARK, QUEUE, PICKUP, PICKUP_474, ATXFER, BLINDXFER, RINGGROUP)
#: And the other real captures, for the properties.
ALL = tuple(
    sorted(
        str(p.relative_to(DATA))
        for pattern in ("captures18/*.from-pbx.raw", "asterisk22/*.from-asterisk.raw")
        for p in DATA.glob(pattern)
    )
)


def _parse(data: bytes) -> Iterator[Message]:
    parser = Parser(expect_banner=True)
    for chunk in (data, b""):
        parser.feed(chunk)
        while True:
            item = parser.next()
            if item is NEED_DATA or item is CLOSED:
                break
            if isinstance(item, Banner):
                continue
            assert isinstance(item, Message)
            yield item


@cache
def stream(relpath: str) -> tuple[Message, ...]:
    """Every message of a recorded server stream (the banner skipped)."""
    return tuple(_parse((DATA / relpath).read_bytes()))


class FakeClock:
    def __init__(self, start: float = 1_796_180_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def event(name: str, *headers: tuple[str, str]) -> Message:
    """An event built from headers (``Message(pairs)``)."""
    return Message((("Event", name), *headers))


def kept(msg: Message, wanted: frozenset[str] | None) -> bool:
    """Whether a client that drops every broadcast event not in ``wanted`` (lower
    case; None: keep all) would still hand ``msg`` to a model: all responses,
    every list item (an event with an ActionID, which the client routes by
    ActionID to ``resync``), and the events named in ``wanted``."""
    return (
        wanted is None
        or msg.kind is not Kind.EVENT
        or msg.action_id is not None
        or msg.name.lower() in wanted
    )


def play(
    msgs: Iterable[Message],
    clock: FakeClock,
    apply: Callable[[Message], Sequence[object]],
    resync: Callable[[list[Message]], Sequence[object]] | None = None,
    *,
    items: frozenset[str] = frozenset(),
    complete: frozenset[str] = frozenset(),
    wanted: Iterable[str] | None = None,
) -> list[tuple[float, str, object]]:
    """Feed a stream as the client glue does: every message to ``apply`` (the
    clock moves :data:`STEP` per message), and every list whose items are named
    in ``items`` to ``resync`` when its ``complete`` event arrives. With
    ``wanted``, only the messages :func:`kept` keeps reach the model (the clock
    moves for the others too).

    Returns ``(clock, message name, change)`` for every change.
    """
    out: list[tuple[float, str, object]] = []
    pending: list[Message] = []
    keep = None if wanted is None else frozenset(name.lower() for name in wanted)
    for msg in msgs:
        clock.now += STEP
        if not kept(msg, keep):
            continue
        if resync is not None and msg.kind is Kind.EVENT:
            if msg.name in items and msg.action_id is not None:
                pending.append(msg)
            elif msg.name in complete:
                out.extend((clock.now, msg.name, c) for c in resync(pending))
                pending = []
        out.extend((clock.now, msg.name, c) for c in apply(msg))
    return out
