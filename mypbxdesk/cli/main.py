"""Command line: ``mypbxdesk [--demo] [URI] | dial | contacts | simulate | monitor | history``.

``mypbxdesk tel:+1555…`` (also ``callto:``/``sip:``; what a desktop passes to
the URI handler) and ``mypbxdesk dial N`` first try to hand the number to the
running app (one per user session, ``mypbxdesk.ui.singleinstance``), which
opens its dialer with the number and dials at once; that is what a click on a
``tel:`` link means. With no app running, ``dial`` works on its own and a URI
starts the app, which dials once connected. ``dial`` with connection options
(``--host``, ``--config`` …) never hands over: it means another PBX or user.

Composition root for the command-line tools (the GUI has its own in
``mypbxdesk.app``). Exit codes: 0 success, 1 call failed or refused by the
PBX, 2 bad usage / invalid number / bad settings, 3 cannot connect or log in.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..ami.errors import (
    AmiError,
    AuthenticationFailed,
    ConfigurationError,
    ConnectionLost,
    ProtocolError,
)
from ..base.logsetup import register_secret, setup_logging
from ..base.numbers import InvalidNumber, clean_number, is_uri
from ..base.text import display_text, json_line
from ..calls import History
from ..calls.history import format_table
from ..contacts.book import ContactBook, ContactImportError
from ..driver.client import ConnectionState, ConnectionStatus, connect
from ..service.clicktodial import dial
from ..service.phone import PhoneService, ami_options
from ..service.view import ResolvedChange
from ..settings.config import (
    PHONE_TYPES,
    SECRET_ENV,
    ConfigError,
    Settings,
    data_dir,
    missing_file,
    read_settings,
)
from ..settings.credentials import find_secret
from ..settings.paths import secure_app_dirs
from .console import add_console_commands, forward_console_command, run_console_command
from .desktop import contacts_path, run_contacts, run_register_handlers, run_self_test
from .display import no_display_reason
from .lineout import LineOutput
from .stderr import error as _error

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CONNECT = 0, 1, 2, 3


def _add_connection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "connection",
        f"override the settings file; the secret comes from ${SECRET_ENV}, "
        "the OS keyring or the settings file, never from the command line",
    )
    g.add_argument("--config", type=Path, metavar="PATH", help="settings file (TOML)")
    g.add_argument("--host", help="PBX address")
    g.add_argument("--port", type=int, help="AMI port (default 5038)")
    g.add_argument("--username", help="AMI username")
    g.add_argument("--extension", help="my extension, e.g. 503")
    g.add_argument(
        "--type",
        dest="phone_type",
        choices=sorted(PHONE_TYPES),
        help="my phone's channel type, as the settings file's type: sip (default), "
        "pjsip (Asterisk 12+), iax2 or dahdi (an analog phone: also --dahdi-port)",
    )
    g.add_argument("--dahdi-port", type=int, metavar="N", help="analog phone's DAHDI port")
    g.add_argument("--channel", help="channel to ring first (default <TYPE>/<extension>)")
    g.add_argument("--context", help="dial context (default DLPN_DialPlan<extension>)")
    g.add_argument("--tls", action="store_true", default=None, help="AMI over TLS (port 5039)")
    g.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="-v: connection details, -vv: every AMI message (secrets redacted)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mypbxdesk",
        description="Click-to-dial and caller-ID screen-pop for Yeastar MyPBX and Asterisk.",
        epilog="mypbxdesk tel:+15550109999 (also callto:… and sip:…@host) dials the number "
        "from the running app, or starts the app and dials once it is connected.",
    )
    parser.add_argument("--version", action="version", version=f"mypbxdesk {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a built-in simulated PBX and connect to it as extension 474",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="settings file (TOML) for the desktop app"
    )
    parser.add_argument(
        "--register-handlers",
        action="store_true",
        help="Linux, pip installs: add mypbxdesk to the applications menu and "
        "make it the handler for tel:, callto: and sip: links",
    )
    parser.add_argument(
        "--autostart",
        action="store_true",
        help="started at login: stay in the tray (used by the login entry)",
    )
    parser.add_argument(
        "--dial-clipboard",
        action="store_true",
        help="dial the selected or copied number from the running app (or "
        "start it and dial once connected); bind it to a desktop "
        "keyboard shortcut where apps may not grab keys (Wayland)",
    )
    parser.add_argument(
        "--lang",
        metavar="LOCALE",
        help="language of the desktop app, e.g. zh_CN or en (default: "
        "$MYPBXDESK_LANG, else the system locale)",
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "dial",
        help="call a number from my phone (click-to-dial)",
        description="Ring my phone; when I pick up, the PBX dials NUMBER.",
    )
    p.add_argument(
        "number",
        help="digits, +, *, #; spaces, dashes, dots, parentheses and "
        "tel:/callto:/sip: URIs are accepted",
    )
    p.add_argument("--timeout-ms", type=int, help="how long my phone rings (default 30000)")
    p.add_argument(
        "--no-wait",
        action="store_true",
        help="exit once the PBX accepted the call, without waiting for me to pick up",
    )
    p.add_argument(
        "--no-forward",
        action="store_true",
        help="dial from this process even when the desktop app is running",
    )
    _add_connection_options(p)

    p = sub.add_parser(
        "monitor",
        help="print my extension's calls as JSON lines (for scripts and CRMs)",
        description="Follow the calls of my extension and print one JSON object per line "
        "for each change (ringing, answered, ended). Connection state goes to "
        "stderr. Keeps running across PBX restarts; stops on a wrong secret.",
    )
    p.add_argument(
        "--no-history",
        action="store_true",
        help="do not record the calls in the local call history",
    )
    _add_connection_options(p)

    add_console_commands(sub, _add_connection_options)

    p = sub.add_parser("history", help="show the local call history")
    p.add_argument("--missed", action="store_true", help="only missed calls")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--limit", type=int, default=50, help="how many calls (default 50)")

    p = sub.add_parser("contacts", help="import or list contacts (names for caller numbers)")
    csub = p.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    c = csub.add_parser("import", help="import a CSV or vCard (.vcf) file, all or nothing")
    c.add_argument("file", type=Path)
    c.add_argument(
        "--replace",
        action="store_true",
        help="replace the stored contacts instead of adding to them",
    )
    c.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's code page if it is not UTF-8 (cp1252, gb18030 …); asked for when "
        "it cannot be told for sure",
    )
    c.add_argument("--config", type=Path, metavar="PATH", help="settings file (for the region)")
    c = csub.add_parser("list", help="print the stored contacts")
    c.add_argument("--config", type=Path, metavar="PATH", help="settings file (for the region)")
    c = csub.add_parser("lookup", help="the contact name for a number")
    c.add_argument("number")
    c.add_argument("--config", type=Path, metavar="PATH", help="settings file (for the region)")

    p = sub.add_parser("simulate", help="run a simulated MyPBX (AMI server) for trying things out")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=5038, help="port (default 5038; 0 = any free port)")
    p.add_argument(
        "--dialect",
        choices=("mypbx", "asterisk"),
        default="mypbx",
        help="mypbx = Asterisk 1.8 events (default); asterisk = modern 12+ events",
    )
    p.add_argument(
        "--calls-every",
        type=float,
        metavar="SECONDS",
        help="generate an incoming call every SECONDS",
    )
    p.add_argument("--to", default="474", help="extension the generated calls ring (default 474)")
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings file overlaid with the command-line options, validated.

    A file named with ``--config`` must exist (the default one may be missing); a
    problem with a value from the file names the file and line.
    """
    loaded = read_settings(args.config, missing_ok=args.config is None)
    settings = loaded.settings
    overrides = {
        name: value
        for name, value in (
            ("host", args.host),
            ("port", args.port),
            ("username", args.username),
            ("extension", args.extension),
            ("phone_type", getattr(args, "phone_type", None)),
            ("dahdi_port", getattr(args, "dahdi_port", None)),
            ("channel", args.channel),
            ("context", args.context),
            ("tls", args.tls),
            ("originate_timeout_ms", getattr(args, "timeout_ms", None)),
        )
        if value is not None
    }
    settings = dataclasses.replace(settings, **overrides)
    if overrides.get("extension") and not args.context and "{extension}" not in settings.context:
        settings = dataclasses.replace(settings, context="DLPN_DialPlan{extension}")
    problems = settings.validate()
    if problems:
        raise ConfigError("; ".join(loaded.locate(problems, frozenset(overrides))))
    return settings


_OVERRIDES = (
    "config",
    "host",
    "port",
    "username",
    "extension",
    "channel",
    "context",
    "tls",
    "timeout_ms",
)


def forward_to_app(action: str, number: str = "") -> bool:
    """Hand ``number`` to the running desktop app; False if none answers."""
    try:
        from ..ui.singleinstance import make_request, send_request
    except ImportError:  # no Qt libraries: there is no running app either
        return False
    return send_request(make_request(action, number))


async def run_dial(args: argparse.Namespace) -> int:
    try:
        number = clean_number(args.number)  # once; refused before anything is sent
    except InvalidNumber as exc:
        _error(str(exc))
        return EXIT_USAGE
    # Handed over as typed: the app shows it and checks it again (another process's input).
    hand_over = not args.no_forward and all(
        getattr(args, k, None) in (None, False) for k in _OVERRIDES
    )
    if hand_over and forward_to_app("dial", args.number):
        print("Handed the number to the running mypbxdesk app.", flush=True)
        return EXIT_OK
    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    found = find_secret(settings)
    register_secret(found.secret)
    try:
        conn = await connect(ami_options(settings, found.secret))
    except AuthenticationFailed:
        where = (
            f" (secret taken from the {found.source})"
            if found.source
            else (f" (no secret found: set ${SECRET_ENV} or store it in the keyring)")
        )
        _error(
            f"the PBX at {settings.host}:{settings.port} refused AMI user "
            f"{settings.username!r}: wrong username or secret{where}"
        )
        return EXIT_CONNECT
    except ConfigurationError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except (ConnectionLost, ProtocolError) as exc:
        _error(str(exc))
        return EXIT_CONNECT
    except AmiError as exc:
        _error(f"login failed: {exc}")
        return EXIT_CONNECT
    try:
        result = await dial(
            conn.send,
            settings,
            number,
            on_phone_ringing=lambda text: print(display_text(text), file=sys.stderr, flush=True),
            wait_for_answer=not args.no_wait,
        )
    finally:
        await conn.logoff()
    if result.ok:
        print(display_text(result.message), flush=True)
        if note := number.postdial_note():  # an extension is never dropped silently
            print(f"Note: {note}", flush=True)
        return EXIT_OK
    _error(result.message)
    return EXIT_FAILED


def history_path() -> Path:
    return data_dir() / "history.sqlite3"


async def run_monitor(args: argparse.Namespace) -> int:
    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    found = find_secret(settings)
    register_secret(found.secret)
    history = None
    if not args.no_history:
        history = History.open(history_path())
        if history.warning:
            print(f"mypbxdesk: {history.warning}", file=sys.stderr, flush=True)
    try:  # the names `mypbxdesk contacts import` stored, as the desktop app uses them
        contacts = ContactBook.open(contacts_path(), settings.default_region)
    except ContactImportError as exc:
        print(f"mypbxdesk: {exc}", file=sys.stderr, flush=True)
        contacts = ContactBook(None, settings.default_region)
    service = PhoneService(settings, found.secret, history=history, contacts=contacts)
    auth_failed = asyncio.Event()
    settings_error = False

    out = LineOutput()  # `monitor | head -n1`: stop quietly once the reader has gone
    reader_gone = asyncio.Event()

    def on_change(change: ResolvedChange) -> None:
        if not out.write(json_line(change.to_json())):
            reader_gone.set()

    def on_status(status: ConnectionStatus) -> None:
        nonlocal settings_error
        detail = display_text(status.detail)  # the PBX's words may be in it
        print(f"mypbxdesk: {status.state.value}: {detail}", file=sys.stderr, flush=True)
        if status.state is ConnectionState.SETTINGS_ERROR:
            settings_error = True
            auth_failed.set()  # nothing will change by itself: stop
        if status.state is ConnectionState.AUTH_FAILED:
            auth_failed.set()

    service.on_change(on_change)
    service.on_status(on_status)
    service.start()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(auth_failed.wait())]
    waiters.append(asyncio.create_task(reader_gone.wait()))
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
        await service.aclose()
    if settings_error:
        return EXIT_USAGE
    return EXIT_CONNECT if auth_failed.is_set() else EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    path = history_path()
    if not path.exists():
        print("No calls recorded yet.", file=sys.stderr)
        return EXIT_OK
    with History.open(path) as history:
        if history.warning:
            print(f"mypbxdesk: {history.warning}", file=sys.stderr)
        entries = history.recent(limit=max(1, args.limit), missed_only=args.missed)
    out = LineOutput()  # `history --json | head`: stop quietly once the reader has gone
    if args.json:
        for entry in entries:
            if not out.write(json_line(entry.to_json())):
                break
    elif entries:
        out.write(format_table(entries))
    else:
        print("No missed calls." if args.missed else "No calls recorded yet.")
    return EXIT_OK


async def run_simulate(args: argparse.Namespace) -> int:
    from ..sim import run_simulator  # the simulator is only loaded when asked for

    try:
        await run_simulator(
            host=args.host,
            port=args.port,
            dialect=args.dialect,
            calls_every=args.calls_every,
            to=args.to,
        )
    except OSError as exc:
        _error(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_CONNECT
    return EXIT_OK


def split_uri(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """``[..., "tel:123", ...]`` → (the rest, the URI) when no subcommand comes first."""
    rest = list(argv)
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg in ("--config", "--lang"):
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        if is_uri(arg):
            del rest[i]
            return rest, arg
        break  # a subcommand (or a bad word argparse will complain about)
    return rest, None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    rest, uri = split_uri(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(rest)
    if args.dial_clipboard and (uri is not None or args.command is not None or args.demo):
        parser.error("--dial-clipboard cannot be combined with a number, a command or --demo")
    if uri is not None:
        if args.command is not None:
            parser.error(f"{uri!r} cannot be combined with {args.command!r}")
        try:
            clean_number(uri)
        except InvalidNumber as exc:
            _error(f"{uri}: {exc}")
            return EXIT_USAGE
    setup_logging(getattr(args, "verbose", 0))
    if args.command != "simulate":
        secure_app_dirs()  # history and contacts from an older version: the user's only
    try:
        if args.command == "dial":
            return asyncio.run(run_dial(args))
        if args.command == "simulate":
            return asyncio.run(run_simulate(args))
        if args.command == "monitor":
            return asyncio.run(run_monitor(args))
        if args.command == "history":
            return run_history(args)
        if args.command in ("presence", "transfer", "park", "pickup"):
            forwarded = forward_console_command(args)
            if forwarded is not None:
                return forwarded
            return asyncio.run(run_console_command(args))
        if args.command == "contacts":
            return run_contacts(args)
        if args.register_handlers:
            return run_register_handlers()
        if args.self_test:
            return run_self_test()
        if args.command is None:
            args.uri = uri
            return run_gui(args)
    except KeyboardInterrupt:
        return 130
    parser.print_help()
    return EXIT_USAGE


def run_gui(args: argparse.Namespace) -> int:
    """The desktop app (``mypbxdesk`` or ``mypbxdesk --demo``)."""
    try:
        from ..ui.app import AppOptions, run_app
    except ImportError as exc:  # e.g. Qt's system libraries are missing
        _error(
            f"cannot start the desktop app: {exc}. On Debian/Ubuntu: sudo apt-get install "
            "libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0"
        )
        return EXIT_CONNECT
    if args.config is not None and not args.demo and not args.config.exists():
        # Only a file she named must exist: without --config, a missing default file is
        # the first run, and the app opens its settings (what is wrong with a file that
        # exists, the app says itself).
        _error(str(missing_file(args.config)))
        return EXIT_USAGE
    uri: str = getattr(args, "uri", None) or ""
    # The demo is a separate sandbox and never hands over; at login, an app
    # that already runs needs nothing.
    action = (
        "dial"
        if uri
        else "clipboard"
        if args.dial_clipboard
        else "ping"
        if args.autostart
        else "show"
    )
    if not args.demo and forward_to_app(action, uri):
        if uri:
            print("Handed the number to the running mypbxdesk app.", flush=True)
        return EXIT_OK
    headless = no_display_reason()
    if headless is not None:  # else Qt aborts (134) blaming xcb-cursor0
        _error(f"cannot start the desktop app: {headless}")
        return EXIT_CONNECT
    return run_app(
        AppOptions(
            demo=args.demo,
            config=args.config,
            dial=uri,
            dial_clipboard=args.dial_clipboard,
            autostart=args.autostart,
            lang=args.lang,
        )
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
