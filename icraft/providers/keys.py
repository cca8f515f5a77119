"""API keys: stored encrypted at rest, resolved explicit -> stored -> environment.

Storage: the OS keyring (``keyring``) when a real backend exists; otherwise a
Fernet-encrypted file in the data dir whose key file is owner-only (0600). The
keyring cannot list its entries, so an index of key *names* (never values) is kept
in ``keys-index.json``. No value is ever printed, logged, written to the config or
the database: callers get a :class:`Secret`, whose repr is masked.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError
from icraft.paths import data_dir, write_private
from icraft.providers.base import ProviderUnavailable, Secret

SERVICE = "icraft"
#: Well-known key names and the environment variable each falls back to.
ENV_VARS: dict[str, str] = {
    "anthropic": "ANTHROPIC_API_KEY",
    "openai": "OPENAI_API_KEY",
    "deepgram": "DEEPGRAM_API_KEY",
    "elevenlabs": "ELEVENLABS_API_KEY",
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_INDEX = "keys-index.json"
_VAULT = "keys.enc"
_VAULT_KEY = "keys.fernet"
# Backends that are not real secure stores: fail/null do nothing, the keyrings.alt
# plaintext/"encrypted" file stores are weaker than our own Fernet file.
_WEAK_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def env_var_for(name: str) -> str:
    """ANTHROPIC_API_KEY for "anthropic"; NAME_API_KEY (upper, - and . as _) otherwise."""
    return ENV_VARS.get(name) or re.sub(r"[^A-Z0-9]", "_", name.upper()) + "_API_KEY"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            f"invalid key name {name!r}",
            "use lower-case letters, digits, '-', '_' or '.', e.g. `icraft keys set anthropic`",
        )
    return name


def fingerprint(value: str) -> str:
    """A short, non-reversible tag so a user can tell two keys apart without seeing them."""
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def _keyring_backend() -> Any | None:
    """The OS keyring backend, or None when only a fail/null/plaintext backend exists."""
    if os.environ.get("ICRAFT_KEYRING", "1").lower() in ("0", "false", "no", "off"):
        return None
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None
    backend = keyring.get_keyring()
    candidates = backend.backends if isinstance(backend, ChainerBackend) else [backend]
    real = [b for b in candidates if not type(b).__module__.startswith(_WEAK_BACKENDS)]
    return backend if real else None


# -- the index of names --------------------------------------------------------------
def _index_path() -> Path:
    return data_dir() / _INDEX


def _read_index() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_index_path().read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read the key index {_index_path()}: {e}", "remove it and set the keys again") from None
    return data if isinstance(data, dict) else {}


def _write_index(index: dict[str, dict[str, str]]) -> None:
    write_private(_index_path(), json.dumps(index, indent=2, sort_keys=True).encode("utf-8"))


# -- the encrypted file store ----------------------------------------------------------
def _fernet() -> Any:
    from cryptography.fernet import Fernet

    path = data_dir() / _VAULT_KEY
    try:
        key = path.read_bytes().strip()
    except FileNotFoundError:
        key = Fernet.generate_key()
        write_private(path, key)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return Fernet(key)


def _read_vault() -> dict[str, str]:
    path = data_dir() / _VAULT
    try:
        token = path.read_bytes()
    except FileNotFoundError:
        return {}
    from cryptography.fernet import InvalidToken

    try:
        return json.loads(_fernet().decrypt(token))
    except InvalidToken:
        raise InputError(
            f"the key file {path} cannot be decrypted (its key file {_VAULT_KEY} changed)",
            "remove both files and run `icraft keys set NAME` again",
        ) from None


def _write_vault(values: dict[str, str]) -> None:
    path = data_dir() / _VAULT
    if not values:
        path.unlink(missing_ok=True)
        return
    write_private(path, _fernet().encrypt(json.dumps(values).encode("utf-8")))


# -- public API ------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyInfo:
    """What `icraft keys list` may show: never the value."""

    name: str
    source: str  # "keyring", "file", "env NAME", "option"
    fingerprint: str
    env_var: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "source": self.source, "fingerprint": self.fingerprint, "env_var": self.env_var}


def store_name() -> str:
    """Where `icraft keys set` stores a key on this machine."""
    backend = _keyring_backend()
    return f"keyring ({type(backend).__name__})" if backend is not None else f"encrypted file ({data_dir() / _VAULT})"


def set_key(name: str, value: str) -> str:
    """Store ``value`` under ``name``; returns where it went ("keyring" or "file")."""
    check_name(name)
    value = value.strip()
    if not value:
        raise InputError("the key is empty", f"paste the key when `icraft keys set {name}` asks for it")
    if any(c.isspace() for c in value):
        raise InputError("the key contains whitespace", "paste only the key itself")
    backend = _keyring_backend()
    index = _read_index()
    if backend is not None:
        backend.set_password(SERVICE, name, value)
        where = "keyring"
        vault = _read_vault()
        if vault.pop(name, None) is not None:
            _write_vault(vault)
    else:
        vault = _read_vault()
        vault[name] = value
        _write_vault(vault)
        where = "file"
    index[name] = {"store": where}
    _write_index(index)
    return where


def _stored(name: str) -> tuple[str, str] | None:
    """(value, store) for a stored key, or None."""
    entry = _read_index().get(name)
    if entry is None:
        return None
    if entry.get("store") == "keyring":
        backend = _keyring_backend()
        value = backend.get_password(SERVICE, name) if backend is not None else None
        return (value, "keyring") if value else None
    value = _read_vault().get(name)
    return (value, "file") if value else None


def remove_key(name: str) -> bool:
    """Forget a stored key; False when there was none."""
    check_name(name)
    index = _read_index()
    entry = index.pop(name, None)
    vault = _read_vault()
    found = vault.pop(name, None) is not None
    if found:
        _write_vault(vault)
    if entry is not None and entry.get("store") == "keyring":
        backend = _keyring_backend()
        if backend is not None:
            from keyring.errors import PasswordDeleteError

            try:
                backend.delete_password(SERVICE, name)
                found = True
            except PasswordDeleteError:
                pass
    if entry is not None:
        _write_index(index)
        found = True
    return found


def resolve(name: str, explicit: str | None = None) -> tuple[Secret, str] | None:
    """The key for ``name`` and where it came from: explicit option -> stored -> env."""
    if explicit:
        return Secret(explicit), "option"
    stored = _stored(name)
    if stored is not None:
        return Secret(stored[0]), stored[1]
    var = env_var_for(name)
    value = os.environ.get(var, "").strip()
    if value:
        return Secret(value), f"env {var}"
    return None


def require(name: str, explicit: str | None = None, *, provider: str | None = None) -> Secret:
    """Like :func:`resolve` but a missing key is a ProviderError naming the fix."""
    found = resolve(name, explicit)
    if found is None:
        who = provider or name
        raise ProviderUnavailable(
            f"no API key for {who}",
            f"run `icraft keys set {name}` or `export {env_var_for(name)}=...`",
        )
    return found[0]


def info(name: str) -> KeyInfo | None:
    found = resolve(name)
    if found is None:
        return None
    secret, source = found
    return KeyInfo(name, source, fingerprint(secret.reveal()), env_var_for(name))


def list_keys(extra_names: tuple[str, ...] = ()) -> list[KeyInfo]:
    """Stored keys plus well-known names whose environment variable is set."""
    names = list(dict.fromkeys([*_read_index(), *ENV_VARS, *extra_names]))
    return [k for k in (info(n) for n in names) if k is not None]
