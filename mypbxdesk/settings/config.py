"""Settings: where the PBX is and who the user is (where files live: ``paths``).

Pure logic and file I/O only; no asyncio, no Qt. Reading uses the stdlib's strict
``tomllib``; saving edits the file in place with ``tomlkit``, so an admin's comments,
order, unknown keys and sections survive the settings dialog.

The file is TOML in the platform's config directory (``--config PATH``
overrides)::

    [pbx]
    host = "192.168.5.142"
    port = 5038
    username = "admin"
    tls = false
    plain_login = false               # allow a plain-text secret when the PBX has no MD5 login

    [phone]
    extension = "503"
    type = "sip"                      # sip | iax2 | pjsip | dahdi
    dahdi_port = 5                    # analog phones only
    context = "DLPN_DialPlan{extension}"
    originate_timeout_ms = 30000
    default_region = "CN"             # contacts: how national numbers are read; "" = locale

    [ui]
    crm_mode = "on_click"             # never | on_click (pop button) | auto (on ringing)
    crm_command = ["/usr/bin/crm-lookup", "{number}", "{name}"]   # argv, no shell
    start_at_login = false
    dial_hotkey = ""                  # e.g. "Ctrl+Alt+D" (X11/Windows/macOS; not Wayland)

    [history]
    keep_days = 365                   # calls older than this are forgotten; 0 = keep all

    [console]
    voicemail_number = "*02"          # what the console dials for her voicemail (F7)

The AMI secret is *not* normally in this file: it comes from the environment
variable ``MYPBXDESK_SECRET`` or the OS keyring. A ``secret`` key in ``[pbx]``
is honoured (for machines without a keyring) only if the file is private
(mode 0600 on POSIX); otherwise it is refused with a clear error, because a
world-readable secret is a leak.

Reading is forgiving where nothing is lost and strict where something would be: a
UTF-8 BOM (Notepad) is accepted; an unknown key or section is logged as a WARNING
naming the file and line (a newer version's key, or a typo) and otherwise ignored;
a value of the wrong type, a ``fallback_encoding`` Python does not know, a file
that is not TOML (or nests too deeply to parse) is a :class:`ConfigError` naming
the file and, where it can, the line.
"""

from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import stat
import time
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomlkit.items

from ..base.numbers import InvalidNumber, is_extension
from ..base.private import make_private_dir, tighten, write_private
from ..base.text import Msg, template
from .paths import config_dir, data_dir, default_config_path

log = logging.getLogger(__name__)
SECRET_ENV = "MYPBXDESK_SECRET"
PHONE_TYPES = {"sip": "SIP", "iax2": "IAX2", "pjsip": "PJSIP", "dahdi": "DAHDI"}
POP_CORNERS = ("bottom-right", "bottom-left", "top-right", "top-left")
CRM_MODES = ("never", "on_click", "auto")
#: Fields that go into an AMI header, and what to say about a line break in them.
_HEADER_FIELD_PROBLEMS = {
    "channel": template("the channel must not contain line breaks or control characters"),
    "caller_id": template("the caller id must not contain line breaks or control characters"),
    "username": template("the username must not contain line breaks or control characters"),
}


class ConfigError(ValueError):
    """A settings file or value is wrong; the text names the field and the file."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable. ``secret`` is never printed by ``repr``."""

    host: str = ""
    port: int = 5038
    username: str = "admin"
    secret: str = field(default="", repr=False)
    tls: bool = False
    tls_verify: bool = True
    plain_login: bool = False
    extension: str = ""
    phone_type: str = "sip"
    dahdi_port: int | None = None
    channel: str = ""
    context: str = "DLPN_DialPlan{extension}"
    originate_timeout_ms: int = 30000
    caller_id: str = ""
    fallback_encoding: str = "latin-1"
    pop_corner: str = "bottom-right"
    crm_url: str = ""
    start_at_login: bool = False
    default_region: str = ""
    crm_mode: str = "on_click"
    crm_command: tuple[str, ...] = ()
    dial_hotkey: str = ""
    history_days: int = 365
    voicemail_number: str = "*02"

    @property
    def dial_channel(self) -> str:
        """The channel Originate rings first: ``SIP/503``, or ``DAHDI/5`` for analog."""
        if self.channel:
            return self.channel
        tech = PHONE_TYPES.get(self.phone_type, "SIP")
        if tech == "DAHDI":
            return f"DAHDI/{self.dahdi_port}"
        return f"{tech}/{self.extension}"

    def context_for(self, extension: str) -> str:
        """The dialplan context of ``extension`` (``DLPN_DialPlan503`` on MyPBX)."""
        return self.context.format(extension=extension)

    @property
    def dial_context(self) -> str:
        return self.context_for(self.extension)

    def validate(self) -> list[tuple[str, str]]:
        """Every problem as ``(field, message)``; empty when the settings are usable.

        The messages are :class:`~mypbxdesk.base.text.Msg` (English; the UI translates them).
        """
        problems: list[tuple[str, str]] = []
        host = self.host.strip()
        if not host:
            problems.append(("host", Msg.of("the PBX host is empty")))
        elif any(c.isspace() or ord(c) < 32 for c in host) or "/" in host or not _encodable(host):
            problems.append(
                ("host", Msg.of("{host} is not a host name or IP address", host=repr(host)))
            )
        if not 1 <= self.port <= 65535:
            problems.append(
                ("port", Msg.of("port {port} is not between 1 and 65535", port=self.port))
            )
        if not self.username.strip():
            problems.append(("username", Msg.of("the AMI username is empty")))
        if not is_extension(self.extension):
            problems.append(("extension", Msg.of("my extension must be 1 to 10 digits")))
        if self.phone_type not in PHONE_TYPES:
            problems.append(
                (
                    "phone_type",
                    Msg.of("phone type must be one of {choices}", choices=", ".join(PHONE_TYPES)),
                )
            )
        port = self.dahdi_port
        if self.phone_type == "dahdi" and (port is None or not 1 <= port <= 999):
            problems.append(("dahdi_port", Msg.of("an analog phone needs its DAHDI port (1-999)")))
        try:
            ctx = self.context.format(extension="1")
            if not ctx or any(c in ctx for c in "\r\n\0 "):
                raise ValueError
        except (ValueError, KeyError, IndexError):
            problems.append(
                (
                    "context",
                    Msg.of(
                        "the dial context template is invalid "
                        "(use {extension}, no spaces or line breaks)",
                        extension="{extension}",
                    ),
                )
            )
        # Values that go into an AMI header: a line break or NUL there would end
        # the header (the writer refuses to send it; say so here, before a dial).
        for name, value in (
            ("channel", self.channel),
            ("caller_id", self.caller_id),
            ("username", self.username),
        ):
            if any(ord(c) < 32 or c == "\x7f" for c in value):
                problems.append((name, Msg.of(_HEADER_FIELD_PROBLEMS[name])))
        if not 1000 <= self.originate_timeout_ms <= 600_000:
            problems.append(
                ("originate_timeout_ms", Msg.of("the ring timeout must be 1-600 seconds"))
            )
        if self.pop_corner not in POP_CORNERS:
            problems.append(
                (
                    "pop_corner",
                    Msg.of("pop corner must be one of {choices}", choices=", ".join(POP_CORNERS)),
                )
            )
        if self.default_region:
            import phonenumbers  # only when set: keeps the CLI start-up light

            if self.default_region.upper() not in phonenumbers.SUPPORTED_REGIONS:
                problems.append(
                    (
                        "default_region",
                        Msg.of(
                            "{region} is not a country code such as CN, DE or US",
                            region=repr(self.default_region),
                        ),
                    )
                )
        if not 0 <= self.history_days <= 36_500:
            problems.append(
                (
                    "history_days",
                    Msg.of("the call history must be kept 0 to 36500 days (0: keep everything)"),
                )
            )
        if self.crm_mode not in CRM_MODES:
            problems.append(
                (
                    "crm_mode",
                    Msg.of("CRM mode must be one of {choices}", choices=", ".join(CRM_MODES)),
                )
            )
        if self.crm_command:
            rest = [a.replace("{number}", "").replace("{name}", "") for a in self.crm_command]
            if not self.crm_command[0].strip() or "{number}" in self.crm_command[0]:
                problems.append(
                    ("crm_command", Msg.of("the CRM command must start with a program"))
                )
            elif any("{" in a or "}" in a or "\0" in a for a in rest):
                problems.append(
                    (
                        "crm_command",
                        Msg.of(
                            "the CRM command may only contain {number} and {name}",
                            number="{number}",
                            name="{name}",
                        ),
                    )
                )
        return problems

    def check(self) -> Settings:
        """Return self, or raise :class:`ConfigError` listing every problem."""
        problems = self.validate()
        if problems:
            raise ConfigError("; ".join(msg for _, msg in problems))
        return self


#: RFC 1035: at most 253 characters of name (254 with the root's dot).
_MAX_HOST = 253


def _encodable(host: str) -> bool:
    """Whether the resolver can take ``host``: ``pbx..local`` has an empty label and a
    64-character label is too long (the IDNA codec refuses both with a UnicodeError at
    connect time); a name longer than 253 characters no resolver takes."""
    try:
        encoded = host.encode("idna")
    except UnicodeError:
        return False
    return len(encoded.rstrip(b".")) <= _MAX_HOST


_SECTIONS: dict[str, tuple[str, ...]] = {
    "pbx": (
        "host",
        "port",
        "username",
        "secret",
        "tls",
        "tls_verify",
        "plain_login",
        "fallback_encoding",
    ),
    "phone": (
        "extension",
        "phone_type",
        "dahdi_port",
        "channel",
        "context",
        "originate_timeout_ms",
        "caller_id",
        "default_region",
    ),
    "ui": ("pop_corner", "crm_url", "start_at_login", "crm_mode", "crm_command", "dial_hotkey"),
    "history": ("history_days",),
    "console": ("voicemail_number",),
}
_ALIASES = {("phone", "type"): "phone_type", ("history", "keep_days"): "history_days"}
_TOML_KEYS = {name: key for (_section, key), name in _ALIASES.items()}
_TYPES = {f.name: f.type for f in fields(Settings)}


_SECTION_OF = {name: section for section, names in _SECTIONS.items() for name in names}
_DEFAULTS = asdict(Settings())
_BOM = "\ufeff"
_INVALID = object()  # a value in the file that does not read as its type


# -- where a key is written, for messages that name the line ------------------------------
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_HEADER_LINE = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_KEY_LINE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")


def _key_path(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in re.findall(_KEY_PART, dotted))


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each table and key, ``("pbx", "host") → 3`` (the first one).

    tomllib gives values without positions; a scan of the lines is enough to point
    the admin at the right line (a key-like line inside a multi-line string could
    fool it, and then a message names the wrong line, nothing worse).
    """
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.split("\n"), 1):
        if header := _HEADER_LINE.match(line):
            table = _key_path(header.group(1))
            found.setdefault(table, number)
        elif key := _KEY_LINE.match(line):
            found.setdefault(table + _key_path(key.group(1)), number)
    return found


def _where(path: Path, lines: Mapping[tuple[str, ...], int], *key: str) -> str:
    """``path, line N`` of ``key`` (else of its table), else just the path."""
    for end in range(len(key), 0, -1):
        if (line := lines.get(key[:end])) is not None:
            return Msg.of("{path}, line {line}", path=str(path), line=line)
    return str(path)


# -- reading ------------------------------------------------------------------------------
def _text_codec(name: str) -> bool:
    """Whether ``name`` decodes any line of bytes, as the AMI framer will ask it to
    (``codecs.lookup`` knows it and it is a text encoding: not ``rot13`` or ``hex``)."""
    try:
        codecs.lookup(name)
        bytes(range(256)).decode(name, "surrogateescape")
    except (LookupError, UnicodeError, TypeError, ValueError):
        return False
    return True


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = str(_TYPES[name])
    if kind.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                Msg.of(
                    "{path}: {name} must be a list of texts, e.g. {example}",
                    path=where,
                    name=name,
                    example='["/usr/bin/crm", "{number}", "{name}"]',
                )
            )
        return tuple(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(Msg.of("{path}: {name} must be true or false", path=where, name=name))
        return value
    if kind.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                return int(value)
            raise ConfigError(
                Msg.of("{path}: {name} must be a whole number", path=where, name=name)
            )
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ConfigError(Msg.of("{path}: {name} must be text", path=where, name=name))
    if name == "fallback_encoding" and not _text_codec(value):
        # Checked here, not at the first non-UTF-8 caller name, where the framer
        # would fail and every connection would seem to be the PBX's fault.
        raise ConfigError(
            Msg.of(
                "{where}: {reason}",
                where=where,
                reason=f"fallback_encoding {value!r} is not a text encoding Python knows "
                "(e.g. cp1251, gb18030, latin-1)",
            )
        )
    return value


def _home_of(key: str) -> str:
    """The section a known key belongs in (for a key written in the wrong one)."""
    for (section, alias), _name in _ALIASES.items():
        if alias == key:
            return section
    return _SECTION_OF.get(key, "")


def _values(
    data: Mapping[str, Any],
    path: Path,
    lines: Mapping[tuple[str, ...], int],
    *,
    warn: bool = True,
    lenient: bool = False,
) -> dict[str, Any]:
    """The settings ``data`` (parsed TOML) gives, by field name.

    ``warn``: log each unknown key or section (WARNING, with file and line).
    ``lenient``: a value of the wrong type reads as ``_INVALID`` instead of raising.
    """
    values: dict[str, Any] = {}
    for section, table in data.items():
        names = _SECTIONS.get(section)
        if names is None:
            if warn:
                where = _where(path, lines, section)
                if isinstance(table, dict):
                    log.warning("%s: unknown section [%s], ignored", where, section)
                else:
                    home = _home_of(section)
                    hint = f" (it belongs in [{home}])" if home else ""
                    log.warning("%s: unknown key %r, ignored%s", where, section, hint)
            continue
        if not isinstance(table, dict):
            raise ConfigError(
                Msg.of(
                    "{path}: [{section}] must be a table",
                    path=_where(path, lines, section),
                    section=section,
                )
            )
        for key, value in table.items():
            name = _ALIASES.get((section, key), key)
            if name not in names:
                if warn:
                    home = _home_of(key)
                    hint = f" (it belongs in [{home}])" if home else ""
                    log.warning(
                        "%s: unknown key %r in [%s], ignored%s",
                        _where(path, lines, section, key),
                        key,
                        section,
                        hint,
                    )
                continue
            try:
                values[name] = _coerce(name, value, _where(path, lines, section, key))
            except ConfigError:
                if not lenient:
                    raise
                values[name] = _INVALID
    return values


def missing_file(path: Path) -> ConfigError:
    """The error for a settings file that was named (``--config``) but is not there."""
    return ConfigError(
        Msg.of("cannot read {path}: {reason}", path=str(path), reason=os.strerror(errno.ENOENT))
    )


def _read_text(path: Path, *, missing_ok: bool) -> str | None:
    """The file's text without a BOM; None when it is missing and that is fine."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return None
        raise missing_file(path) from None
    except OSError as exc:
        raise ConfigError(
            Msg.of("cannot read {path}: {reason}", path=str(path), reason=str(exc.strerror))
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            Msg.of(
                "{path} is not valid TOML: {reason}",
                path=Msg.of("{path}, line {line}", path=str(path), line=line),
                reason=f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ) from None
    return text.removeprefix(_BOM)  # Notepad's byte order mark


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
    except RecursionError:  # a = [[[[… : the parser recurses once per level
        reason = "arrays or tables are nested too deeply"
    raise ConfigError(Msg.of("{path} is not valid TOML: {reason}", path=str(path), reason=reason))


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """Settings as read from a file, and where each field was written.

    Attributes:
        settings: the file's values over the defaults.
        path: the file.
        where: ``field → "path, line N"`` for each field the file sets.
    """

    settings: Settings
    path: Path
    where: Mapping[str, str]

    def locate(self, problems: list[tuple[str, str]], overridden: frozenset[str]) -> list[str]:
        """``Settings.validate`` problems, each prefixed with the file and line of its
        field when the file set it and ``overridden`` (command-line options) did not."""
        return [
            Msg.of("{where}: {reason}", where=self.where[name], reason=msg)
            if name in self.where and name not in overridden
            else msg
            for name, msg in problems
        ]


def read_settings(path: Path | None = None, *, missing_ok: bool = True) -> LoadedSettings:
    """Read settings from ``path`` (default: the platform config file).

    A missing file gives the defaults, unless ``missing_ok`` is false (a file the user
    named with ``--config``): then it is a :class:`ConfigError`. Raises
    :class:`ConfigError` for a file that is not TOML, a value of the wrong type, or a
    secret in a file others can read; an unknown key is logged (WARNING) and ignored.
    """
    path = path or default_config_path()
    text = _read_text(path, missing_ok=missing_ok)
    if text is None:
        return LoadedSettings(Settings(), path, {})
    lines = _key_lines(text)
    data = _parse(text, path)
    values = _values(data, path, lines)
    if values.get("secret") and not _is_private(path):
        raise ConfigError(
            Msg.of(
                "{path} contains the AMI secret but other users can read it; "
                "run 'chmod 600 {path}' or move the secret to the keyring",
                path=str(path),
            )
        )
    where = {
        name: _where(path, lines, section, key)
        for section, table in data.items()
        for key in (table if section in _SECTIONS else ())
        if (name := _ALIASES.get((section, key), key)) in _SECTIONS[section]
    }
    return LoadedSettings(replace(Settings(), **values), path, where)


def load_settings(path: Path | None = None, *, missing_ok: bool = True) -> Settings:
    """:func:`read_settings`, the settings only."""
    return read_settings(path, missing_ok=missing_ok).settings


def _is_private(path: Path) -> bool:
    if os.name != "posix":
        return True  # per-user profile directories are private on Windows
    mode = path.stat().st_mode
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


# -- writing ------------------------------------------------------------------------------
def _toml_value(value: object) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    escaped = "".join(
        {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, c)
        if c in '\\"\n\r\t' or ord(c) >= 32
        else f"\\u{ord(c):04x}"
        for c in text
    )
    return f'"{escaped}"'


def _fresh(values: Mapping[str, Any]) -> str:
    """A new settings file: every key, in the documented order."""
    lines = ["# mypbxdesk settings", ""]
    for section, keys in _SECTIONS.items():
        lines.append(f"[{section}]")
        for key in keys:
            value = values[key]
            if value is None or (key == "secret" and not value):
                continue
            lines.append(f"{_TOML_KEYS.get(key, key)} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _same(name: str, raw: Any, value: Any) -> bool:
    try:
        return bool(_coerce(name, raw, "") == value)
    except ConfigError:
        return False


def _insert(table: Any, key: str, item: tomlkit.items.Item) -> None:
    """Add ``key`` at the end of its section: after the section's last key, before the
    comments and blank lines that lead into the next section (tomlkit's own ``add``
    would put it after them, under the next section's comment)."""
    body = table.value.body if isinstance(table, tomlkit.items.Table) else []
    last = [
        k
        for k, v in body
        if k is not None and not isinstance(v, tomlkit.items.Table | tomlkit.items.AoT)
    ]
    container = table.value
    if not last or table.is_super_table() or not hasattr(container, "_insert_after"):
        table[key] = item  # inline or dotted tables, or a tomlkit without the helper
        return
    previous = body[container._map[last[-1]]][1] if last[-1] in container._map else None
    if previous is not None:
        item.trivia.indent = previous.trivia.indent
    container._insert_after(last[-1], key, item)
    dict.__setitem__(table, key, item)  # what Table.append does for its dict view


def _update(doc: tomlkit.TOMLDocument, values: Mapping[str, Any], base: Settings | None) -> None:
    """Edit ``doc`` in place to say ``values``, touching only what changes."""
    new_sections: dict[str, tomlkit.items.Table] = {}
    for section, names in _SECTIONS.items():
        table: Any = doc.get(section)  # a tomlkit Table, InlineTable, or None
        plain: dict[str, Any] = table.unwrap() if table is not None else {}
        for name in names:
            value = values[name]
            if base is not None and name != "secret" and getattr(base, name) == value:
                continue  # the user did not change it: the file keeps what it says
            present = [k for k in plain if _ALIASES.get((section, k), k) == name]
            if value is None or (name == "secret" and not value):
                for key in present:
                    del table[key]
                continue
            item = tomlkit.item(list(value) if isinstance(value, tuple) else value)
            if present:
                for key in present:
                    if not _same(name, plain[key], value):
                        table[key] = item
            elif value != _DEFAULTS[name]:
                key = _TOML_KEYS.get(name, name)
                if table is None:
                    new_sections.setdefault(section, tomlkit.table()).add(key, item)
                else:
                    _insert(table, key, item)
    for section, new in new_sections.items():
        doc.add(section, new)


def _keep_aside(path: Path) -> Path:
    """Rename a file that cannot be edited to ``<stem>.broken-<UTC time><suffix>``
    (as the call history does): it may hold the secret, so it is made private."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.stem}.broken-{stamp}{path.suffix}")
    os.replace(path, aside)
    tighten(aside)
    return aside


def save_settings(
    settings: Settings,
    path: Path | None = None,
    *,
    include_secret: bool = False,
    base: Settings | None = None,
) -> Path:
    """Write ``settings`` to the TOML file, keeping what the admin wrote there.

    A new file gets every key, in the documented order. An existing file is edited in
    place (tomlkit): its comments, order, blank lines, unknown keys and sections stay
    byte for byte; a value that changed is rewritten where it stands (with the comment
    beside it); a value that is not in the file yet is added at the end of its section
    (the section at the end of the file) only if it differs from the default. A key
    the file has stays, even set back to its default value: the admin wrote it there
    and it keeps saying what is in force. Removed are only ``secret`` (unless
    ``include_secret``: the user agreed to keep it in the file because there is no
    keyring) and a ``dahdi_port`` that is no longer set.

    ``base``: the settings the caller started from (the dialog's); a field equal there
    is left as the file says, so that an edit made to the file meanwhile stays.

    Atomic (a temporary file and ``os.replace`` in the same folder), mode 0600, through
    a symlink to its target; a BOM stays. A file that is not valid TOML is kept beside
    as ``config.broken-<UTC time>.toml`` (logged) and a new one is written.
    """
    path = path or default_config_path()
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    make_private_dir(target.parent)
    values = asdict(settings)
    if not include_secret:
        values["secret"] = ""
    try:
        text: str | None = target.read_bytes().decode("utf-8")
    except FileNotFoundError:
        text = None
    except UnicodeDecodeError:
        text = "\0"  # not TOML: kept aside below
    if text is not None:
        bom = _BOM if text.startswith(_BOM) else ""
        try:
            doc = tomlkit.parse(text[len(bom) :])
            _values(doc.unwrap(), target, {}, warn=False, lenient=True)  # [pbx] = 3 …
        except (tomlkit.exceptions.TOMLKitError, ValueError, RecursionError):
            aside = _keep_aside(target)
            log.warning("%s was not valid TOML; kept as %s, and a new one written", path, aside)
        else:
            _update(doc, values, base)
            write_private(target, (bom + doc.as_string()).encode("utf-8"))
            return path
    write_private(target, _fresh(values).encode("utf-8"))
    return path


__all__ = [
    "SECRET_ENV",
    "ConfigError",
    "InvalidNumber",
    "LoadedSettings",
    "Settings",
    "config_dir",
    "data_dir",
    "default_config_path",
    "load_settings",
    "missing_file",
    "read_settings",
    "save_settings",
]
