"""Messages to bytes, refusing anything that could smuggle a second action.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

Asterisk ends a line at CRLF *or* a bare LF and cuts a value at NUL, so a value
like ``123\\r\\nAction: Hangup`` would be executed as a second action (AMI
header injection, ami-protocol.md §1.2). Every name and value is therefore
checked before a single byte is produced, and the whole message is refused with
:class:`InvalidAction` if any of them is unsafe. Asterisk also throws away a
line of 1024 bytes or more and an action of more than 128 lines; we refuse those
too rather than let the PBX answer ``line too long`` after the fact.

The error texts name the header, never its value: the value may be a secret.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import InvalidAction
from .message import END_COMMAND

#: Asterisk's input buffer is 1025 bytes with the NUL: it throws a line away
#: once 1024 bytes arrived without a newline, so a line with its CRLF may be at
#: most 1024 bytes (``get_input`` in main/manager.c).
MAX_LINE_BYTES = 1024
#: ``AST_MAX_MANHEADERS``.
MAX_HEADERS = 128

_FORBIDDEN = ("\r", "\n", "\0")


def _check(name: str, value: str) -> None:
    if not name:
        raise InvalidAction("a header name is empty")
    if ":" in name or name != name.strip() or any(c in name for c in _FORBIDDEN):
        raise InvalidAction(
            f"header name {name[:40]!r} is not a valid AMI header name "
            "(no colon, no line break, no surrounding spaces)"
        )
    for ch, what in (
        ("\r", "a carriage return (CR)"),
        ("\n", "a line feed (LF)"),
        ("\0", "a NUL byte"),
    ):
        if ch in value:
            raise InvalidAction(
                f"the value of header {name!r} contains {what}; refused before sending "
                "(it would let the value inject a second AMI action)"
            )


def encode_line(name: str, value: str) -> bytes:
    """One ``Name: value`` line with its CRLF, after the checks above."""
    _check(name, value)
    line = f"{name}: {value}\r\n".encode("utf-8", "surrogateescape")
    if len(line) > MAX_LINE_BYTES:
        raise InvalidAction(
            f"header {name!r} is {len(line)} bytes long; Asterisk rejects lines of "
            f"more than {MAX_LINE_BYTES} bytes"
        )
    return line


def encode_message(
    headers: Iterable[tuple[str, str]], *, max_headers: int | None = MAX_HEADERS
) -> bytes:
    """Serialize ``(name, value)`` pairs to one AMI message (ending in an empty line).

    ``max_headers`` is Asterisk's limit for *actions*; a server writing a long
    ``Output:`` list passes None.

    Raises:
        InvalidAction: a name or value is unsafe or too long, there are no
            headers, or there are more than 128. Nothing is produced then.
    """
    pairs = list(headers)
    if not pairs:
        raise InvalidAction("an AMI message needs at least one header")
    if max_headers is not None and len(pairs) > max_headers:
        raise InvalidAction(f"{len(pairs)} headers; Asterisk accepts at most {max_headers}")
    try:
        return b"".join(encode_line(n, v) for n, v in pairs) + b"\r\n"
    except UnicodeEncodeError as exc:
        raise InvalidAction(f"a header cannot be encoded as UTF-8: {exc.reason}") from None


def encode_follows(headers: Sequence[tuple[str, str]], body: Sequence[str]) -> bytes:
    """A 1.8-style ``Response: Follows`` (server role, for the simulated MyPBX).

    The headers end in CRLF; every body line ends in a bare LF, exactly as
    Asterisk 1.8 sends CLI output; then ``--END COMMAND--`` and an empty line.
    """
    head = b"".join(encode_line(n, v) for n, v in headers)
    for line in body:
        if "\n" in line or "\r" in line or "\0" in line or END_COMMAND in line:
            raise InvalidAction("a command output line contains a line break or the end marker")
    text = "".join(f"{line}\n" for line in body)
    return head + text.encode("utf-8", "surrogateescape") + END_COMMAND.encode() + b"\r\n\r\n"


def encode_banner(version: str = "1.1", product: str = "Asterisk Call Manager") -> bytes:
    """The greeting line a server sends first (server role)."""
    if any(c in version + product for c in _FORBIDDEN):
        raise InvalidAction("a banner cannot contain a line break")
    return f"{product}/{version}\r\n".encode("ascii")
