"""The console on the command line: ``presence``, ``transfer``, ``park``, ``pickup``.

For integrators, like ``dial``: each command hands its request to the running
desktop app when there is one (it already has the state; no second AMI login),
or else logs in itself with the same connection options as ``dial``
(``--host --port --username --extension --channel --config``) and acts. Exit
codes as ``dial``'s: 0 done, 1 the PBX refused or it failed, 2 bad usage or
settings, 3 cannot connect or log in.

* ``mypbxdesk presence`` prints one JSON line per colleague
  (``{"extension", "name", "state", "time"}``), then one per change, until
  interrupted.
* ``mypbxdesk transfer TARGET [--attended] [--call CALL_ID]`` transfers the
  user's current call (or ``CALL_ID``) to a colleague, an outside number or a
  parked call's slot. ``--attended`` consults first: in a terminal it asks
  whether to complete or go back once the colleague answered; without one it
  completes as soon as the colleague answers.
* ``mypbxdesk park [--call CALL_ID]`` prints the slot.
* ``mypbxdesk pickup EXTENSION`` takes the call ringing that colleague's phone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator

from ..base.logsetup import register_secret
from ..base.numbers import InvalidNumber, clean_number, validate_extension
from ..base.text import json_line
from ..calls.model import iso_utc
from ..console import Colleague, PresenceChange
from ..driver.client import ConnectionState, ConnectionStatus
from ..service.attended import TransferProgress
from ..service.console import ConsoleService
from ..service.phone import Outcome, PhoneService
from ..settings.config import SECRET_ENV, ConfigError
from ..settings.credentials import find_secret
from .stderr import error as _error
from .stderr import info as _info

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CONNECT = 0, 1, 2, 3

__all__ = ["add_console_commands", "forward_console_command", "run_console_command"]


def add_console_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    connection_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``presence``, ``transfer``, ``park`` and ``pickup`` to the CLI."""
    p = sub.add_parser(
        "presence",
        help="print the colleagues' line states as JSON lines",
        description="One JSON object per colleague ({extension, name, state, time}), "
        "then one per change, until interrupted.",
    )
    _forwarding(p)
    connection_options(p)

    p = sub.add_parser(
        "transfer",
        help="transfer my current call to a colleague, a number or a parked slot",
        description="Send the other party of my current call (or --call) to TARGET: an "
        "extension, an outside number (mobiles too) or a parking slot.",
    )
    p.add_argument("target", help="extension, number or parking slot")
    p.add_argument(
        "--attended",
        action="store_true",
        help="talk to the target first while the caller waits; complete or go back",
    )
    p.add_argument("--call", metavar="CALL_ID", help="the call (default: my current call)")
    _forwarding(p)
    connection_options(p)

    p = sub.add_parser(
        "park",
        help="park my current call and print the slot",
        description="Park my current call (or --call); print the slot it can be retrieved from.",
    )
    p.add_argument("--call", metavar="CALL_ID", help="the call (default: my current call)")
    _forwarding(p)
    connection_options(p)

    p = sub.add_parser(
        "pickup",
        help="take the call ringing a colleague's phone",
        description="My phone rings; when I pick it up, I get the call ringing EXTENSION.",
    )
    # dest "colleague": "extension" is her own (--extension, a connection option)
    p.add_argument("colleague", metavar="EXTENSION", help="the colleague whose phone rings")
    _forwarding(p)
    connection_options(p)


def _forwarding(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-forward",
        action="store_true",
        help="act from this process even when the desktop app is running",
    )


def colleague_json(colleague: Colleague, name: str, at: float) -> str:
    """One ``presence`` line (one line whatever the name holds, as ``monitor``'s)."""
    return json_line(
        {
            "extension": colleague.extension,
            "name": name,
            "state": colleague.state.value,
            "time": iso_utc(at),
        }
    )


# -- handing over to the running app ------------------------------------------------------
def forward_console_command(args: argparse.Namespace) -> int | None:
    """Let the running desktop app do ``args.command``; None when there is none.

    Synchronous, before any event loop: the app already holds the AMI session
    and the state, so nothing logs in twice. A command with connection options
    (``--host`` …) or ``--no-forward`` is never handed over. When the app took
    the request but did not answer in time, this does *not* fall back to acting
    here: the transfer may have happened, and doing it twice would be worse.
    """
    from .main import _OVERRIDES  # (main imports this module)

    if args.no_forward or any(getattr(args, k, None) not in (None, False) for k in _OVERRIDES):
        return None
    try:
        from ..ui.singleinstance import NoRunningApp, ask, make_request, stream
    except ImportError:  # no Qt libraries: no app can be running either
        return None
    command = args.command
    try:
        if command == "presence":
            request = make_request("presence")
        elif command == "transfer":
            request = make_request(
                "transfer", target=args.target, attended=bool(args.attended), call=args.call or ""
            )
        elif command == "park":
            request = make_request("park", call=args.call or "")
        else:
            request = make_request("pickup", extension=args.colleague)
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    if command == "presence":
        return _forward_presence(stream(request), NoRunningApp)
    try:
        answer = ask(request)
    except NoRunningApp:
        return None
    if answer is None:
        _error("the running mypbxdesk app took the request but did not answer; check it there")
        return EXIT_FAILED
    message = str(answer.get("message") or "")
    if not answer.get("ok"):
        _error(message or "the running mypbxdesk app refused")
        return EXIT_FAILED
    if command == "park":
        print(str(answer.get("slot") or message), flush=True)
    else:
        print(message, flush=True)
        if command == "transfer" and args.attended:
            _info("complete the transfer or go back in the mypbxdesk window")
    return EXIT_OK


def _forward_presence(lines: Iterator[dict[str, object]], no_app: type[Exception]) -> int | None:
    """Print the app's presence stream; None when no app runs."""
    printed = False
    try:
        for item in lines:
            printed = True
            print(json_line(item), flush=True)
    except no_app:
        if not printed:
            return None
        _info("the mypbxdesk app went away")
        return EXIT_CONNECT
    except ValueError as exc:  # the app refused (e.g. no permission to see the lines)
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_OK
    _info("the mypbxdesk app quit")
    return EXIT_CONNECT


# -- acting from this process -------------------------------------------------------------
async def _login(args: argparse.Namespace) -> tuple[PhoneService, ConsoleService] | int:
    """A logged-in phone and console service with their state loaded, or an exit code."""
    from .main import settings_from_args  # (main imports this module)

    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    found = find_secret(settings)
    register_secret(found.secret)
    phone = PhoneService(settings, found.secret)
    console = ConsoleService(phone)
    phone.start()
    client = phone.client
    try:
        async with asyncio.timeout(client.options.connect_timeout + 20):
            while True:
                state = client.status.state
                if state is ConnectionState.CONNECTED:
                    await client.wait_ready()
                    await console.wait_resynced()
                    return phone, console
                if state in (
                    ConnectionState.AUTH_FAILED,
                    ConnectionState.SETTINGS_ERROR,
                    ConnectionState.RECONNECT_WAIT,
                ):
                    break
                await asyncio.sleep(0.05)
    except TimeoutError:
        pass
    status = client.status
    await phone.aclose()
    if status.state is ConnectionState.AUTH_FAILED:
        where = (
            f"secret taken from the {found.source}"
            if found.source
            else f"no secret found: set ${SECRET_ENV} or store it in the keyring"
        )
        _error(f"{status.detail} ({where})")
        return EXIT_CONNECT
    _error(status.detail or "could not connect to the PBX")
    return EXIT_USAGE if status.state is ConnectionState.SETTINGS_ERROR else EXIT_CONNECT


async def _with_console(
    args: argparse.Namespace, act: Callable[[PhoneService, ConsoleService], Awaitable[int]]
) -> int:
    opened = await _login(args)
    if isinstance(opened, int):
        return opened
    phone, console = opened
    try:
        return await act(phone, console)
    finally:
        await phone.aclose()


def _report(outcome: Outcome) -> int:
    if outcome.ok:
        print(outcome.message, flush=True)
        return EXIT_OK
    _error(outcome.message)
    return EXIT_FAILED


async def _presence(phone: PhoneService, console: ConsoleService) -> int:
    resolver = phone.resolver

    def name_of(colleague: Colleague) -> str:
        return resolver.name_for(colleague.extension, colleague.name).name

    for colleague in console.presence.colleagues:
        print(colleague_json(colleague, name_of(colleague), colleague.since), flush=True)

    def changed(change: PresenceChange) -> None:
        c = change.colleague
        print(colleague_json(c, name_of(c), c.since), flush=True)

    console.on_presence(changed)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    failed = asyncio.Event()

    def status(st: ConnectionStatus) -> None:
        if st.state is not ConnectionState.CONNECTED:
            _info(f"{st.state.value}: {st.detail}")
        if st.state in (ConnectionState.AUTH_FAILED, ConnectionState.SETTINGS_ERROR):
            failed.set()

    phone.on_status(status)
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(failed.wait())]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
    return EXIT_CONNECT if failed.is_set() else EXIT_OK


async def _attended(console: ConsoleService, target: str, call_id: str | None) -> int:
    done: asyncio.Future[TransferProgress] = asyncio.get_running_loop().create_future()
    consulting = asyncio.Event()

    def progress(p: TransferProgress) -> None:
        _info(p.text)
        if p.stage.value == "consulting":
            consulting.set()
        if p.final and not done.done():
            done.set_result(p)

    console.on_transfer(progress)
    started = await console.transfer_attended(target, call_id)
    if not started.ok:
        _error(started.message)
        return EXIT_FAILED
    waiting: asyncio.Future[object] = asyncio.ensure_future(consulting.wait())
    finished: asyncio.Future[object] = done  # type: ignore[assignment]
    await asyncio.wait({waiting, finished}, return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    if not done.done():
        complete = True
        if sys.stdin.isatty():
            answer = await asyncio.to_thread(
                input, "Press Enter to complete the transfer, or b and Enter to go back: "
            )
            complete = not answer.strip().lower().startswith("b")
        outcome = await (console.complete_transfer() if complete else console.cancel_transfer())
        if not outcome.ok:
            _error(outcome.message)
    final = await done
    print(final.text, flush=True)
    return EXIT_OK if final.stage.value == "done" else EXIT_FAILED


async def run_console_command(args: argparse.Namespace) -> int:
    """``presence``, ``transfer``, ``park`` or ``pickup`` (see the module doc)."""
    command = args.command
    if command == "transfer":
        try:
            target = clean_number(args.target)
        except InvalidNumber as exc:
            _error(f"{args.target!r}: {exc}")
            return EXIT_USAGE
        if args.attended:
            return await _with_console(args, lambda _p, c: _attended(c, str(target), args.call))
        return await _with_console(args, lambda _p, c: _outcome(c.transfer(str(target), args.call)))
    if command == "park":
        return await _with_console(args, lambda _p, c: _park(c, args.call))
    if command == "pickup":
        try:
            extension = validate_extension(args.colleague)
        except InvalidNumber as exc:
            _error(str(exc))
            return EXIT_USAGE
        return await _with_console(args, lambda _p, c: _outcome(c.pickup(extension)))
    return await _with_console(args, _presence)


async def _outcome(pending: Awaitable[Outcome]) -> int:
    return _report(await pending)


async def _park(console: ConsoleService, call_id: str | None) -> int:
    outcome = await console.park(call_id)
    if not outcome.ok:
        _error(outcome.message)
        return EXIT_FAILED
    print(outcome.slot, flush=True)
    return EXIT_OK
