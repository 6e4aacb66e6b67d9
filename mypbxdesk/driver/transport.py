"""Byte streams to the PBX: the injected network backend (httpcore's shape).

Layer 2 (``mypbxdesk.driver``): asyncio + stdlib; no Qt.

The driver reads and writes through a :class:`Stream` that a :class:`Transport`
opens. :class:`TcpTransport` is the real one (TCP, optionally TLS); tests inject
in-memory streams that record every byte written (unlike httpcore's
``MockStream``, which throws writes away) or hostile peers on loopback.

Errors surface as the OS raised them (``OSError``, ``ssl.SSLError``,
``UnicodeError`` for a host name IDNA cannot encode …); ``driver.errors`` maps
them to the AMI hierarchy in one place.
"""

from __future__ import annotations

import asyncio
import ssl as ssl_module
from typing import Protocol

__all__ = ["READ_SIZE", "Stream", "TcpStream", "TcpTransport", "Transport"]

#: Bytes asked for per read: a thousand events of a burst in one go.
READ_SIZE = 256 * 1024


class Stream(Protocol):
    """One open connection."""

    async def read(self, max_bytes: int) -> bytes:
        """Up to ``max_bytes`` (at least one); ``b""`` once the peer closed."""
        ...

    def write(self, data: bytes) -> None:
        """Queue ``data`` for sending (AMI actions are small: no flow control)."""
        ...

    def abort(self) -> None:
        """Close at once, unsent data dropped; a pending read returns or raises."""
        ...


class Transport(Protocol):
    """Opens streams."""

    async def connect(
        self, host: str, port: int, *, ssl: ssl_module.SSLContext | None = None
    ) -> Stream: ...


class TcpStream:
    """A :class:`Stream` over asyncio's StreamReader/StreamWriter."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int) -> bytes:
        return await self._reader.read(max_bytes)

    def write(self, data: bytes) -> None:
        if not self._writer.is_closing():
            self._writer.write(data)

    def abort(self) -> None:
        self._writer.transport.abort()


class TcpTransport:
    """TCP (or TLS over TCP) to the PBX's AMI port."""

    async def connect(
        self, host: str, port: int, *, ssl: ssl_module.SSLContext | None = None
    ) -> Stream:
        reader, writer = await asyncio.open_connection(
            host,
            port,
            ssl=ssl,
            server_hostname=host if ssl is not None else None,
            # The reader's buffer pauses the socket at twice this: TCP then
            # tells the PBX to wait while the event queue is full.
            limit=READ_SIZE,
        )
        return TcpStream(reader, writer)
