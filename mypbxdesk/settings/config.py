"""Settings: where the PBX is, who the user is, and where files live.

Pure logic and file I/O only (stdlib ``tomllib``); no asyncio, no Qt.

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
"""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..base.numbers import InvalidNumber, is_extension
from ..base.text import Msg, template

APP = "mypbxdesk"
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


def config_dir() -> Path:
    """Per-user config directory (``MYPBXDESK_CONFIG_DIR`` overrides)."""
    if env := os.environ.get("MYPBXDESK_CONFIG_DIR"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP


def data_dir() -> Path:
    """Per-user data directory for call history (``MYPBXDESK_DATA_DIR`` overrides)."""
    if env := os.environ.get("MYPBXDESK_DATA_DIR"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP


def default_config_path() -> Path:
    return config_dir() / "config.toml"


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


def _encodable(host: str) -> bool:
    """Whether the resolver can take ``host`` (``pbx..local`` has an empty label,
    which the IDNA codec refuses with a UnicodeError at connect time)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


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


def _coerce(name: str, value: Any, path: Path) -> Any:
    kind = str(_TYPES[name])
    if kind.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                Msg.of(
                    "{path}: {name} must be a list of texts, e.g. {example}",
                    path=str(path),
                    name=name,
                    example='["/usr/bin/crm", "{number}", "{name}"]',
                )
            )
        return tuple(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(
                Msg.of("{path}: {name} must be true or false", path=str(path), name=name)
            )
        return value
    if kind.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                return int(value)
            raise ConfigError(
                Msg.of("{path}: {name} must be a whole number", path=str(path), name=name)
            )
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ConfigError(Msg.of("{path}: {name} must be text", path=str(path), name=name))
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: the platform config file).

    A missing file gives the defaults. Raises :class:`ConfigError` for a file
    that is not TOML, a value of the wrong type, or a secret in a file others
    can read.
    """
    path = path or default_config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(
            Msg.of("cannot read {path}: {reason}", path=str(path), reason=str(exc.strerror))
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            Msg.of("{path} is not valid TOML: {reason}", path=str(path), reason=str(exc))
        ) from None
    values: dict[str, Any] = {}
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(
                Msg.of("{path}: [{section}] must be a table", path=str(path), section=section)
            )
        for key, value in table.items():
            name = _ALIASES.get((section, key), key)
            if name not in keys:
                continue  # unknown keys from newer versions are ignored
            values[name] = _coerce(name, value, path)
    if values.get("secret") and not _is_private(path):
        raise ConfigError(
            Msg.of(
                "{path} contains the AMI secret but other users can read it; "
                "run 'chmod 600 {path}' or move the secret to the keyring",
                path=str(path),
            )
        )
    return replace(Settings(), **values)


def _is_private(path: Path) -> bool:
    if os.name != "posix":
        return True  # per-user profile directories are private on Windows
    mode = path.stat().st_mode
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


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


def save_settings(
    settings: Settings, path: Path | None = None, *, include_secret: bool = False
) -> Path:
    """Write ``settings`` as TOML, atomically, with mode 0600.

    The secret is written only when ``include_secret`` (the user agreed to
    keep it in the file because there is no keyring).
    """
    path = path or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    values = asdict(settings)
    lines = ["# mypbxdesk settings", ""]
    for section, keys in _SECTIONS.items():
        lines.append(f"[{section}]")
        for key in keys:
            value = values[key]
            if key == "secret" and not (include_secret and value):
                continue
            if value is None:
                continue
            toml_key = _TOML_KEYS.get(key, key)
            lines.append(f"{toml_key} = {_toml_value(value)}")
        lines.append("")
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    os.replace(tmp, path)
    return path


__all__ = [
    "SECRET_ENV",
    "ConfigError",
    "InvalidNumber",
    "Settings",
    "config_dir",
    "data_dir",
    "default_config_path",
    "load_settings",
    "save_settings",
]
