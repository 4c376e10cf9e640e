"""The deployment shared by the modules of tests/deploy: one nginx and two dashboard
processes (scripts/deploy.sh) for the whole folder (package scope), with an OpenID
Connect provider to log in through nginx."""

from __future__ import annotations

import os

import pytest

from tests.support.browser import free_port
from tests.support.deploy import deployment, nginx_available, postgres_available
from tests.support.oidc import mock_provider, write_secrets


@pytest.fixture(scope="package")
def provider():
    """An OpenID Connect provider on loopback (oidc-provider-mock): people log in through nginx."""
    with mock_provider() as url:
        yield url


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
    secrets_file = write_secrets(tmp_path_factory.mktemp("deploy-secrets") / "secrets.toml", provider, nginx_port)
    # Local mode asked for: the script must not grant it (every visitor comes
    # through loopback behind nginx).
    env = {"FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr", "FSDASH_ADMINS": "admin@test.fr",
           "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    with deployment(processes=2, env=env, nginx_port=nginx_port) as deployed:
        yield deployed

