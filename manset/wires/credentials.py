"""Source passwords at rest, and keeping them out of messages.

A stored password is one of:
- "" (the source needs none);
- "sealed:<Fernet token>", encrypted with a key derived from SECRET_KEY, so a
  database dump alone does not reveal it;
- "env:NAME", read from the environment variable NAME each time it is used, for
  deployments that keep agency passwords in a secret store.

Settings are read at use, never at import, so tests and key rotation work.
"""

import base64
import os
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from manset.turkish import ascii_lower
from manset.wires.errors import TransportError

SEALED = "sealed:"
ENV = "env:"
CONTEXT = b"manset.wires.credentials"  # a key of its own: not reusable for sessions or signing
MASK = "***"
# Substrings of query parameter names that carry secrets (İHA: UserCode, UserName, UserPassword).
SECRET_PARAMETER_WORDS = ("password", "pass", "pwd", "token", "key", "secret", "user")


def seal(secret: str) -> str:
    """Encrypt a password for storage; "" and "env:NAME" references are kept as they are."""
    if not secret or secret.startswith((ENV, SEALED)):
        return secret
    token = _fernet(_secret_keys()[0]).encrypt(secret.encode("utf-8"))
    return SEALED + token.decode("ascii")


def unseal(value: str) -> str:
    """The usable password for a stored value (see the module docstring).

    A value with neither prefix is returned unchanged (a password stored before sealing).
    """
    if not value:
        return ""
    if value.startswith(ENV):
        return _from_environment(value[len(ENV) :])
    if not value.startswith(SEALED):
        return value
    keys = MultiFernet([_fernet(key) for key in _secret_keys()])
    try:
        return keys.decrypt(value[len(SEALED) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise TransportError(
            "the stored password cannot be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS "
            "(the key was changed without keeping the old one as a fallback); enter it again"
        ) from None


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every non-empty secret, also in URL-encoded form, replaced by "***"."""
    forms = set()
    for secret in secrets:
        if secret:
            forms.update((secret, quote(secret, safe=""), quote_plus(secret)))
    for form in sorted(forms, key=len, reverse=True):  # longest first: no half-masked secrets
        text = text.replace(form, MASK)
    return text


def redact_url(url: str) -> str:
    """`url` fit for a log line: user:password@ and secret-looking query values masked."""
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
    except ValueError:
        return MASK  # unparseable: show nothing rather than guess
    netloc = f"{MASK}@{host}" if "@" in parts.netloc else host
    query = (
        "&".join(_redact_parameter(pair) for pair in parts.query.split("&")) if parts.query else ""
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def looks_secret(name: str) -> bool:
    """Whether a query parameter named `name` probably carries a credential."""
    name = ascii_lower(name)
    return any(word in name for word in SECRET_PARAMETER_WORDS)


def url_secrets(url: str) -> list[str]:
    """The credential values inside `url` (userinfo and secret-looking parameters), for redact()."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = [value for value in (parts.username, parts.password) if value]
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if value and looks_secret(unquote_plus(name)):
            found.extend((value, unquote_plus(value)))
    return found


def _redact_parameter(pair: str) -> str:
    name, equals, _value = pair.partition("=")
    return f"{name}={MASK}" if equals and looks_secret(unquote_plus(name)) else pair


def _from_environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise TransportError(
            f"the password is set to come from the environment variable {name}, which is "
            "not set; set it where Manşet runs, or enter the password on the source"
        )
    return value


def _secret_keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=CONTEXT).derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))
