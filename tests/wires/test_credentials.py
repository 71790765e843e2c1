"""Source passwords sealed with SECRET_KEY, read from the environment, and kept out of messages."""

import pytest

from manset.wires.credentials import redact, redact_url, seal, unseal, url_secrets
from manset.wires.errors import TransportError


def test_a_sealed_password_opens_again_and_does_not_show_in_the_stored_value():
    sealed = seal("abone-şifre-42")
    assert sealed.startswith("sealed:") and "abone" not in sealed
    assert unseal(sealed) == "abone-şifre-42"


def test_sealing_twice_gives_different_tokens_for_the_same_password():
    assert seal("parola") != seal("parola")


def test_empty_stays_empty_and_env_references_are_stored_as_they_are():
    assert seal("") == "" and unseal("") == ""
    assert seal("env:AA_PASSWORD") == "env:AA_PASSWORD"


def test_an_already_sealed_value_is_not_sealed_again():
    sealed = seal("parola")
    assert seal(sealed) == sealed


def test_a_password_stored_before_sealing_is_used_as_it_is():
    assert unseal("plain-old") == "plain-old"


def test_the_previous_secret_key_still_opens_after_rotation(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    sealed = seal("parola")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert unseal(sealed) == "parola"


def test_a_token_no_key_opens_asks_for_the_password_again(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    sealed = seal("parola")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(TransportError, match="cannot be decrypted with SECRET_KEY.*enter it again"):
        unseal(sealed)


def test_a_damaged_token_is_the_same_error():
    with pytest.raises(TransportError, match="enter it again"):
        unseal("sealed:not-a-token")


def test_an_env_reference_is_read_when_used(monkeypatch):
    monkeypatch.setenv("MANSET_TEST_AA_PASSWORD", "ortamdan")
    assert unseal("env:MANSET_TEST_AA_PASSWORD") == "ortamdan"


def test_a_missing_environment_variable_is_named(monkeypatch):
    monkeypatch.delenv("MANSET_TEST_AA_PASSWORD", raising=False)
    with pytest.raises(TransportError, match="environment variable MANSET_TEST_AA_PASSWORD"):
        unseal("env:MANSET_TEST_AA_PASSWORD")


def test_redact_masks_every_secret_also_url_encoded_and_ignores_empty_ones():
    text = "login p@ss w0rd failed for /rss?UserPassword=p%40ss+w0rd (user haber)"
    assert redact(text, ["p@ss w0rd", "", "haber"]) == (
        "login *** failed for /rss?UserPassword=*** (user ***)"
    )


def test_redact_url_masks_userinfo():
    assert redact_url("https://ajans:gizli@ftp.example.com:8443/rss") == (
        "https://***@ftp.example.com:8443/rss"
    )


def test_redact_url_masks_iha_credentials_in_the_query_and_keeps_the_rest():
    url = (
        "https://abonerss.iha.com.tr/xml/standartrss?UserCode=9876&UserName=manset"
        "&UserPassword=gizli&tip=1&UstKategori=0&Kategori=0&Sehir=0&wp=0&tagp=0"
    )
    assert redact_url(url) == (
        "https://abonerss.iha.com.tr/xml/standartrss?UserCode=***&UserName=***"
        "&UserPassword=***&tip=1&UstKategori=0&Kategori=0&Sehir=0&wp=0&tagp=0"
    )


def test_redact_url_knows_the_usual_names_in_any_case():
    url = "https://x.example/f?PWD=1&api_key=2&Token=3&pass=4&SECRET=5&user=6&page=2"
    assert redact_url(url) == (
        "https://x.example/f?PWD=***&api_key=***&Token=***&pass=***&SECRET=***&user=***&page=2"
    )


def test_url_secrets_lists_the_credential_values_for_redact():
    url = "https://ajans:gizli@x.example/rss?UserPassword=p%40ss&tip=1"
    assert set(url_secrets(url)) == {"ajans", "gizli", "p%40ss", "p@ss"}
