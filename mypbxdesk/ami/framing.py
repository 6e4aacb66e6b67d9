"""Incremental AMI stream parser: bytes in, banners and messages out.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

What the wire really looks like (``../shared/docs/ami-protocol.md`` §1, §5):

* The server's first line is ``Asterisk Call Manager/<version>`` with **no**
  blank line after it.
* A line ends at CRLF **or a bare LF**; a message ends at an empty line. Stray
  blank lines between messages, ``\\r\\n\\n`` endings and a trailing LF inside a
  ``Message:`` value (12+) all occur and are tolerated.
* ``Response: Follows`` (Command on Asterisk <= 13 and MyPBX) carries raw CLI
  output whose lines end in a bare LF and may be empty; it runs until the
  ``--END COMMAND--`` marker, which may share the last output line.

Design rules:

* Frame on bytes, decode only whole messages: a UTF-8 character split across
  two reads comes out whole. Invalid UTF-8 (a cp1251 or latin-1 PBX) is decoded
  line by line with a fallback codec and ``surrogateescape``, so no byte is ever
  lost silently.
* Scanning is incremental: every byte is searched at most once per pattern,
  however the stream is cut into reads (rescanning the whole buffer on every
  read freezes a GUI on a large ``CoreShowChannels``; ami-protocol.md §6.10).
* Memory is bounded: an unfinished message over ``max_message`` bytes or a line
  over ``max_line`` bytes raises :class:`ProtocolError`; the stream is then
  unusable and the connection must be closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import ProtocolError
from .message import Message

MAX_MESSAGE = 1 << 20  # 1 MiB for an unfinished message
MAX_LINE = 64 << 10  # 64 KiB for one line
END_COMMAND = "--END COMMAND--"
_END_COMMAND_B = END_COMMAND.encode()
_FOLLOWS = b"response: follows"
_BANNER_RE = re.compile(rb"^(?P<product>[ -~]*?Call Manager[ -~]*?)/(?P<version>[ -~]*)$")


class Signal(Enum):
    """What :meth:`Parser.next` returns when it has no message to give."""

    NEED_DATA = "need-data"
    CLOSED = "closed"


NEED_DATA = Signal.NEED_DATA
CLOSED = Signal.CLOSED


@dataclass(frozen=True, slots=True)
class Banner:
    """The server's greeting, e.g. ``Asterisk Call Manager/1.1``.

    ``version`` is the AMI version (1.1 on 1.8/MyPBX, 11.0.0 on Asterisk 22),
    not the Asterisk version: use it for logging, never to gate features.
    """

    product: str
    version: str


class _Finder:
    """Incremental search for one pattern in a growing buffer.

    Remembers where it stopped, so that bytes already searched are not searched
    again when more data arrives (only the last ``len(pattern) - 1`` bytes are
    looked at twice, for a pattern cut by a read).
    """

    __slots__ = ("found", "pattern", "resume")

    def __init__(self, pattern: bytes) -> None:
        self.pattern = pattern
        self.found = -1  # absolute position of the next match, or -1
        self.resume = 0  # no match starts before this position (when found == -1)

    def find(self, buf: bytearray, start: int, limit: int | None = None) -> int:
        """First match at or after ``start`` (and before ``limit``), or -1."""
        if self.found >= start and (limit is None or self.found < limit):
            return self.found
        if self.found >= start:  # a match exists, but beyond limit
            return -1
        begin = max(start, self.resume)
        end = len(buf) if limit is None else min(len(buf), limit + len(self.pattern) - 1)
        pos = buf.find(self.pattern, begin, end)
        if pos >= 0:
            self.found = pos
            return pos if limit is None or pos < limit else -1
        self.found = -1
        self.resume = max(begin, end - len(self.pattern) + 1)
        return -1

    def shift(self, by: int) -> None:
        if self.found >= 0:
            self.found -= by
        self.resume = max(0, self.resume - by)


class Parser:
    """Turns a byte stream from one AMI peer into :class:`Banner` and :class:`Message`.

    Usage: call :meth:`feed` with every chunk read (``b""`` at end of file),
    then call :meth:`next` until it returns :data:`NEED_DATA` (or
    :data:`CLOSED` after EOF).

    Args:
        expect_banner: True on the client side (the server greets first).
        fallback_encoding: codec for lines that are not valid UTF-8. The
            default latin-1 maps every byte to a character, so nothing is lost;
            set it to e.g. ``cp1251`` for a PBX that sends Cyrillic names.
        max_message: bytes an unfinished message may reach before
            :class:`ProtocolError`.
        max_line: bytes one line may reach before :class:`ProtocolError`.
        command_output: recognise ``Response: Follows`` bodies (client role).
            A server parsing actions turns it off, so that a client message
            that merely starts like one cannot swallow the actions after it.
    """

    def __init__(
        self,
        *,
        expect_banner: bool = True,
        fallback_encoding: str = "latin-1",
        max_message: int = MAX_MESSAGE,
        max_line: int = MAX_LINE,
        command_output: bool = True,
    ) -> None:
        self._buf = bytearray()
        self._command_output = command_output
        self._start = 0
        self._expect_banner = expect_banner
        self._fallback = fallback_encoding
        self._max_message = max_message
        self._max_line = max_line
        self._eof = False
        self._error: ProtocolError | None = None
        self._crlf_end = _Finder(b"\n\r\n")
        self._lf_end = _Finder(b"\n\n")
        self._marker = _Finder(_END_COMMAND_B)
        self._newline = _Finder(b"\n")
        self.messages_parsed = 0

    # -- input ------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        """Add bytes read from the peer; ``b""`` means the peer closed the stream."""
        if not data:
            self._eof = True
            return
        self._buf += data

    @property
    def buffered(self) -> int:
        """Bytes received but not yet returned as a message."""
        return len(self._buf) - self._start

    @property
    def eof(self) -> bool:
        return self._eof

    # -- output -----------------------------------------------------------------
    def next(self) -> Banner | Message | Signal:
        """The next banner or message, or :data:`NEED_DATA` / :data:`CLOSED`.

        Raises:
            ProtocolError: the stream broke a limit or is not AMI. Every later
                call raises the same error.
        """
        if self._error is not None:
            raise self._error
        try:
            if self._expect_banner:
                return self._next_banner()
            return self._next_message()
        except ProtocolError as exc:
            self._error = exc
            raise

    def drain(self, limit: int | None = None) -> list[Banner | Message]:
        """Every banner and message complete so far (what :meth:`next` would give
        until :data:`NEED_DATA`), in one call — or the first ``limit`` of them.

        The same results as calling :meth:`next` in a loop, but the common case
        — a plain CRLF message — is framed inline, without the per-message
        calls; the client reads up to 256 KiB at a time, which is a thousand
        messages in a burst.

        Raises:
            ProtocolError: as :meth:`next`. Messages framed before the error
                are lost with the connection, which is closed anyway.
        """
        out: list[Banner | Message] = []
        buf = self._buf
        crlf = self._crlf_end
        parse = self._parse
        max_line = self._max_line
        while True:
            if self._error is None and not self._expect_banner:
                pos = start = self._start
                framed = len(out)
                n = len(buf)
                while pos < n and (limit is None or len(out) < limit):
                    c = buf[pos]
                    if c == 10 or c == 13 or c == 82 or c == 114:  # blank line, or "Response"
                        break
                    a = crlf.find(buf, pos)
                    if a < 0 or a - pos > max_line or buf.find(b"\n\n", pos, a + 1) >= 0:
                        break
                    end = a - 1 if buf[a - 1] == 13 else a
                    out.append(parse(buf[pos:end]))
                    pos = a + 3
                if pos != start:
                    self.messages_parsed += len(out) - framed
                    self._start = pos
            if limit is not None and len(out) >= limit:
                return out
            item = self.next()
            if not isinstance(item, Banner | Message):
                return out
            out.append(item)

    def _idle(self) -> Signal:
        self._compact()
        return CLOSED if self._eof else NEED_DATA

    def _next_banner(self) -> Banner | Signal:
        buf = self._buf
        nl = self._newline.find(buf, self._start)
        if nl < 0:
            if len(buf) - self._start > self._max_line:
                raise ProtocolError(
                    "the server sent more than 64 KiB without a line end: not an AMI server"
                )
            return self._idle()
        raw = bytes(buf[self._start : nl]).rstrip(b"\r")
        self._consume(nl + 1)
        self._expect_banner = False
        m = _BANNER_RE.match(raw)
        if m is None:
            shown = raw[:80].decode("latin-1")
            raise ProtocolError(
                f"not an AMI server: expected 'Asterisk Call Manager/<version>', got {shown!r}"
            )
        return Banner(m["product"].decode("ascii"), m["version"].decode("ascii").strip())

    def _skip_blank_lines(self) -> bool:
        """Skip stray empty lines. False when a lone CR at the end needs more data."""
        buf, pos, n = self._buf, self._start, len(self._buf)
        while pos < n:
            c = buf[pos]
            if c == 10:
                pos += 1
            elif c == 13:
                if pos + 1 >= n:
                    self._start = pos
                    return False
                if buf[pos + 1] != 10:
                    break
                pos += 2
            else:
                break
        self._start = pos
        return True

    def _find_end(self, start: int) -> tuple[int, int]:
        """(position of the LF ending the last line, position after the blank line) or (-1, -1)."""
        buf = self._buf
        a = self._crlf_end.find(buf, start)
        if a >= 0:
            # A bare-LF blank line inside this message would end it earlier;
            # the search is bounded by the message, so it stays incremental.
            b = buf.find(b"\n\n", start, a + 1)
            if b >= 0:
                return b, b + 2
            return a, a + 3
        b = self._lf_end.find(buf, start)
        if b >= 0:
            return b, b + 2
        return -1, -1

    def _next_message(self) -> Message | Signal:
        if not self._skip_blank_lines():
            return self._idle()
        start = self._start
        buf = self._buf
        if start >= len(buf):
            return self._idle()
        last_lf, after = self._find_end(start)
        if (
            self._command_output
            and (len(buf) - start >= len(_FOLLOWS) or last_lf >= 0)
            and buf[start : start + len(_FOLLOWS)].lower() == _FOLLOWS
        ):
            last_lf, after = self._find_follows_end(start)
        if last_lf < 0:
            self._check_limits(start)
            return self._idle()
        if last_lf - start > self._max_line:
            self._check_line_lengths(start, last_lf)
        end = last_lf - 1 if last_lf > start and buf[last_lf - 1] == 13 else last_lf
        raw = buf[start:end]
        self._consume(after)
        self.messages_parsed += 1
        return self._parse(raw)

    def _find_follows_end(self, start: int) -> tuple[int, int]:
        marker = self._marker.find(self._buf, start)
        if marker < 0:
            return -1, -1
        return self._find_end(marker)

    def _check_limits(self, start: int) -> None:
        buf = self._buf
        if len(buf) - start > self._max_message:
            raise ProtocolError(
                f"the PBX sent a message of more than {self._max_message} bytes without an end"
            )
        tail_from = max(start, len(buf) - self._max_line - 1)
        if len(buf) - tail_from > self._max_line and buf.rfind(b"\n", tail_from) < 0:
            raise ProtocolError(f"the PBX sent a line of more than {self._max_line} bytes")

    def _check_line_lengths(self, start: int, end: int) -> None:
        buf, pos = self._buf, start
        while pos < end:
            nl = buf.find(b"\n", pos, end)
            nl = end if nl < 0 else nl
            if nl - pos > self._max_line:
                raise ProtocolError(f"the PBX sent a line of more than {self._max_line} bytes")
            pos = nl + 1

    def _consume(self, upto: int) -> None:
        self._start = upto
        self._compact()

    def _compact(self) -> None:
        start = self._start
        if start == 0:
            return
        if start >= len(self._buf):
            self._buf.clear()
        elif start < 65536 or start < len(self._buf) // 2:
            return
        else:
            del self._buf[:start]
        for finder in (self._crlf_end, self._lf_end, self._marker, self._newline):
            finder.shift(start)
        self._start = 0

    # -- decoding ---------------------------------------------------------------
    def _decode(self, raw: bytes | bytearray) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            out = []
            for line in raw.split(b"\n"):
                try:
                    out.append(line.decode("utf-8"))
                except UnicodeDecodeError:
                    out.append(line.decode(self._fallback, "surrogateescape"))
            return "\n".join(out)

    def _parse(self, raw: bytes | bytearray) -> Message:
        text = self._decode(raw)
        if text.count("\n") == text.count("\r\n"):
            lines = text.split("\r\n")  # the common case: clean CRLF lines
        else:
            lines = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
        if (
            self._command_output
            and lines[0][:17].lower() == "response: follows"
            and END_COMMAND in text
        ):
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
        return Message(headers)


def _parse_follows(lines: list[str]) -> Message:
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
    return Message(headers, body)
