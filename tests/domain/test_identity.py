"""What an OpenID login must prove before its email is trusted (issue 12, point 2)."""

import pytest

from fsdash.domain.identity import IdentityRefused, check_claims, display_name

ISSUER = "https://auth.agentconnect.gouv.fr/api/v2"
GOOD = {"iss": ISSUER, "sub": "abc-123", "email": "pref@haute-vienne.gouv.fr", "email_verified": True}


def test_verified_email_from_the_configured_issuer_is_trusted():
    assert check_claims(GOOD, ISSUER) == ("pref@haute-vienne.gouv.fr", "abc-123")
    assert check_claims({**GOOD, "iss": ISSUER + "/"}, ISSUER)[1] == "abc-123"
    assert check_claims({**GOOD, "email_verified": "true"}, ISSUER)[0] == GOOD["email"]


@pytest.mark.parametrize("verified", [False, "false", 0, None, "non"])
def test_an_unverified_email_is_refused(verified):
    claims = {**GOOD, "email_verified": verified} if verified is not None else \
        {k: v for k, v in GOOD.items() if k != "email_verified"}
    with pytest.raises(IdentityRefused, match="pas vérifié"):
        check_claims(claims, ISSUER)


def test_a_provider_trusted_for_its_emails_still_cannot_say_false():
    without = {k: v for k, v in GOOD.items() if k != "email_verified"}
    assert check_claims(without, ISSUER, trust_email=True)[0] == GOOD["email"]  # ProConnect: no such claim
    with pytest.raises(IdentityRefused, match="pas vérifié"):
        check_claims({**GOOD, "email_verified": False}, ISSUER, trust_email=True)


@pytest.mark.parametrize("issuer", ["https://evil.example/", "", None, ISSUER + "/other"])
def test_a_token_from_another_issuer_is_refused(issuer):
    with pytest.raises(IdentityRefused, match="fournisseur configuré"):
        check_claims({**GOOD, "iss": issuer}, ISSUER)


def test_no_configured_issuer_means_no_login():
    with pytest.raises(IdentityRefused, match="émetteur attendu"):
        check_claims(GOOD, None)


@pytest.mark.parametrize("missing", ["sub", "email"])
def test_claims_without_subject_or_email_are_refused(missing):
    with pytest.raises(IdentityRefused):
        check_claims({**GOOD, missing: ""}, ISSUER)


def test_names_from_proconnect_claims_then_standard_ones():
    assert display_name({"given_name": "Camille", "usual_name": "Martin", "name": "x"}) == "Camille Martin"
    assert display_name({"given_name": "Camille", "family_name": "Martin"}) == "Camille Martin"
    assert display_name({"name": "  Camille   Martin "}) == "Camille Martin"
    assert display_name({"email": "a@b.fr"}) == ""
