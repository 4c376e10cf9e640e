"""Who may edit a facilitator record and see its personal data.

Interim rules until access control lands (the access-control issue replaces
this module, keeping these signatures): anyone who signs with a name may edit
any département and see the facilitator's name and contact. Every page asks
these functions, never decides by itself.
"""

from __future__ import annotations

from fsdash.reference import DEPARTEMENTS


def _signed(author: str | None) -> bool:
    return bool((author or "").strip())


def can_edit(author: str | None, code: str) -> bool:
    """May ``author`` change the facilitator record of ``code``?"""
    return _signed(author) and code in DEPARTEMENTS


def can_see_personal(author: str | None, code: str) -> bool:
    """May ``author`` see the facilitator's name, email and phone for ``code``?"""
    return _signed(author) and code in DEPARTEMENTS


def edit_refusal(author: str | None, code: str) -> str | None:
    """Why ``author`` may not edit ``code``, in French; None when allowed."""
    if not _signed(author):
        return "Indiquez votre nom (« Votre nom », dans le panneau latéral) : chaque modification est signée."
    if not can_edit(author, code):
        return f"Vous n'avez pas le droit de modifier la fiche du département {code}."
    return None
