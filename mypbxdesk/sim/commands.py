"""``Action: Command``: the CLI output of the simulated PBX, line by line.

Layer: simulator (``mypbxdesk.sim``): stdlib only; no sockets, no Qt.

The formats are the ``ast_cli`` format strings of Asterisk 1.8 (capture 7 in
../shared/captures-asterisk18 shows their bytes): ``core show channels`` with its
``%-20.20s`` columns (22 widens the columns to 64/32), ``core show channel`` with its
right-aligned labels, ``sip show peers``, ``dahdi show channel(s)`` and ``core show
version``. Which dialect wraps the lines (``Response: Follows`` or ``Output:``) is
decided in the dialect; this module only produces the text.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .engine import Engine
from .model import ANALOG_TRUNK_PORTS, Behaviour, Channel, Endpoint, EndpointKind

#: Commands that Asterisk refuses over AMI (``command_blacklist``).
BLACKLIST = ("module load", "module unload", "restart gracefully")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _fit(text: str, width: int) -> str:
    """``%-W.Ws``: truncated and left-justified."""
    return f"{text[:width]:<{width}}"


class Cli:
    """The CLI commands the simulator knows, and the 1.8 'No such command' for the rest."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._commands: dict[tuple[str, ...], Callable[[list[str]], list[str]]] = {
            ("core", "show", "channels"): self.show_channels,
            ("core", "show", "channel"): self.show_channel,
            ("core", "show", "version"): lambda args: [self.engine.d.version_line],
            ("dahdi", "show", "channels"): self.dahdi_channels,
            ("dahdi", "show", "channel"): self.dahdi_channel,
        }
        if engine.d.legacy:  # chan_sip is gone in Asterisk 21+
            self._commands["sip", "show", "peers"] = self.sip_peers

    def run(self, command: str) -> tuple[list[str], bool]:
        """The output lines of ``command``, and False when no such command exists."""
        words = command.split()
        handler = self._commands.get(tuple(w.lower() for w in words[:3]))
        if handler is not None:
            return handler(words[3:]), True
        # 1.8's find_best(): the words that still matched a command (capture 7, 22-command-error)
        best = " ".join(words[:2])
        return [
            f"No such command '{command}' (type 'core show help {best}' for other "
            "possible commands)"
        ], False

    # -- core show channels ----------------------------------------------------------------
    def show_channels(self, args: list[str]) -> list[str]:
        chans = list(self.engine.channels.values())
        mode = args[0].lower() if args else ""
        if mode == "concise":
            return [self._concise(c) for c in chans]
        wide = not self.engine.d.legacy
        if mode == "verbose":
            lines = [
                self._verbose_row(
                    "Channel",
                    "Context",
                    "Extension",
                    "Prio",
                    "State",
                    "Application",
                    "Data",
                    "CallerID",
                    "Duration",
                    "Accountcode",
                    "PeerAccount",
                    "BridgedTo",
                )
            ]
            for c in chans:
                lines.append(
                    self._verbose_row(
                        c.name,
                        c.context,
                        c.exten,
                        str(c.priority),
                        c.state.desc,
                        c.application or "(None)",
                        c.app_data,
                        c.caller_num,
                        _hms(c.elapsed()),
                        "",
                        "",
                        c.bridged.name if c.bridged else "(None)",
                    )
                )
        else:
            lines = [self._row("Channel", "Location", "State", "Application(Data)", wide)]
            for c in chans:
                location = (
                    f"{c.exten}@{c.context}:{c.priority}" if c.exten and c.context else "(None)"
                )
                app = f"{c.application}({c.app_data})" if c.application else "(None)"
                lines.append(self._row(c.name, location, c.state.desc, app, wide))
        active = sum(1 for c in chans if c.has_pbx)
        return [
            *lines,
            f"{_plural(len(chans), 'active channel')}",
            f"{_plural(active, 'active call')}",
            f"{_plural(self.engine.calls_processed, 'call')} processed",
        ]

    @staticmethod
    def _row(channel: str, location: str, state: str, app: str, wide: bool) -> str:
        cw, lw = (64, 32) if wide else (20, 20)
        return f"{_fit(channel, cw)} {_fit(location, lw)} {_fit(state, 7)} {_fit(app, 30)}"

    @staticmethod
    def _verbose_row(*cols: str) -> str:
        widths = (20, 20, 16, 4, 7, 12, 25, 15, 8, 11, 11, 20)
        parts = [
            f"{c[:w]:>{w}}" if w in (4, 8) else _fit(c, w)
            for c, w in zip(cols, widths, strict=True)
        ]
        return " ".join(parts)

    @staticmethod
    def _concise(c: Channel) -> str:
        bridged = c.bridged.name if c.bridged else "(None)"
        return "!".join(
            [
                c.name,
                c.context,
                c.exten,
                str(c.priority),
                c.state.desc,
                c.application or "(None)",
                c.app_data,
                c.caller_num,
                "",
                "",
                "3",
                str(c.elapsed()),
                bridged,
                c.uniqueid,
            ]
        )

    # -- core show channel <name> ----------------------------------------------------------
    def show_channel(self, args: list[str]) -> list[str]:
        if not args:
            return [
                "Usage: core show channel <channel>",
                "       Shows lots of information about the specified channel.",
            ]
        wanted = args[0]
        ch = self.engine.find_prefix(wanted)
        if ch is None and wanted.isdigit():
            # MyPBX seed §1.4: "core show channel 65" for the DAHDI port of a channel.
            ch = self.engine.find_prefix(f"DAHDI/{wanted}-")
        if ch is None:
            return [f"{wanted} is not a known channel"]
        return self._channel_block(ch)

    def _channel_block(self, c: Channel) -> list[str]:
        call = self.engine.calls.get(c) or self.engine.leg_calls.get(c)
        bridge = c.bridged.name if c.bridged else "<none>"
        elapsed = c.elapsed()
        lines = [
            " -- General --",
            f"           Name: {c.name}",
            f"           Type: {c.tech}",
            f"       UniqueID: {c.uniqueid}",
            f"       LinkedID: {c.linkedid}",
            f"      Caller ID: {c.caller_num or '(N/A)'}",
            f" Caller ID Name: {c.caller_name or '(N/A)'}",
            f"Connected Line ID: {c.connected_num or '(N/A)'}",
            f"Connected Line ID Name: {c.connected_name or '(N/A)'}",
            f"    DNID Digits: {c.dnid or c.exten or '(N/A)'}",
            "       Language: en",
            f"          State: {c.state.desc} ({int(c.state)})",
            "          Rings: 0",
            "  NativeFormats: 0x4 (ulaw)",
            "    WriteFormat: 0x4 (ulaw)",
            "     ReadFormat: 0x4 (ulaw)",
            " WriteTranscode: No ",
            "  ReadTranscode: No ",
            "1st File Descriptor: 17",
            "      Frames in: 0",
            "     Frames out: 0",
            " Time to Hangup: 0",
            f"   Elapsed Time: {elapsed // 3600}h{elapsed // 60 % 60}m{elapsed % 60}s",
            f"  Direct Bridge: {bridge}",
            f"Indirect Bridge: {bridge}",
            " --   PBX   --",
            f"        Context: {c.context}",
            f"      Extension: {c.exten}",
            f"       Priority: {c.priority}",
            "     Call Group: 0",
            "   Pickup Group: 0",
            f"    Application: {c.application or '(N/A)'}",
            f"           Data: {c.app_data or '(Empty)'}",
            f"    Blocking in: {'ast_waitfor_nandfds' if c.application else '(Not Blocking)'}",
            "      Variables:",
        ]
        variables = dict(c.variables)
        if c.bridged is not None:
            variables["BRIDGEPEER"] = c.bridged.name
        lines += [f"{k}={v}" for k, v in reversed(variables.items())]
        lines += ["", "  CDR Variables:"]
        if call is not None:
            start = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(c.created_wall))
            lines += [
                f"level 1: dnid={c.dnid or c.exten}",
                f'level 1: clid="{c.caller_name}" <{c.caller_num}>',
                f"level 1: src={c.caller_num}",
                f"level 1: dst={c.exten}",
                f"level 1: dcontext={c.context}",
                f"level 1: channel={c.name}",
                f"level 1: dstchannel={call.dest_channel if call.caller is c else ''}",
                f"level 1: lastapp={c.application}",
                f"level 1: lastdata={c.app_data}",
                f"level 1: start={start}",
                f"level 1: duration={elapsed}",
                f"level 1: uniqueid={c.uniqueid}",
                f"level 1: linkedid={c.linkedid}",
            ]
        return [*lines, ""]

    # -- sip show peers (1.8 only) ---------------------------------------------------------
    def sip_peers(self, args: list[str]) -> list[str]:
        d = self.engine.directory
        peers = [p for p in d.phones.values() if not p.is_analog]
        rows = [_peer_row("Name/username", "Host", "Dyn", "Forcerport", "ACL", "Port", "Status")]
        online = offline = 0
        for peer in [*sorted(peers, key=lambda p: p.peer), d.trunk]:
            down = d.behaviour(peer.extension) is Behaviour.OFFLINE if peer.is_phone else False
            offline += down
            online += not down
            name = f"{peer.peer}/{peer.peer}" if peer.is_phone else peer.peer
            port = "15999" if not peer.is_phone else f"15{peer.peer}"
            rows.append(
                _peer_row(
                    name,
                    "(Unspecified)" if down else "127.0.0.1",
                    " D " if down else "",
                    " N ",
                    "",
                    "0" if down else port,
                    "UNREACHABLE" if down else "Unmonitored",
                )
            )
        total = online + offline
        rows.append(
            f"{total} sip peers [Monitored: 0 online, {offline} offline "
            f"Unmonitored: {online} online, 0 offline]"
        )
        return rows

    # -- dahdi show channel(s) -------------------------------------------------------------
    def dahdi_channels(self, args: list[str]) -> list[str]:
        def row(*cols: str) -> str:
            chan, *rest = cols
            widths = (10, 15, 10, 20, 10, 10)
            return f"{chan:>7} " + " ".join(_fit(c, w) for c, w in zip(rest, widths, strict=True))

        lines = [
            row("Chan", "Extension", "Context", "Language", "MOH Interpret", "Blocked", "State"),
            row("pseudo", "", "default", "", "default", "", "In Service"),
        ]
        for port in (*ANALOG_TRUNK_PORTS, 5):
            ep = self.engine.directory.dahdi_port(port)
            assert ep is not None
            lines.append(row(str(port), "", ep.context, "en", "default", "", "In Service"))
        return lines

    def dahdi_channel(self, args: list[str]) -> list[str]:
        port = int(args[0]) if args and args[0].isdigit() else -1
        ep = self.engine.directory.dahdi_port(port)
        if ep is None:
            return [f"Unable to find given channel {port}"]
        return _dahdi_block(port, ep, self._owner(port))

    def _owner(self, port: int) -> str:
        ch = self.engine.find_prefix(f"DAHDI/{port}-")
        return ch.name if ch is not None else "<None>"


def _peer_row(
    name: str, host: str, dyn: str, forcerport: str, acl: str, port: str, status: str
) -> str:
    return (
        f"{_fit(name, 25)} {_fit(host, 39)} {_fit(dyn, 3)} {_fit(forcerport, 10)} "
        f"{_fit(acl, 3)} {port:<8} {status:<10} "
    )


def _dahdi_block(port: int, ep: Endpoint, owner: str) -> list[str]:
    """``dahdi show channel``: an analog phone is FXO-signalled, a trunk line FXS-signalled."""
    phone = ep.kind is EndpointKind.ANALOG_PHONE
    return [
        f"Channel: {port}",
        f"File Descriptor: {16 + port}",
        "Span: 1",
        "Extension: ",
        "Dialing: no",
        f"Context: {ep.context}",
        f"Caller ID: {ep.extension if phone else ''}",
        "Calling TON: 0",
        f"Caller ID name: {ep.name if phone else ''}",
        "Mailbox: none",
        "Destroy: 0",
        "InAlarm: 0",
        f"Signalling Type: {'FXO Kewlstart' if phone else 'FXS Kewlstart'}",
        "Radio: 0",
        f"Owner: {owner}",
        "Real: <None>",
        "Callwait: <None>",
        "Threeway: <None>",
        "Confno: -1",
        "Propagated Conference: -1",
        "Real in conference: 0",
        "DSP: no",
        "Busy Detection: no",
        "TDD: no",
        "Relax DTMF: no",
        "Dialing/CallwaitCAS: 0/0",
        "Default law: ulaw",
        "Fax Handled: no",
        "Pulse phone: no",
        "Gains (RX/TX): 0.00/0.00",
        "Dynamic Range Compression (RX/TX): 0.00/0.00",
        "DND: no",
        "Echo Cancellation:",
        "\t128 taps",
        "\tcurrently OFF",
        f"Hookstate (FXS only): {'Offhook' if owner != '<None>' else 'Onhook'}",
    ]


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
