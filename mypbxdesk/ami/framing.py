"""Incremental AMI stream framing: bytes in, banners and messages out.

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

* Frame on bytes, decode only what is read: a UTF-8 character split across two
  reads comes out whole, and a message nobody reads is never decoded
  (:meth:`Message.from_frame`).
* Two paths, one result. The **fast path** takes every complete message of a
  read in one ``bytes.split(b"\\r\\n\\r\\n")`` — what Asterisk sends nearly
  always — once two C-level scans have shown that the stretch holds neither a
  bare-LF blank line nor command output. Anything else goes through the
  **incremental path**, message by message, where every byte is searched at
  most once per pattern however the stream is cut into reads (rescanning the
  whole buffer on every read freezes a GUI on a large ``CoreShowChannels``;
  ami-protocol.md §6.10). Tests feed every stream whole, byte by byte and in
  random cuts, and require the same messages.
* Memory is bounded: an unfinished message over ``max_message`` bytes or a line
  over ``max_line`` bytes raises :class:`ProtocolError`; the stream is then
  unusable and the connection must be closed. Reading is never paused for an
  unfinished message (the driver pauses only for handled-but-queued events), so
  a message in progress always either completes or breaks the link.
* Command output is recognised only while a ``Command`` is outstanding
  (:attr:`Parser.expect_follows`), and a body whose end marker never comes is
  closed at the first ``\\r\\n\\r\\n`` followed by ``Event:`` or ``Response:``
  (:attr:`Parser.salvaged` counts those): a stray or broken ``Response:
  Follows`` cannot swallow the events behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import ProtocolError
from .message import END_COMMAND, Message, _parse_follows, decode, parse_lines

MAX_MESSAGE = 1 << 20  # 1 MiB for an unfinished message
MAX_LINE = 64 << 10  # 64 KiB for one line
_END_COMMAND_B = END_COMMAND.encode()
_FOLLOWS = b"Response: Follows"
_BANNER_RE = re.compile(rb"^(?P<product>[ -~]*?Call Manager[ -~]*?)/(?P<version>[ -~]*)$")

__all__ = ["CLOSED", "END_COMMAND", "MAX_LINE", "MAX_MESSAGE", "NEED_DATA", "Banner", "Parser"]


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

    def find(self, buf: bytearray, start: int) -> int:
        """First match at or after ``start``, or -1."""
        if self.found >= start:
            return self.found
        begin = max(start, self.resume)
        pos = buf.find(self.pattern, begin)
        if pos >= 0:
            self.found = pos
            return pos
        self.found = -1
        self.resume = max(begin, len(buf) - len(self.pattern) + 1)
        return -1

    def shift(self, by: int) -> None:
        if self.found >= 0:
            self.found -= by
        self.resume = max(0, self.resume - by)


Frame = bytes | Banner | Message


def _strip_blank_lines(part: bytes) -> bytes:
    while part[:2] == b"\r\n":
        part = part[2:]
    return part


def _first_of_run(buf: bytes | bytearray, pos: int, floor: int) -> int:
    """The ``\r\n\r\n`` found at ``pos`` (by a search from the right) may sit
    in a run of CRLFs; a message ends at the run's *first* one."""
    while pos - 2 >= floor and buf[pos - 2 : pos] == b"\r\n":
        pos -= 2
    return pos


class Parser:
    """Turns a byte stream from one AMI peer into :class:`Banner` and :class:`Message`.

    Usage: call :meth:`feed` with every chunk read (``b""`` at end of file),
    then :meth:`drain` (every complete message at once), or :meth:`next` until
    it returns :data:`NEED_DATA` (or :data:`CLOSED` after EOF). The protocol
    object uses :meth:`frames`, which leaves fast-path messages as raw bytes.

    Args:
        expect_banner: True on the client side (the server greets first).
        fallback_encoding: codec for lines that are not valid UTF-8. The
            default latin-1 maps every byte to a character, so nothing is lost;
            set it to e.g. ``cp1251`` for a PBX that sends Cyrillic names.
        max_message: bytes an unfinished message may reach before
            :class:`ProtocolError`.
        max_line: bytes one line may reach before :class:`ProtocolError`.
        command_output: recognise ``Response: Follows`` bodies (the initial
            :attr:`expect_follows`). A server parsing actions turns it off, so
            that a client message that merely starts like one cannot swallow
            the actions after it.

    Attributes:
        expect_follows: whether a ``Response: Follows`` is read as 1.8 command
            output; the client protocol sets it while a ``Command`` is pending.
        messages_parsed: messages framed so far.
        salvaged: command outputs closed without their end marker.
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
        self._salvage = (_Finder(b"\r\n\r\nEvent: "), _Finder(b"\r\n\r\nResponse: "))
        self._fast_hold = 0  # the fast path waits until the start passes this
        self._fast_scanned = 0  # no b"\r\n\r\n" starts in [start, this - 3)
        self.expect_follows = command_output
        self.messages_parsed = 0
        self.salvaged = 0

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

    @property
    def fallback_encoding(self) -> str:
        return self._fallback

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

    def frames(self, limit: int | None = None) -> list[Frame]:
        """Every complete message so far (or the first ``limit``), in order:
        ``bytes`` for a message the fast path framed (pass it to
        :meth:`Message.from_frame`), else a :class:`Banner` or :class:`Message`.

        Raises:
            ProtocolError: as :meth:`next`. Messages framed before the error
                are lost with the connection, which is closed anyway.
        """
        out: list[Frame] = []
        while True:
            if self._error is None and not self._expect_banner:
                self._frame_fast(out, limit)
            if limit is not None and len(out) >= limit:
                return out
            item = self.next()
            if not isinstance(item, Banner | Message):
                return out
            out.append(item)

    def drain(self, limit: int | None = None) -> list[Banner | Message]:
        """Like :meth:`frames`, with every message as a :class:`Message`."""
        fallback, follows = self._fallback, self.expect_follows
        return [
            Message.from_frame(f, fallback, command_output=follows) if isinstance(f, bytes) else f
            for f in self.frames(limit)
        ]

    # -- the fast path --------------------------------------------------------------
    def _frame_fast(self, out: list[Frame], limit: int | None) -> None:
        """Append every clean CRLF message from the buffer's start (see the module doc)."""
        start = self._start
        if start < self._fast_hold:
            return
        buf = self._buf
        last = buf.rfind(b"\r\n\r\n", max(start, self._fast_scanned - 3))
        if last < 0:
            self._fast_scanned = len(buf)
            return
        last = _first_of_run(buf, last, start)
        if buf[start] == 10 or (buf[start] == 13 and buf[start + 1 : start + 2] != b"\n"):
            return  # a bare-LF blank line or a lone CR first: the careful path decides
        with memoryview(buf) as view:
            region = bytes(view[start:last])
        bad = region.find(b"\n\n")
        if self.expect_follows:
            follows = region.find(_FOLLOWS)
            if follows >= 0 and (bad < 0 or follows < bad):
                bad = follows
        if bad >= 0:
            # Frame what lies wholly before the trouble; the careful path takes
            # the message that holds it, then the fast path goes on after it.
            self._fast_hold = start + bad + 2
            cut = region.rfind(b"\r\n\r\n", 0, bad + 1)
            if cut < 0:
                return
            region = region[: _first_of_run(region, cut, 0)]
            last = -1  # frames after the trouble are looked for again later
        parts = region.split(b"\r\n\r\n")
        if limit is not None and len(out) + len(parts) > limit:
            parts = parts[: limit - len(out)]
            consumed = sum(len(p) for p in parts) + 4 * len(parts)
            last = -1
        else:
            consumed = len(region) + 4
        # Where the next search for the last message end may start.
        self._fast_scanned = last + 4 if last >= 0 else 0
        if region.endswith(b"\n") or b"\n\r\n\r\n" in region:
            # A 12+ handler's stray LF at the end of a value ("Message: Park
            # successful\n" + CRLF CRLF): the message ends at that LF, and the
            # CRLF after it is a stray blank line.
            parts = [p[:-1] if p.endswith(b"\n") else p for p in parts]
        if not region or b"\r\n\r\n\r\n" in region or region.startswith(b"\r\n"):
            # Stray blank lines between messages: empty parts, or parts that
            # start with a CRLF.
            parts = [_strip_blank_lines(p) for p in parts]
            parts = [p for p in parts if p]
        if parts and max(map(len, parts)) > self._max_line:
            for part in parts:
                if len(part) > self._max_line:
                    self._check_line_lengths(part)
        out.extend(parts)
        framed = len(parts)
        self.messages_parsed += framed
        self._consume(start + consumed)

    def _check_line_lengths(self, raw: bytes | bytearray) -> None:
        pos, end = 0, len(raw)
        while pos < end:
            nl = raw.find(b"\n", pos)
            nl = end if nl < 0 else nl
            if nl - pos > self._max_line:
                self._error = ProtocolError(
                    f"the PBX sent a line of more than {self._max_line} bytes"
                )
                raise self._error
            pos = nl + 1

    # -- the incremental path ---------------------------------------------------------
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
        salvaged = False
        if self.expect_follows and buf[start : start + len(_FOLLOWS)] == _FOLLOWS:
            last_lf, after, salvaged = self._find_follows_end(start)
        elif (
            self.expect_follows
            and len(buf) - start < len(_FOLLOWS)
            and (_FOLLOWS.startswith(bytes(buf[start:])))
        ):
            last_lf, after = -1, -1  # maybe command output: wait for more
        else:
            last_lf, after = self._find_end(start)
        if last_lf < 0:
            self._check_limits(start)
            return self._idle()
        if last_lf - start > self._max_line:
            self._check_line_lengths(bytes(buf[start:last_lf]))
        end = last_lf - 1 if last_lf > start and buf[last_lf - 1] == 13 else last_lf
        raw = bytes(buf[start:end])
        self._consume(after)
        self.messages_parsed += 1
        if salvaged:
            self.salvaged += 1
            headers, body = _parse_follows(decode(raw, self._fallback).split("\n"))
            msg = Message(headers, body)
        else:
            msg = Message(*parse_lines(raw, self._fallback, command_output=self.expect_follows))
        msg.raw = raw
        return msg

    def _find_follows_end(self, start: int) -> tuple[int, int, bool]:
        """Where command output ends: its marker, or (salvage) the blank line before
        the next event or response when the marker never came."""
        buf = self._buf
        marker = self._marker.find(buf, start)
        cut = -1
        for finder in self._salvage:
            pos = finder.find(buf, start)
            if pos >= 0 and (cut < 0 or pos < cut):
                cut = pos
        if cut >= 0 and (marker < 0 or cut < marker):
            return cut + 1, cut + 4, True
        if marker < 0:
            return -1, -1, False
        last_lf, after = self._find_end(marker)
        return last_lf, after, False

    def _check_limits(self, start: int) -> None:
        buf = self._buf
        if len(buf) - start > self._max_message:
            raise ProtocolError(
                f"the PBX sent a message of more than {self._max_message} bytes without an end"
            )
        tail_from = max(start, len(buf) - self._max_line - 1)
        if len(buf) - tail_from > self._max_line and buf.rfind(b"\n", tail_from) < 0:
            raise ProtocolError(f"the PBX sent a line of more than {self._max_line} bytes")

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
        for finder in (self._crlf_end, self._lf_end, self._marker, self._newline, *self._salvage):
            finder.shift(start)
        self._fast_hold = max(0, self._fast_hold - start)
        self._fast_scanned = max(0, self._fast_scanned - start)
        self._start = 0
