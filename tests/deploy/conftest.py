"""The deployment shared by the modules of tests/deploy: one nginx and two dashboard
processes (scripts/deploy.sh) for the whole folder (package scope), with an OpenID
Connect provider to log in through nginx."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import urllib.request

import pytest

from tests.support.browser import free_port
from tests.support.deploy import deployment, nginx_available, postgres_available, wait_until


@pytest.fixture(scope="package")
def provider():
    """An OpenID Connect provider on loopback (oidc-provider-mock): people log in through nginx."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until(lambda: _answers(url + "/.well-known/openid-configuration"), timeout=30, interval=0.1):
            raise RuntimeError("oidc-provider-mock did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="package")
def deployed(provider, tmp_path_factory):
    for ready, what in ((nginx_available(), "nginx is not installed"),
                        (postgres_available(), "PostgreSQL is not reachable")):
        if not ready:
            if os.environ.get("CI"):
                pytest.fail(what)
            pytest.skip(what)
    # The same login settings for both processes (same cookie secret), the public
    # address (nginx's) as the redirect address.
    nginx_port = free_port()
    secrets_file = tmp_path_factory.mktemp("deploy-secrets") / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{nginx_port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "fsdash-deploy-test"
client_secret = "{secrets.token_hex(8)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    # Local mode asked for: the script must not grant it (every visitor comes
    # through loopback behind nginx).
    env = {"FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr", "FSDASH_ADMINS": "admin@test.fr",
           "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    with deployment(processes=2, env=env, nginx_port=nginx_port) as deployed:
        yield deployed

