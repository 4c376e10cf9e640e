"""What keeps concurrent writes of the registry apart, and database refusals quiet.

- ``versions`` / ``claim_versions``: an import's preview notes each record's version
  (it moves with every save of the département, periods included); the confirmed
  import locks each record at that version in its own transaction (``UPDATE … WHERE
  version = …``) or is refused whole (``ConcurrentImportError``).
- ``StorageError``: a database refusal as a French message that quotes no value.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage.tables import facilitators


class StorageError(RuntimeError):
    """The database refused a write: a French message that quotes no value (the
    database's own message may hold personal data; it is not chained)."""

    def __init__(self, what: str):
        super().__init__(f"La base de données a refusé l'enregistrement ({what}) : rien n'a été enregistré. "
                         "Vérifiez la longueur et le format des valeurs, puis réessayez.")


class ConcurrentImportError(RuntimeError):
    """Records saved by someone else between an import's preview and its confirmation."""

    def __init__(self, codes: list[str]):
        self.codes = sorted(codes)
        super().__init__("Import refusé, rien n'a été modifié : le registre a été modifié depuis l'aperçu "
                         f"(département(s) {', '.join(self.codes)}). Vérifiez l'aperçu mis à jour, puis "
                         "confirmez de nouveau.")


def versions(engine: Engine) -> dict[str, int]:
    """Each record's version: what an import's preview saw, for a conditional write."""
    with engine.connect() as conn:
        return {r.departement: r.version for r in conn.execute(select(facilitators.c.departement,
                                                                      facilitators.c.version))}


def claim_versions(conn, codes: list[str], expected_versions: dict[str, int] | None) -> None:
    """In the caller's transaction, lock each record of ``codes`` at the version the
    preview saw (a conditional write: ``UPDATE … WHERE version = …``), or raise
    ``ConcurrentImportError`` naming those saved since. Nothing to check without
    ``expected_versions``."""
    if expected_versions is None:
        return
    moved = []
    for code in codes:
        expected = expected_versions.get(code)
        claimed = expected is not None and conn.execute(
            update(facilitators).where(facilitators.c.departement == code)
            .where(facilitators.c.version == expected).values(version=facilitators.c.version)).rowcount == 1
        if not claimed and code in DEPARTEMENTS:
            moved.append(code)
    if moved:
        raise ConcurrentImportError(moved)
