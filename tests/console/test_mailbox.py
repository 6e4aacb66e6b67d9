"""``MailboxWatch``: voicemail counts from MailboxCount answers and MessageWaiting events."""

from __future__ import annotations

import pytest

from mypbxdesk.ami import Kind, Message
from mypbxdesk.console import MailboxCount, MailboxWatch, mailbox_key, parse_mailbox_count

from .streams import C6, event, stream


def test_c6_count_goes_from_0_to_1_on_message_waiting() -> None:
    watch = MailboxWatch()
    changes: list[tuple[str, MailboxCount]] = []
    for msg in stream(C6):
        changes.extend((msg.action_id or msg.name, c) for c in watch.apply(msg))
    assert changes == [
        ("mc-1", MailboxCount("474@default", 0, 0, 0)),
        # mc-2 asked for "474" (no context): the same mailbox, unchanged
        ("mc-3", MailboxCount("999@default", 0, 0, 0)),  # no such box: zeros, no error
        ("MessageWaiting", MailboxCount("474@default", new=1, old=0, urgent=0)),
    ]
    # mc-4 afterwards says the same: no change
    assert watch.count("474") == watch.count("474@default") == MailboxCount("474@default", 1)
    assert watch.count("474@default").waiting  # type: ignore[union-attr]
    assert watch.count("475") is None
    assert [c.mailbox for c in watch.counts] == ["474@default", "999@default"]


def test_c6_responses_parsed_and_others_refused() -> None:
    parsed = {m.action_id: parse_mailbox_count(m) for m in stream(C6) if m.kind is Kind.RESPONSE}
    assert parsed["mc-1"] == MailboxCount("474@default")
    assert parsed["mc-2"] == MailboxCount("474@default")
    assert parsed["mc-4"] == MailboxCount("474@default", new=1)
    assert parsed["mst-1"] is None  # MailboxStatus: Waiting only
    assert parsed["mst-2"] is None  # Error: Mailbox not specified
    assert parsed["login"] is None


def test_resync_takes_the_answers() -> None:
    watch = MailboxWatch()
    responses = [m for m in stream(C6) if m.kind is Kind.RESPONSE]
    assert [(c.mailbox, c.new) for c in watch.resync(responses)] == [
        ("474@default", 0),
        ("999@default", 0),
        ("474@default", 1),  # mc-4, after the voicemail was left
    ]
    assert watch.count("474") == MailboxCount("474@default", new=1)


def _mwi(*headers: tuple[str, str]) -> Message:
    return event("MessageWaiting", ("Mailbox", "474@default"), *headers)


def test_message_waiting_22_and_urgent_messages() -> None:
    """12+ MessageWaiting (same headers as 1.8) counts urgent messages in New (synthetic)."""
    watch = MailboxWatch()
    answer = Message(
        [
            ("Response", "Success"),
            ("Message", "Mailbox Message Count"),
            ("Mailbox", "474@default"),
            ("UrgMessages", "1"),
            ("NewMessages", "2"),
            ("OldMessages", "5"),
        ]
    )
    assert watch.apply(answer) == [MailboxCount("474@default", new=2, old=5, urgent=1)]
    (count,) = watch.apply(_mwi(("Waiting", "1"), ("New", "4"), ("Old", "5")))
    assert count == MailboxCount("474@default", new=3, old=5, urgent=1)
    (count,) = watch.apply(_mwi(("Waiting", "0"), ("New", "0"), ("Old", "9")))
    assert count == MailboxCount("474@default", new=0, old=9, urgent=0)
    assert not count.waiting


def test_message_waiting_without_counts() -> None:
    watch = MailboxWatch()
    (count,) = watch.apply(_mwi(("Waiting", "1")))
    assert count == MailboxCount("474@default", new=1)
    assert watch.apply(_mwi(("Waiting", "1"))) == []
    (count,) = watch.apply(_mwi(("Waiting", "0")))
    assert count == MailboxCount("474@default")
    assert watch.apply(_mwi()) == []
    assert watch.apply(event("MessageWaiting", ("Waiting", "1"))) == []


@pytest.mark.parametrize(
    ("given", "key"),
    [("474", "474@default"), ("474@default", "474@default"), ("474@Sales", "474@Sales"),
     ("474@", "474@default"), (" 474 ", "474@default"), ("", ""), (None, "")],
)  # fmt: skip
def test_mailbox_key(given: str | None, key: str) -> None:
    assert mailbox_key(given) == key
