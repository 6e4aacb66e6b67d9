"""Replaying recorded AMI streams through ``Parser`` and ``CallTracker``.

The streams are the real captures (``tests/data/captures18``, ``tests/data/asterisk22``)
and the scripted ``tests/data/calls/*.ami``. Two conventions of the scripted files
are played by this harness, as the client glue would:

* ``Event: X-TestClock`` / ``Advance: <s>``: the fake clock moves on (not AMI;
  the tracker must ignore it like any unknown event);
* a ``Response: Follows`` with ``ActionID: dahdi-<port>``: the answer to the
  look-up the tracker asked for; it goes to ``resolve_dahdi``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mypbxdesk.ami import CLOSED, NEED_DATA, Banner, Kind, Message, Parser
from mypbxdesk.calls import CallChange, CallTracker, MyPhone

DATA = Path(__file__).resolve().parent.parent / "data"
STEP = 0.01  # clock seconds per message
A22 = "asterisk22/asterisk22-scenario.A.from-asterisk.raw"


def load(relpath: str) -> bytes:
    return (DATA / relpath).read_bytes()


def messages(data: bytes, *, bytewise: bool = False) -> Iterator[Message]:
    """Every message of a server stream (the banner skipped), fed whole or byte by byte."""
    parser = Parser(expect_banner=True)
    chunks: Iterable[bytes] = (data[i : i + 1] for i in range(len(data))) if bytewise else (data,)
    for chunk in (*chunks, b""):
        parser.feed(chunk)
        while True:
            item = parser.next()
            if item is NEED_DATA or item is CLOSED:
                break
            if isinstance(item, Banner):
                continue
            assert isinstance(item, Message)
            yield item
    assert parser.buffered == 0


class FakeClock:
    def __init__(self, start: float = 1_795_822_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class Replay:
    tracker: CallTracker
    clock: FakeClock
    changes: list[CallChange]
    lookups: list[str]


def replay(
    data: bytes,
    phone: MyPhone,
    *,
    bytewise: bool = False,
    resync_lists: bool = False,
    linger: float = 5.0,
    only: frozenset[str] | None = None,
    originate: str | None = None,
) -> Replay:
    """Feed a stream to a fresh tracker the way the client glue does.

    ``resync_lists``: hand every complete CoreShowChannels/Status list (not a
    one-channel Status) to ``resync`` as a reconnect would.
    ``only``: apply only the events with these names (any case), as a client
    that drops all other events unparsed; the clock still moves for each.
    ``originate``: ``expect_originate`` this number before the stream starts.
    """
    clock = FakeClock()
    tracker = CallTracker(phone, clock=clock, linger=linger)
    wanted = None if only is None else {name.lower() for name in only}
    if originate is not None:
        tracker.expect_originate(originate)
    changes: list[CallChange] = []
    lookups: list[str] = []
    items: list[Message] = []
    for msg in messages(data, bytewise=bytewise):
        clock.now += STEP
        if msg.is_event("X-TestClock"):
            clock.now += float(msg.get("Advance") or 0)
            changes.extend(tracker.tick())
        action_id = msg.action_id or ""
        if msg.name == "Follows" and action_id.startswith("dahdi-"):
            changes.extend(tracker.resolve_dahdi(action_id[6:], msg.output))
            continue
        if resync_lists and msg.name in ("CoreShowChannel", "Status"):
            items.append(msg)
        if resync_lists and msg.name in ("CoreShowChannelsComplete", "StatusComplete"):
            if action_id != "status-one":
                changes.extend(tracker.resync(items))
            items = []
        if wanted is None or msg.kind is not Kind.EVENT or msg.name.lower() in wanted:
            changes.extend(tracker.apply(msg))
        lookups.extend(f"{lk.port}:{lk.channel}" for lk in tracker.lookups_needed())
    clock.now += 60
    changes.extend(tracker.tick())
    return Replay(tracker, clock, changes, lookups)


def summary(changes: Iterable[CallChange]) -> list[tuple[object, ...]]:
    """(event, direction, number, name, outcome, transferred_to) per change."""
    return [
        (
            c.event.value,
            c.call.direction.value,
            c.call.number,
            c.call.name,
            c.call.outcome,
            c.call.transferred_to,
        )
        for c in changes
    ]
