"""Command line: ``mypbxdesk [--demo] | dial | simulate | monitor | history``.

Composition root for the command-line tools (the GUI has its own in
``mypbxdesk.app``). Exit codes: 0 success, 1 call failed or refused by the
PBX, 2 bad usage / invalid number / bad settings, 3 cannot connect or log in.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .ami.client import AmiOptions, connect
from .ami.errors import AmiError, AuthenticationFailed, ConnectionLost, ProtocolError
from .clicktodial import dial
from .config import SECRET_ENV, ConfigError, Settings, load_settings
from .credentials import find_secret
from .logsetup import register_secret, setup_logging
from .numbers import InvalidNumber, clean_number

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CONNECT = 0, 1, 2, 3


def _add_connection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "connection", f"override the settings file; the secret comes from ${SECRET_ENV}, "
        "the OS keyring or the settings file, never from the command line")
    g.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    g.add_argument("--host", help="PBX address")
    g.add_argument("--port", type=int, help="AMI port (default 5038)")
    g.add_argument("--username", help="AMI username")
    g.add_argument("--extension", help="my extension, e.g. 503")
    g.add_argument("--channel", help="channel to ring first (default SIP/<extension>)")
    g.add_argument("--context", help="dial context (default DLPN_DialPlan<extension>)")
    g.add_argument("--tls", action="store_true", default=None, help="AMI over TLS (port 5039)")
    g.add_argument("-v", "--verbose", action="count", default=0,
                   help="-v: connection details, -vv: every AMI message (secrets redacted)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mypbxdesk",
        description="Click-to-dial and caller-ID screen-pop for Yeastar MyPBX and Asterisk.",
    )
    parser.add_argument("--version", action="version", version=f"mypbxdesk {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="start a built-in simulated PBX and connect to it as extension 474")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("dial", help="call a number from my phone (click-to-dial)",
                       description="Ring my phone; when I pick up, the PBX dials NUMBER.")
    p.add_argument("number", help="digits, +, *, #; spaces, dashes, dots, parentheses and "
                                  "tel:/callto:/sip: URIs are accepted")
    p.add_argument("--timeout-ms", type=int, help="how long my phone rings (default 30000)")
    p.add_argument("--no-wait", action="store_true",
                   help="exit once the PBX accepted the call, without waiting for me to pick up")
    _add_connection_options(p)

    p = sub.add_parser("simulate", help="run a simulated MyPBX (AMI server) for trying things out")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=5038, help="port (default 5038; 0 = any free port)")
    p.add_argument("--dialect", choices=("mypbx", "asterisk"), default="mypbx",
                   help="mypbx = Asterisk 1.8 events (default); asterisk = modern 12+ events")
    p.add_argument("--calls-every", type=float, metavar="SECONDS",
                   help="generate an incoming call every SECONDS")
    p.add_argument("--to", default="474", help="extension the generated calls ring (default 474)")
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings file overlaid with the command-line options, validated."""
    settings = load_settings(args.config)
    overrides = {
        name: value for name, value in (
            ("host", args.host), ("port", args.port), ("username", args.username),
            ("extension", args.extension), ("channel", args.channel),
            ("context", args.context), ("tls", args.tls),
            ("originate_timeout_ms", getattr(args, "timeout_ms", None)),
        ) if value is not None
    }
    settings = dataclasses.replace(settings, **overrides)
    if overrides.get("extension") and not args.context and "{extension}" not in settings.context:
        settings = dataclasses.replace(settings, context="DLPN_DialPlan{extension}")
    problems = settings.validate()
    if problems:
        raise ConfigError("; ".join(msg for _, msg in problems))
    return settings


def ami_options(settings: Settings, secret: str) -> AmiOptions:
    return AmiOptions(
        host=settings.host, port=settings.port, username=settings.username, secret=secret,
        tls=settings.tls, tls_verify=settings.tls_verify,
        fallback_encoding=settings.fallback_encoding,
    )


def _error(message: str) -> None:
    print(f"mypbxdesk: error: {message}", file=sys.stderr, flush=True)


async def run_dial(args: argparse.Namespace) -> int:
    try:
        settings = settings_from_args(args)
        number = clean_number(args.number)  # refuse before connecting: nothing is sent
    except (ConfigError, InvalidNumber) as exc:
        _error(str(exc))
        return EXIT_USAGE
    found = find_secret(settings)
    register_secret(found.secret)
    try:
        conn = await connect(ami_options(settings, found.secret))
    except AuthenticationFailed:
        where = f" (secret taken from the {found.source})" if found.source else (
            f" (no secret found: set ${SECRET_ENV} or store it in the keyring)")
        _error(f"the PBX at {settings.host}:{settings.port} refused AMI user "
               f"{settings.username!r}: wrong username or secret{where}")
        return EXIT_CONNECT
    except (ConnectionLost, ProtocolError) as exc:
        _error(str(exc))
        return EXIT_CONNECT
    except AmiError as exc:
        _error(f"login failed: {exc}")
        return EXIT_CONNECT
    try:
        result = await dial(
            conn.send, settings, number,
            on_phone_ringing=lambda text: print(text, file=sys.stderr, flush=True),
            wait_for_answer=not args.no_wait,
        )
    finally:
        await conn.logoff()
    if result.ok:
        print(result.message, flush=True)
        return EXIT_OK
    _error(result.message)
    return EXIT_FAILED


async def run_simulate(args: argparse.Namespace) -> int:
    from .sim import run_simulator  # the simulator is only loaded when asked for

    try:
        await run_simulator(host=args.host, port=args.port, dialect=args.dialect,
                            calls_every=args.calls_every, to=args.to)
    except OSError as exc:
        _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_CONNECT
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(getattr(args, "verbose", 0))
    try:
        if args.command == "dial":
            return asyncio.run(run_dial(args))
        if args.command == "simulate":
            return asyncio.run(run_simulate(args))
    except KeyboardInterrupt:
        return 130
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
