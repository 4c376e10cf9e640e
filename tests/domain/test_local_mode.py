"""Local mode is granted only at the machine's console: one test per condition that refuses it."""

import pytest

from fsdash.domain import local_mode

TOKEN = "s3cret-token-of-the-console-0123456789"
GOOD = {"mode": "1", "login_configured": False, "server_address": "127.0.0.1",
        "headers": {"Host": "localhost:8501", "User-Agent": "chromium"},
        "expected_token": TOKEN, "given_token": TOKEN}


def refusal(**changes):
    return local_mode.refusal(**{**GOOD, **changes})


def test_granted_at_the_console_with_the_token():
    assert refusal() is None
    for host in ("127.0.0.1:8501", "[::1]:8501", "localhost", "127.0.0.2:80"):
        assert refusal(headers={"Host": host}) is None, host


@pytest.mark.parametrize("mode", [None, "", "0", "non"])
def test_refused_when_not_asked_for(mode):
    assert "pas demandé" in refusal(mode=mode)


def test_refused_when_a_login_is_configured():
    assert "connexion est configurée" in refusal(login_configured=True)


@pytest.mark.parametrize("address", ["", "0.0.0.0", "192.168.1.10", "::", "example.fr"])
def test_refused_when_the_server_listens_beyond_loopback(address):
    assert "boucle locale" in refusal(server_address=address)


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP", "x-forwarded-host", "Via"])
def test_refused_when_the_request_came_through_a_proxy(header):
    headers = {"Host": "localhost:8501", header: "203.0.113.7"}
    reason = refusal(headers=headers)
    assert reason and "intermédiaire" in reason and header.lower() in reason


@pytest.mark.parametrize("host", ["fsdash.anct.gouv.fr", "192.168.1.10:8501", "localhost.evil.fr", "", None])
def test_refused_when_the_host_is_not_a_loopback_name(host):
    headers = {"User-Agent": "chromium"} if host is None else {"Host": host}
    assert "machine locale" in refusal(headers=headers)


@pytest.mark.parametrize("expected", [None, "", "short"])
def test_refused_when_no_token_was_made_at_start(expected):
    assert "FSDASH_LOCAL_TOKEN" in refusal(expected_token=expected, given_token=expected)


@pytest.mark.parametrize("given", [None, "", TOKEN[:-1], TOKEN + "x", "autre-jeton-0123456789abcdef"])
def test_refused_without_the_token_of_the_console(given):
    assert "jeton" in refusal(given_token=given)


def test_new_tokens_are_long_and_distinct():
    tokens = {local_mode.new_token() for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= local_mode.MIN_TOKEN_LENGTH for t in tokens)
