"""AMI messages: ordered, repeatable, case-insensitive headers, parsed on demand.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

An AMI message is a list of ``Name: value`` lines. Names repeat (``Variable``,
``ChanVariable``, ``Output``), their case varies between events of one PBX
(``Uniqueid`` in Newchannel, ``UniqueID`` in Dial and Cdr, ``CallerIDnum`` in
CoreShowChannel), and Asterisk itself looks names up case-insensitively (ASCII
only: ``strcasecmp``) with the *first* occurrence winning. :class:`Message`
keeps the lines in order and offers exactly that lookup.

Most of what a PBX sends is about other extensions and is read for one or two
headers, if at all. A message that comes off the wire therefore keeps its raw
bytes (:meth:`Message.from_frame`) and is not split into headers until someone
asks for all of them: :meth:`Message.get` finds one header in the lower-cased
bytes and decodes only its value. The result is, by construction and by
property test (``tests/ami/test_message.py``), the same as parsing every line
first — only cheaper.

A 1.8 ``Response: Follows`` (``Action: Command`` on Asterisk <= 13 and MyPBX)
carries a raw CLI body instead of headers; a 14+ ``Command`` answer carries the
same text as repeated ``Output:`` headers. :attr:`Message.output` gives the
command's lines for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import overload

#: Header names whose values are secrets. They are redacted wherever a message
#: is shown (``repr``, wire log, AMI log window).
SECRET_HEADERS = frozenset({"secret", "key"})
REDACTED = "********"
END_COMMAND = "--END COMMAND--"


class Kind(Enum):
    """What a message is, from its first ``Event``/``Response``/``Action`` header."""

    EVENT = "event"
    RESPONSE = "response"
    ACTION = "action"
    UNKNOWN = "unknown"


_KIND_BY_HEADER = {"event": Kind.EVENT, "response": Kind.RESPONSE, "action": Kind.ACTION}
#: The first line as Asterisk writes it, and what it says (the fast way to the name).
_PREFIXES = ((b"Event: ", Kind.EVENT), (b"Response: ", Kind.RESPONSE), (b"Action: ", Kind.ACTION))
_MISSING = object()


def _key(name: str) -> str:
    """Header names compare case-insensitively in ASCII only, as Asterisk's strcasecmp."""
    return name.lower() if name.isascii() else name


class _State:
    """What a message has parsed so far (a message off the wire starts with none)."""

    __slots__ = ("body", "fallback", "headers", "index", "lower", "values")

    def __init__(
        self,
        fallback: str,
        headers: tuple[tuple[str, str], ...] | None = None,
        body: tuple[str, ...] = (),
    ) -> None:
        self.fallback = fallback
        self.headers = headers
        self.body = body
        self.index: dict[str, str] | None = None
        self.lower: bytes | None = None
        self.values: dict[str, str | None] | None = None


def _kind_of(headers: tuple[tuple[str, str], ...]) -> tuple[Kind, str]:
    # The kind comes from the first of Event/Response/Action that occurs:
    # Asterisk writes it first, but the spec promises no order.
    for hname, value in headers:
        k = _KIND_BY_HEADER.get(_key(hname))
        if k is not None:
            return k, value
    return Kind.UNKNOWN, ""


class Message:
    """One AMI message.

    Attributes:
        kind: event, response, action or unknown (no such header at all).
        name: the value of that header: ``"Newchannel"``, ``"Success"``,
            ``"Originate"``; ``""`` for an unknown message.
        raw: the bytes it was framed from (without the blank line), or None for
            a message built from headers.
    """

    # Four slots, set in four stores: a message is made for every wanted event
    # of a burst. ``_p`` is the fallback encoding (a str) until something reads
    # more than the name, then a :class:`_State`.
    __slots__ = ("_p", "kind", "name", "raw")

    def __init__(self, headers: Sequence[tuple[str, str]], body: Sequence[str] = ()) -> None:
        state = _State("latin-1", tuple(headers), tuple(body))
        self.raw: bytes | None = None
        self._p: _State | str = state
        self.kind, self.name = _kind_of(state.headers)  # type: ignore[arg-type]

    @classmethod
    def from_frame(
        cls,
        raw: bytes,
        fallback_encoding: str = "latin-1",
        *,
        command_output: bool = False,
    ) -> Message:
        """A message over the bytes of one frame, parsed lazily.

        Args:
            raw: the message's bytes without the blank line that ended it.
            fallback_encoding: codec for lines that are not valid UTF-8.
            command_output: read a ``Response: Follows`` as 1.8 CLI output
                (raw body up to ``--END COMMAND--``).
        """
        for prefix, kind in _PREFIXES:
            if raw.startswith(prefix):
                end = raw.find(b"\n")
                if end >= 0:
                    value = raw[len(prefix) : end]
                    if value.endswith(b"\r"):
                        value = value[:-1]
                else:  # one line: parse_lines keeps a final CR (no line end follows)
                    value = raw[len(prefix) :]
                if value.isascii() and not (
                    kind is Kind.RESPONSE and command_output and value == b"Follows"
                ):
                    return lazy(raw, kind, value.decode("ascii"), fallback_encoding)
                break
        headers, body = parse_lines(raw, fallback_encoding, command_output=command_output)
        msg = cls(headers, body)
        msg.raw = raw
        msg._p.fallback = fallback_encoding  # type: ignore[union-attr]
        return msg

    # -- parsing ---------------------------------------------------------------------
    def _state(self) -> _State:
        p = self._p
        if type(p) is str:
            p = self._p = _State(p)
        return p  # type: ignore[return-value]

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The ``(name, value)`` pairs in wire order. A line without a colon
        (Yeastar's ``--END SMS EVENT--``) is kept with the name ``""``."""
        state = self._state()
        headers = state.headers
        if headers is None:
            assert self.raw is not None
            headers, state.body = parse_lines(self.raw, state.fallback)
            state.headers = headers
        return headers

    @property
    def body(self) -> tuple[str, ...]:
        """The raw CLI lines of a ``Response: Follows``, else ``()``."""
        self.headers  # noqa: B018 - parses, and so fills the body
        return self._p.body  # type: ignore[union-attr]

    def _lookup(self) -> dict[str, str]:
        state = self._state()
        index = state.index
        if index is None:
            # First occurrence wins, as in Asterisk's own lookup (reversed fill).
            index = state.index = {_key(n): v for n, v in reversed(self.headers)}
        return index

    def _find(self, key: str) -> str | None:
        """One header's value straight from the raw bytes (``key`` is lower-case ASCII)."""
        state = self._state()
        cache = state.values
        if cache is None:
            cache = state.values = {}
        else:
            hit = cache.get(key, _MISSING)
            if hit is not _MISSING:
                return hit  # type: ignore[return-value]
        raw = self.raw
        assert raw is not None
        lower = state.lower
        if lower is None:
            lower = state.lower = raw.lower()
        needle = key.encode("ascii") + b":"
        if lower.startswith(needle):
            start = len(needle)
        else:
            pos = lower.find(b"\n" + needle)
            if pos < 0:
                cache[key] = None
                return None
            start = pos + 1 + len(needle)
        if raw[start : start + 1] == b" ":
            start += 1
        end = raw.find(b"\n", start)
        if end >= 0:
            value = raw[start:end]
            if value.endswith(b"\r"):
                value = value[:-1]
        else:
            # The last line: its CR is a line end only where the message's lines
            # end in bare LFs (as parse_lines decides, for the whole message).
            value = raw[start:]
            if value.endswith(b"\r") and raw.count(b"\n") != raw.count(b"\r\n"):
                value = value[:-1]
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode(state.fallback, "surrogateescape")
        cache[key] = text
        return text

    # -- lookup ---------------------------------------------------------------------
    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    @overload
    def get(self, name: str, default: None) -> str | None: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name`` (any case), or ``default``."""
        p = self._p
        if (type(p) is str or p.headers is None) and name and name.isascii():  # type: ignore[union-attr]
            value = self._find(name.lower())
        else:
            value = self._lookup().get(_key(name))
        return default if value is None else value

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name`` (any case), in wire order."""
        key = _key(name)
        return [v for n, v in self.headers if _key(n) == key]

    def first(self, *names: str, default: str = "") -> str:
        """The value of the first of ``names`` that is present, else ``default``.

        For fields whose name changed between dialects, e.g.
        ``msg.first("DestChannel", "Destination")``.
        """
        for name in names:
            value = self.get(name)
            if value is not None:
                return value
        return default

    @property
    def action_id(self) -> str | None:
        return self.get("ActionID")

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
        return (self.get("Message") or "").strip()

    @property
    def output(self) -> list[str]:
        """The lines a ``Command`` printed, for both formats.

        1.8/MyPBX: the raw ``Response: Follows`` body. 14+: the ``Output:``
        headers. Either way a list of lines without line ends.
        """
        if self.body:
            return list(self.body)
        return [v for n, v in self.headers if _key(n) == "output"]

    # -- equality and display -------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.headers == other.headers and self.body == other.body

    def __hash__(self) -> int:
        return hash((self.headers, self.body))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.headers)

    def redacted_headers(self, secrets: Iterable[str] = ()) -> list[tuple[str, str]]:
        """The headers with every secret value replaced by ``********``: the
        ``Secret``/``Key`` headers, and any of ``secrets`` inside any value (a PBX
        that echoes the secret in a ``Message:``)."""
        known = [s for s in secrets if s]
        out = []
        for n, v in self.headers:
            if _key(n) in SECRET_HEADERS:
                v = REDACTED
            else:
                for secret in known:
                    if secret in v:
                        v = v.replace(secret, REDACTED)
            out.append((n, v))
        return out

    def to_text(self, secrets: Iterable[str] = ()) -> str:
        """A human-readable, redacted rendering (one ``Name: value`` per line)."""
        lines = [f"{n}: {v}" if n else v for n, v in self.redacted_headers(secrets)]
        lines.extend(self.body)
        return "\n".join(lines)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in self.redacted_headers()[:6])
        more = "" if len(self.headers) <= 6 else f", +{len(self.headers) - 6}"
        body = f", body={len(self.body)} lines" if self.body else ""
        return f"<Message {self.kind.value} {self.name!r}: {shown}{more}{body}>"


_new = object.__new__


def lazy(raw: bytes, kind: Kind, name: str, fallback: str) -> Message:
    """A message over ``raw`` whose kind and name the caller already read (the
    protocol's hot path); every other header is found when asked for."""
    msg: Message = _new(Message)
    msg.raw = raw
    msg.kind = kind
    msg.name = name
    msg._p = fallback
    return msg


def message(*pairs: tuple[str, str], body: Iterable[str] = ()) -> Message:
    """Build a :class:`Message` from ``(name, value)`` pairs (a test and builder helper)."""
    return Message(pairs, tuple(body))


# -- parsing every line --------------------------------------------------------------------
def decode(raw: bytes, fallback: str) -> str:
    """UTF-8, else line by line: UTF-8 where it is valid, ``fallback`` (with
    ``surrogateescape``) where not, so that no byte is ever lost silently."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        out = []
        for line in raw.split(b"\n"):
            try:
                out.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(line.decode(fallback, "surrogateescape"))
        return "\n".join(out)


def parse_lines(
    raw: bytes, fallback: str = "latin-1", *, command_output: bool = False
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """``(headers, body)`` of one framed message (every line split and decoded).

    A line ends at CRLF or a bare LF; a header is split at its first colon and
    loses one space after it (``Key:`` and ``Key:value`` occur, ami-protocol.md
    §1.3); a line without a colon is kept with the name ``""``.
    """
    text = decode(raw, fallback)
    if text.count("\n") == text.count("\r\n"):
        lines = text.split("\r\n")  # the common case: clean CRLF lines
    else:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
    if command_output and lines[0][:17] == "Response: Follows" and END_COMMAND in text:
        return _parse_follows(text.split("\n"))
    # Fast path: every line is "Name: value" (split at the first colon,
    # which the ": " is when the name has no colon of its own).
    parts = [line.partition(": ") for line in lines]
    headers = [(name, value) for name, sep, value in parts if sep and ":" not in name]
    if len(headers) != len(parts):
        # "Key:" without a space (1.8 ReportBlock:), "Key:value", colon-less lines.
        parts = [line.partition(":") for line in lines]
        headers = [
            (name, value[1:] if value[:1] == " " else value) if colon else ("", name)
            for name, colon, value in parts
        ]
    return tuple(headers), ()


def _parse_follows(lines: list[str]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """A 1.8 ``Response: Follows``: CRLF header lines, then LF body lines, then the marker."""
    headers: list[tuple[str, str]] = []
    body: list[str] = []
    in_body = False
    done = False
    for line in lines:
        crlf = line.endswith("\r")
        if crlf:
            line = line[:-1]
        if not done and line.endswith(END_COMMAND):
            last = line[: -len(END_COMMAND)]
            if last:
                body.append(last)
            done = True
            continue
        if not in_body and not done and crlf:
            name, colon, value = line.partition(":")
            if colon and name and " " not in name:
                headers.append((name, value[1:] if value.startswith(" ") else value))
                continue
        if done:
            name, colon, value = line.partition(":")
            headers.append(
                (name, value[1:] if value.startswith(" ") else value) if colon else ("", line)
            )
            continue
        in_body = True
        body.append(line)
    return tuple(headers), tuple(body)
