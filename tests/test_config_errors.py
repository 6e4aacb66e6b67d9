"""Settings files that used to fail badly: each is a clear error naming the file (and
the line), or is accepted; never a traceback, never silently ignored."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mypbxdesk.cli import main as cli
from mypbxdesk.settings.config import ConfigError, Settings, load_settings

GOOD = '[pbx]\nhost = "127.0.0.1"\nport = 1\n[phone]\nextension = "503"\n'


def mypbxdesk(tmp_path: Path, *args: str, timeout: float = 30) -> tuple[int, str]:
    """Run the command line as a user does; returns (exit code, stderr)."""
    env = dict(
        os.environ,
        MYPBXDESK_DATA_DIR=str(tmp_path / "data"),
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "config"),
        MYPBXDESK_SECRET="password",
        QT_QPA_PLATFORM="offscreen",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypbxdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stderr


@pytest.fixture
def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """Run ``mypbxdesk.cli.main.main`` in this process; returns (exit code, stderr).

    An exception escaping ``main`` (what a user would see as a traceback) fails the
    test. Logging stays pytest's: the CLI's own setup would replace its handlers.
    """
    monkeypatch.setattr(cli, "setup_logging", lambda verbosity=0: None)
    monkeypatch.setenv("MYPBXDESK_SECRET", "password")

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        rc = cli.main(list(args))
        return rc, capsys.readouterr().err

    return run


# -- host names the resolver cannot take ------------------------------------------------
LONG_NAME = ".".join(["a" * 60] * 4) + ".abcd"  # 248 characters, every label fine
BAD_HOSTS = [
    "pbx..local",  # an empty label
    "a" * 64 + ".local",  # a label over 63
    ".".join(["a" * 60] * 5),  # 304 characters
    LONG_NAME + "e.fghi",  # 254 characters
]


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_host_name_no_resolver_takes_is_named(host: str) -> None:
    problems = Settings(host=host, extension="503").validate()
    assert [f for f, _ in problems] == ["host"]
    assert "is not a host name or IP address" in problems[0][1]


@pytest.mark.parametrize("host", [LONG_NAME + "e.fgh", LONG_NAME + "e.fgh.", "fe80::1%eth0"])
def test_the_longest_host_name_and_ipv6_are_fine(host: str) -> None:
    assert Settings(host=host, extension="503").validate() == []


def _bad_host_file(tmp_path: Path, host: str) -> Path:
    config = tmp_path / "c.toml"
    config.write_text(f'# the office\n[pbx]\nhost = "{host}"\n[phone]\nextension = "503"\n')
    return config


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("command", [["dial", "123"], ["monitor"], ["park"]])
def test_the_command_line_names_file_and_line_of_a_bad_host(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]], host: str, command: list[str]
) -> None:
    config = _bad_host_file(tmp_path, host)
    rc, err = run_cli(*command, "--config", str(config))
    assert rc == 2, err
    assert f"{config}, line 3: {host!r} is not a host name or IP address" in err


def test_a_bad_host_from_the_command_line_is_not_blamed_on_the_file(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]]
) -> None:
    config = _bad_host_file(tmp_path, "pbx.local")
    rc, err = run_cli("dial", "--config", str(config), "--host", "pbx..local", "123")
    assert rc == 2
    assert "'pbx..local' is not a host name or IP address" in err
    assert str(config) not in err


def test_a_bad_host_is_an_error_without_a_traceback_as_the_user_runs_it(tmp_path: Path) -> None:
    config = _bad_host_file(tmp_path, "pbx..local")
    rc, err = mypbxdesk(tmp_path, "dial", "--config", str(config), "123")
    assert rc == 2, err
    assert f"{config}, line 3: 'pbx..local' is not a host name or IP address" in err
    assert "Traceback" not in err


# -- deeply nested TOML -----------------------------------------------------------------
def test_deeply_nested_toml_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("a = " + "[" * 100_000)
    with pytest.raises(ConfigError, match=r"is not valid TOML: .*nested too deeply") as err:
        load_settings(config)
    assert str(config) in str(err.value)
    rc, out = mypbxdesk(tmp_path, "monitor", "--config", str(config))
    assert rc == 2 and "nested too deeply" in out and "Traceback" not in out


# -- a byte order mark (Notepad) --------------------------------------------------------
def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_settings(config) == Settings(host="127.0.0.1", port=1, extension="503")


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_bytes(b'[pbx]\nhost = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"c.toml, line 2 is not valid TOML: byte 0xe9"):
        load_settings(config)


# -- --config naming a file that is not there -------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["dial", "123"],
        ["monitor"],
        ["presence"],
        ["park"],
        ["contacts", "list"],
        [],  # the desktop app
    ],
)
def test_a_named_config_file_that_is_missing_is_an_error(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]], command: list[str]
) -> None:
    missing = tmp_path / "nope.toml"
    rc, err = run_cli(*command, "--config", str(missing))
    assert rc == 2, err
    assert f"cannot read {missing}: No such file or directory" in err


def test_load_settings_says_a_named_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No such file"):
        load_settings(tmp_path / "nope.toml", missing_ok=False)
    assert load_settings(tmp_path / "nope.toml") == Settings()  # the default file may be


@pytest.mark.slow
def test_the_app_without_a_settings_file_still_starts_for_its_first_run(tmp_path: Path) -> None:
    """No ``--config`` and no default file: the app starts (and opens its settings)."""
    env = dict(
        os.environ,
        MYPBXDESK_DATA_DIR=str(tmp_path / "data"),
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
    )
    with subprocess.Popen(
        [sys.executable, "-m", "mypbxdesk"], env=env, stderr=subprocess.PIPE, text=True
    ) as app:
        try:
            time.sleep(4)
            assert app.poll() is None  # still running: the first-run dialog waits for her
        finally:
            app.terminate()
            _, err = app.communicate(timeout=20)
    assert "error" not in err and "Traceback" not in err


# -- a fallback encoding Python does not know -------------------------------------------
@pytest.mark.parametrize("name", ["win1251", "rot13", "hex", ""])
def test_an_unknown_fallback_encoding_is_refused_at_load(tmp_path: Path, name: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[pbx]\nhost = "pbx"\nfallback_encoding = "{name}"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert f"{config}, line 3: fallback_encoding {name!r} is not a text encoding" in str(err.value)


@pytest.mark.parametrize("name", ["cp1251", "gb18030", "latin-1", "utf-16"])
def test_a_real_fallback_encoding_is_taken(tmp_path: Path, name: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[pbx]\nfallback_encoding = "{name}"\n')
    assert load_settings(config).fallback_encoding == name


# -- unknown keys: a warning with file and line, nothing refused -------------------------
UNKNOWN = """\
[pbx]
host = "pbx"
hots = "typo"
extension = "503"

[phone]
extension = "503"

[site]
name = "HQ"
"""


def test_unknown_keys_and_sections_are_warned_about_with_their_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(UNKNOWN)
    with caplog.at_level(logging.WARNING, logger="mypbxdesk.settings.config"):
        assert load_settings(config) == Settings(host="pbx", extension="503")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"{config}, line 3: unknown key 'hots' in [pbx], ignored"),
        (
            "WARNING",
            f"{config}, line 4: unknown key 'extension' in [pbx], ignored (it belongs in [phone])",
        ),
        ("WARNING", f"{config}, line 9: unknown section [site], ignored"),
    ]


def test_the_command_line_prints_the_unknown_key_warning(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(UNKNOWN)
    rc, err = mypbxdesk(tmp_path, "contacts", "list", "--config", str(config))
    assert rc == 0, err
    assert f"{config}, line 3: unknown key 'hots' in [pbx], ignored" in err


def test_wrong_types_name_the_line(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[pbx]\nhost = "pbx"\n\n  port = "abc"  # oops\n')
    with pytest.raises(ConfigError, match=r"c.toml, line 4: port must be a whole number"):
        load_settings(config)


# -- every command: the file and line, an exit code of 2, never a traceback ---------------
BAD_FILES: dict[str, tuple[str | bytes, str]] = {
    "nested": ("a = " + "[" * 100_000, "{config} is not valid TOML: arrays or tables are nested"),
    "syntax": ('[pbx]\nhost = "pbx\n', "{config} is not valid TOML: "),
    "encoding": (
        '[pbx]\nhost = "pbx"\nfallback_encoding = "win1251"\n',
        "{config}, line 3: fallback_encoding 'win1251' is not a text encoding",
    ),
    "type": ("[pbx]\nhost = true\n", "{config}, line 2: host must be text"),
    "table": ("pbx = 1\n", "{config}, line 1: [pbx] must be a table"),
    "latin-1": (b'# caf\xe9\n[pbx]\nhost = "pbx"\n', "{config}, line 1 is not valid TOML: byte"),
}


@pytest.mark.parametrize("case", BAD_FILES)
@pytest.mark.parametrize(
    "command", [["dial", "123"], ["monitor"], ["presence"], ["contacts", "list"]]
)
def test_a_bad_file_is_one_clear_line_for_every_command(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]], case: str, command: list[str]
) -> None:
    text, expected = BAD_FILES[case]
    config = tmp_path / "c.toml"
    if isinstance(text, bytes):
        config.write_bytes(text)
    else:
        config.write_text(text)
    rc, err = run_cli(*command, "--config", str(config))
    assert rc == 2, err
    assert expected.format(config=config) in err
    assert len(err.splitlines()) == 1, err


def test_the_command_line_takes_a_file_with_a_bom(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]]
) -> None:
    config = tmp_path / "c.toml"
    config.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert run_cli("contacts", "list", "--config", str(config)) == (0, "")


@pytest.mark.expect_log(r"c\.toml, line 3: unknown key 'hots' in \[pbx\], ignored")
def test_an_unknown_key_is_a_warning_not_an_error_for_every_command(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str]]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[pbx]\nhost = "pbx"\nhots = "typo"\n')
    assert run_cli("contacts", "list", "--config", str(config)) == (0, "")
