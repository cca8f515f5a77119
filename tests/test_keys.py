"""Keys: stored encrypted (keyring or Fernet file), resolved explicit -> stored -> env,
and never visible: not in any file icraft writes, not in any output, not in errors."""

from __future__ import annotations

import os
import stat
import traceback
from pathlib import Path

import pytest

from icraft.core.errors import InputError, ProviderError
from icraft.providers import keys
from tests.fakes import anthropic_api as A
from tests.fakes import openai_api as O
from tests.fakes.fixtures import offline_network, server  # noqa: F401 (fixtures)

SECRET = "sk-ant-api03-SECRETxyz0123456789"
OTHER = "sk-proj-OTHERsecret987654321"


def every_file_bytes(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_nowhere(secret: str, *texts: str, root: Path | None = None) -> None:
    for t in texts:
        assert secret not in t
    if root is not None:
        files = every_file_bytes(root)
        assert files, "expected icraft to have written files"
        for path, data in files.items():
            assert secret.encode() not in data, f"key found in {path}"


def test_file_store_is_encrypted_and_owner_only(icraft_home):
    assert keys.set_key("anthropic", SECRET + "\n") == "file"
    secret, source = keys.resolve("anthropic")
    assert secret.reveal() == SECRET and source == "file"
    for name in ("keys.enc", "keys.fernet", "keys-index.json"):
        mode = stat.S_IMODE((icraft_home / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert_nowhere(SECRET, root=icraft_home)
    assert keys.remove_key("anthropic") and keys.resolve("anthropic") is None
    assert not keys.remove_key("anthropic")


def test_resolution_order_explicit_stored_env(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "env-value")
    assert keys.resolve("openai")[1] == "env OPENAI_API_KEY"
    keys.set_key("openai", OTHER)
    assert keys.resolve("openai")[1] == "file"
    secret, source = keys.resolve("openai", "explicit-value")
    assert (secret.reveal(), source) == ("explicit-value", "option")
    assert keys.env_var_for("my-box") == "MY_BOX_API_KEY"


def test_missing_key_names_the_exact_fix():
    with pytest.raises(ProviderError) as e:
        keys.require("anthropic")
    assert "icraft keys set anthropic" in str(e.value)
    assert "export ANTHROPIC_API_KEY=..." in str(e.value)


@pytest.mark.parametrize("bad", ["", "   ", "two words"])
def test_bad_values_and_names_are_refused(bad):
    with pytest.raises(InputError):
        keys.set_key("openai", bad)
    with pytest.raises(InputError):
        keys.set_key("Not OK", "value")


def test_keyring_backend_when_a_real_one_exists(monkeypatch, icraft_home):
    """A real (non fail/null/plaintext) keyring backend gets the value; our files hold only the name."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            del self.store[(service, username)]

    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("ICRAFT_KEYRING", "1")
    try:
        assert keys.set_key("deepgram", SECRET) == "keyring"
        assert backend.store[("icraft", "deepgram")] == SECRET
        assert keys.resolve("deepgram")[1] == "keyring"
        assert [k.name for k in keys.list_keys()] == ["deepgram"]
        assert_nowhere(SECRET, root=icraft_home)
        assert keys.remove_key("deepgram") and backend.store == {}
    finally:
        keyring.set_keyring(previous)


def test_fail_backend_is_not_used(monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("ICRAFT_KEYRING", "1")
    try:
        assert keys.set_key("openai", OTHER) == "file"
    finally:
        keyring.set_keyring(previous)


def test_secret_never_in_repr_errors_or_tracebacks(server):
    """The SDK client holds the key; our objects, errors and tracebacks must not show it."""
    from icraft.providers import get_llm
    from tests.fakes.fixtures import fast

    keys.set_key("anthropic", SECRET)
    llm = fast(get_llm("anthropic"))
    llm.options.base_url = server.url
    assert SECRET not in repr(llm) and SECRET not in repr(llm._key) and SECRET not in str(vars(llm))
    # A (hypothetical) server echoing the key in its error message is scrubbed too.
    server.push(A.error(401, f"invalid key {SECRET}"))
    with pytest.raises(ProviderError) as e:
        llm.complete("hi", purpose="t")
    text = "".join(traceback.format_exception(e.value))
    assert SECRET not in text and SECRET not in repr(e.value)
    assert "HTTP 401" in text


CLI_ENV = {"NO_PROXY": "127.0.0.1", "ICRAFT_KEYRING": "0"}


def test_cli_keys_roundtrip_never_prints_the_value(cli, icraft_home, server):
    r = cli("keys", "set", "anthropic", input=SECRET + "\n", env=CLI_ENV)
    assert r.returncode == 0, r.stderr
    outputs = [r.stdout, r.stderr]
    for args in (("keys", "list"), ("keys", "list", "--json"), ("providers",), ("providers", "--json"),
                 ("config", "show", "--json"), ("usage", "--json")):
        r = cli(*args, env={**CLI_ENV, "OPENAI_API_KEY": OTHER})
        assert r.returncode == 0, (args, r.stderr)
        outputs += [r.stdout, r.stderr]
    listed = cli("keys", "list", "--json", env={**CLI_ENV, "OPENAI_API_KEY": OTHER}).stdout
    assert '"anthropic"' in listed and '"file"' in listed and '"env OPENAI_API_KEY"' in listed
    # error paths: --check against a server that rejects (and echoes) the key, a bad name, a lint of nothing
    server.push(A.error(401, f"bad key {SECRET}"))
    r = cli("providers", "--check", "--json", env={**CLI_ENV, "ANTHROPIC_BASE_URL": server.url,
                                                      "OPENAI_BASE_URL": server.url + "/v1",
                                                      "OPENAI_API_KEY": OTHER})
    assert r.returncode == 0, r.stderr
    assert "HTTP 401" in r.stdout
    outputs += [r.stdout, r.stderr]
    r = cli("keys", "set", "Bad Name", input=SECRET + "\n", env=CLI_ENV)
    assert r.returncode == 2 and "invalid key name" in r.stderr
    outputs += [r.stdout, r.stderr]
    for out in outputs:
        assert SECRET not in out and OTHER not in out
    assert_nowhere(SECRET, root=icraft_home)
    assert_nowhere(OTHER, root=icraft_home)
    r = cli("keys", "remove", "anthropic", env=CLI_ENV)
    assert r.returncode == 0
    r = cli("keys", "remove", "anthropic", env=CLI_ENV)
    assert r.returncode == 2 and "no stored key 'anthropic'" in r.stderr


def test_cli_keys_set_with_empty_stdin_is_a_one_line_error(cli):
    r = cli("keys", "set", "openai", input="", env=CLI_ENV)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "no key on stdin" in r.stderr
    assert "Traceback" not in r.stderr


def test_usage_ledger_files_hold_no_key(server, icraft_home):
    """A full call path (key -> SDK -> ledger row in SQLite) leaves no trace of the key on disk."""
    from icraft.providers import get_llm

    keys.set_key("openai", OTHER)
    llm = get_llm("openai")
    llm.options.base_url = server.url + "/v1"
    server.push(O.completion("hello"))
    llm.complete("hi", purpose="interviewer")
    assert server.requests[0].headers["authorization"] == f"Bearer {OTHER}"
    assert_nowhere(OTHER, root=icraft_home)
    assert os.path.exists(icraft_home / "icraft.db")


def test_cli_keys_set_prompts_with_hidden_input_on_a_terminal(icraft_home):
    """In a terminal the key is typed at a prompt that does not echo it (a real pty)."""
    from tests.pty_helpers import PtyChild

    with PtyChild("keys", "set", "openai", env={"ICRAFT_KEYRING": "0"}) as child:
        assert child.read_until(b"Key for openai"), child.out
        # typing before echo is off would echo the key
        assert child.wait_echo_off(), "the key prompt never turned terminal echo off"
        child.write((OTHER + "\n").encode())
        child.read_until(b"stored key")
        assert child.wait_exit() == 0, (child.exit_code, child.out)
    assert b"stored key 'openai'" in child.out
    assert OTHER.encode() not in child.out  # not echoed
    assert keys.resolve("openai")[0].reveal() == OTHER
