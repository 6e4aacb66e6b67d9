"""Helpers for feeding byte streams through the parser."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mypbxdesk.ami import CLOSED, NEED_DATA, Banner, Message, Parser


def parse_chunks(
    chunks: Iterable[bytes], *, banner: bool = True, **kwargs: object
) -> list[Banner | Message]:
    parser = Parser(expect_banner=banner, **kwargs)  # type: ignore[arg-type]
    out: list[Banner | Message] = []

    def drain() -> None:
        while True:
            item = parser.next()
            if item is NEED_DATA or item is CLOSED:
                return
            assert isinstance(item, Banner | Message)
            out.append(item)

    for chunk in chunks:
        parser.feed(chunk)
        drain()
    parser.feed(b"")
    drain()
    assert parser.buffered == 0, f"{parser.buffered} bytes left unparsed"
    return out


def parse_whole(data: bytes, **kwargs: Any) -> list[Banner | Message]:
    return parse_chunks([data], **kwargs)


def parse_bytewise(data: bytes, **kwargs: Any) -> list[Banner | Message]:
    return parse_chunks((data[i : i + 1] for i in range(len(data))), **kwargs)


def parse_drain(
    chunks: Iterable[bytes], *, banner: bool = True, **kwargs: object
) -> list[Banner | Message]:
    """Like :func:`parse_chunks`, through :meth:`Parser.drain`."""
    parser = Parser(expect_banner=banner, **kwargs)  # type: ignore[arg-type]
    out: list[Banner | Message] = []
    for chunk in chunks:
        parser.feed(chunk)
        out.extend(parser.drain())
    parser.feed(b"")
    out.extend(parser.drain())
    assert parser.buffered == 0, f"{parser.buffered} bytes left unparsed"
    return out
