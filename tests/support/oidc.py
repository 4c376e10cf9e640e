"""A real OpenID Connect provider on loopback for the browser tests (``oidc-provider-mock``),
and the ``[auth]`` secrets that point the dashboard at it."""

from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.support.browser import free_port


@contextlib.contextmanager
def mock_provider() -> Iterator[str]:
    """``oidc-provider-mock`` started on a free port; yields its URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/.well-known/openid-configuration", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("oidc-provider-mock did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_secrets(path: Path, provider: str, app_port: int) -> Path:
    """``secrets.toml`` with an ``[auth]`` section for the app on ``app_port``."""
    path.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "fsdash-test"
client_secret = "{secrets.token_hex(8)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    return path


def provider_login(page, subject: str) -> None:
    """On the provider's form (after « Se connecter »): sign in as ``subject``."""
    page.locator("input[name=sub]").fill(subject)
    page.get_by_role("button", name="Authorize").click()


def set_claims(provider: str, subject: str, **claims) -> None:
    """The provider's user ``subject`` with these claims (its email verified unless told)."""
    claims = {"email": subject, "email_verified": True, **claims}
    request = urllib.request.Request(f"{provider}/users/{subject}", data=json.dumps(claims).encode(),
                                     headers={"Content-Type": "application/json"}, method="PUT")
    urllib.request.urlopen(request, timeout=10).close()
