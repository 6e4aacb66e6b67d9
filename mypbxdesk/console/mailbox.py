"""Voicemail counts: how many new and old messages each mailbox holds.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

Usage::

    watch = MailboxWatch()
    watch.apply(response)        # the answer to MailboxCount 474@default
    for count in watch.apply(message):   # MessageWaiting events
        print(count.mailbox, count.new)

Wire facts (../shared/captures-asterisk18/README.md c6-mailbox;
../shared/asterisk/README.md, the AMI actions):

* ``MailboxCount`` answers (1.8 and 22) ``Message: Mailbox Message Count``,
  ``Mailbox``, ``UrgMessages``, ``NewMessages``, ``OldMessages``. A mailbox that
  does not exist gets zeros, not an error (c6 ``999@default``). The answer
  echoes the mailbox as asked: ``474`` without a context stays ``474`` on the
  wire; it is the ``default`` context, so it is kept as ``474@default``.
* ``MessageWaiting`` (``Mailbox: 474@default``, ``Waiting: 1``, ``New: 1``,
  ``Old: 0``) comes when a message is left or read; after it, c6's
  ``MailboxCount`` says 1 new. Urgent messages are not in the captures: 12+
  publishes new + urgent as ``New`` (1.8's app_voicemail sends the non-urgent
  count), so the urgent count known from the last ``MailboxCount`` is kept
  within ``New``; a client that needs exact urgent counts asks ``MailboxCount``
  after a ``MessageWaiting``. A ``MessageWaiting`` without ``New``/``Old`` (older
  Asterisk, other MWI sources) says only whether something waits: ``Waiting: 0``
  means nothing new; ``Waiting: 1`` keeps the known count, at least 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from ..ami.message import Kind, Message
from . import fields

#: How many mailboxes are remembered at most.
MAX_MAILBOXES = 10_000
_MAX_COUNT = 10**6


@dataclass(frozen=True, slots=True)
class MailboxCount:
    """One mailbox's messages.

    Attributes:
        mailbox: ``474@default`` (a mailbox without context is in ``default``).
        new: new messages that are not urgent.
        old: messages already listened to.
        urgent: new urgent messages.
    """

    mailbox: str
    new: int = 0
    old: int = 0
    urgent: int = 0

    @property
    def waiting(self) -> bool:
        """True when anything new waits (the phone's message lamp)."""
        return self.new + self.urgent > 0


def mailbox_key(mailbox: str | None) -> str:
    """``474`` → ``474@default``; ``474@Sales`` stays as it is; ``""`` for nothing."""
    text = fields.text(mailbox)
    if not text:
        return ""
    box, at, context = text.partition("@")
    return f"{box}@{context or 'default'}" if at else f"{text}@default"


def _count(value: str | None) -> int | None:
    number = fields.integer(value)
    if number is None or number < 0:
        return None
    return min(number, _MAX_COUNT)


def parse_mailbox_count(msg: Message) -> MailboxCount | None:
    """The counts in a ``MailboxCount`` response (1.8 and 22), else None
    (an error, another response, a response without ``NewMessages``)."""
    if not msg.is_success:
        return None
    mailbox = mailbox_key(msg.get("Mailbox"))
    new = _count(msg.get("NewMessages"))
    if not mailbox or new is None:
        return None
    return MailboxCount(
        mailbox,
        new=new,
        old=_count(msg.get("OldMessages")) or 0,
        urgent=_count(msg.get("UrgMessages")) or 0,
    )


class MailboxWatch:
    """The message counts of the mailboxes seen so far. Pure: no I/O."""

    #: Exactly the AMI events :meth:`apply` reads (besides ``MailboxCount`` responses).
    wanted_events: ClassVar[frozenset[str]] = frozenset({"MessageWaiting"})

    def __init__(self) -> None:
        self._counts: dict[str, MailboxCount] = {}

    @property
    def counts(self) -> list[MailboxCount]:
        """Every mailbox seen, by name."""
        return [self._counts[key] for key in sorted(self._counts)]

    def count(self, mailbox: str) -> MailboxCount | None:
        """The counts of ``mailbox`` (``474`` or ``474@default``), None when never seen."""
        return self._counts.get(mailbox_key(mailbox))

    def apply(self, msg: Message) -> list[MailboxCount]:
        """Feed a ``MessageWaiting`` event or a ``MailboxCount`` response (any other
        message is ignored); returns the counts that changed. Never raises."""
        if msg.kind is Kind.RESPONSE:
            parsed = parse_mailbox_count(msg)
            return [] if parsed is None else self._store(parsed)
        if msg.kind is not Kind.EVENT or msg.name.lower() != "messagewaiting":
            return []
        mailbox = mailbox_key(msg.get("Mailbox"))
        if not mailbox:
            return []
        old = self._counts.get(mailbox, MailboxCount(mailbox))
        new_total = _count(msg.get("New"))
        old_count = _count(msg.get("Old"))
        if new_total is None:
            waiting = fields.integer(msg.get("Waiting"))
            if waiting is None:
                return []
            known = old.new + old.urgent
            new_total = 0 if waiting <= 0 else max(known, 1)
        urgent = min(old.urgent, new_total)
        count = MailboxCount(
            mailbox,
            new=new_total - urgent,
            old=old.old if old_count is None else old_count,
            urgent=urgent,
        )
        return self._store(count)

    def resync(self, responses: Iterable[Message]) -> list[MailboxCount]:
        """Take the ``MailboxCount`` answers asked for after a (re)login; returns
        the counts that changed."""
        out: list[MailboxCount] = []
        for msg in responses:
            parsed = parse_mailbox_count(msg)
            if parsed is not None:
                out.extend(self._store(parsed))
        return out

    def _store(self, count: MailboxCount) -> list[MailboxCount]:
        if self._counts.get(count.mailbox) == count:
            return []
        if count.mailbox not in self._counts and len(self._counts) >= MAX_MAILBOXES:
            return []
        self._counts[count.mailbox] = count
        return [count]
