"""AMI messages: ordered, repeatable, case-insensitive headers.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

An AMI message is a list of ``Name: value`` lines. Names repeat (``Variable``,
``ChanVariable``, ``Output``), their case varies between events of one PBX
(``Uniqueid`` in Newchannel, ``UniqueID`` in Dial and Cdr, ``CallerIDnum`` in
CoreShowChannel), and Asterisk itself looks names up case-insensitively with
the *first* occurrence winning. :class:`Message` keeps the lines in order and
offers exactly that lookup.

A 1.8 ``Response: Follows`` (``Action: Command`` on Asterisk <= 13 and MyPBX)
carries a raw CLI body instead of headers; a 14+ ``Command`` answer carries the
same text as repeated ``Output:`` headers. :attr:`Message.output` gives the
command's lines for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import Enum

#: Header names whose values are secrets. They are redacted wherever a message
#: is shown (``repr``, wire log, AMI log window).
SECRET_HEADERS = frozenset({"secret", "key"})
REDACTED = "********"


class Kind(Enum):
    """What a message is, from its first ``Event``/``Response``/``Action`` header."""

    EVENT = "event"
    RESPONSE = "response"
    ACTION = "action"
    UNKNOWN = "unknown"


_KIND_BY_HEADER = {"event": Kind.EVENT, "response": Kind.RESPONSE, "action": Kind.ACTION}


class Message:
    """One AMI message.

    Attributes:
        headers: the ``(name, value)`` pairs in wire order. A line without a
            colon (Yeastar's ``--END SMS EVENT--``) is kept with the name ``""``.
        body: the raw CLI lines of a ``Response: Follows``, else ``()``.
        kind: event, response, action or unknown (no such header at all).
        name: the value of that header: ``"Newchannel"``, ``"Success"``,
            ``"Originate"``; ``""`` for an unknown message.
    """

    __slots__ = ("_index", "body", "headers", "kind", "name")

    def __init__(self, headers: Sequence[tuple[str, str]], body: Sequence[str] = ()) -> None:
        self.headers: tuple[tuple[str, str], ...] = tuple(headers)
        self.body: tuple[str, ...] = tuple(body)
        self._index: dict[str, str] | None = None  # built on first lookup
        kind = Kind.UNKNOWN
        name = ""
        # The kind comes from the first of Event/Response/Action that occurs:
        # Asterisk writes it first, but the spec promises no order.
        for hname, value in self.headers:
            k = _KIND_BY_HEADER.get(hname.lower())
            if k is not None:
                kind, name = k, value
                break
        self.kind = kind
        self.name = name

    def _lookup(self) -> dict[str, str]:
        index = self._index
        if index is None:
            # First occurrence wins, as in Asterisk's own lookup (reversed fill).
            index = self._index = {n.lower(): v for n, v in reversed(self.headers)}
        return index

    # -- lookup ---------------------------------------------------------------
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name`` (any case), or ``default``."""
        return self._lookup().get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        try:
            return self._lookup()[name.lower()]
        except KeyError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lookup()

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name`` (any case), in wire order."""
        key = name.lower()
        return [v for n, v in self.headers if n.lower() == key]

    def first(self, *names: str, default: str = "") -> str:
        """The value of the first of ``names`` that is present, else ``default``.

        For fields whose name changed between dialects, e.g.
        ``msg.first("DestChannel", "Destination")``.
        """
        index = self._lookup()
        for name in names:
            value = index.get(name.lower())
            if value is not None:
                return value
        return default

    @property
    def action_id(self) -> str | None:
        return self._lookup().get("actionid")

    @property
    def event(self) -> str | None:
        """The event name, or None when this is not an event."""
        return self.name if self.kind is Kind.EVENT else None

    def is_event(self, name: str) -> bool:
        """True for an event called ``name`` (compared case-insensitively)."""
        return self.kind is Kind.EVENT and self.name.lower() == name.lower()

    @property
    def is_success(self) -> bool:
        """A response that is not an error (``Success``, ``Follows``, ``Goodbye``, 1.4 ``Pong``)."""
        return self.kind is Kind.RESPONSE and self.name.lower() != "error"

    @property
    def is_error(self) -> bool:
        return self.kind is Kind.RESPONSE and self.name.lower() == "error"

    @property
    def message_text(self) -> str:
        """The ``Message:`` header, stripped of the stray LF some 12+ handlers add."""
        return (self._lookup().get("message") or "").strip()

    @property
    def output(self) -> list[str]:
        """The lines a ``Command`` printed, for both formats.

        1.8/MyPBX: the raw ``Response: Follows`` body. 14+: the ``Output:``
        headers. Either way a list of lines without line ends.
        """
        if self.body:
            return list(self.body)
        return self.get_all("Output")

    # -- equality and display -------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.headers == other.headers and self.body == other.body

    def __hash__(self) -> int:
        return hash((self.headers, self.body))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.headers)

    def redacted_headers(self) -> list[tuple[str, str]]:
        """The headers with every secret value replaced by ``********``."""
        return [(n, REDACTED if n.lower() in SECRET_HEADERS else v) for n, v in self.headers]

    def to_text(self) -> str:
        """A human-readable, redacted rendering (one ``Name: value`` per line)."""
        lines = [f"{n}: {v}" if n else v for n, v in self.redacted_headers()]
        lines.extend(self.body)
        return "\n".join(lines)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in self.redacted_headers()[:6])
        more = "" if len(self.headers) <= 6 else f", +{len(self.headers) - 6}"
        body = f", body={len(self.body)} lines" if self.body else ""
        return f"<Message {self.kind.value} {self.name!r}: {shown}{more}{body}>"


def message(*pairs: tuple[str, str], body: Iterable[str] = ()) -> Message:
    """Build a :class:`Message` from ``(name, value)`` pairs (a test and builder helper)."""
    return Message(pairs, tuple(body))
