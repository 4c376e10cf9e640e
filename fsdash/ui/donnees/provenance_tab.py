"""The data page's « Provenance » tab: where every source comes from (``domain/sources.toml``),
which file and version is in use, and its checksum."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.inputs.provenance import read_provenance
from fsdash.storage import registry, rights
from fsdash.storage.rights import User
from fsdash.ui import cache
from fsdash.ui.common import md


def _moment_iso(text: str | None) -> str:
    if not text:
        return "inconnue"
    try:
        return formatting.moment(datetime.fromisoformat(text))
    except ValueError:
        return text


def _source_row(source, **values) -> dict:
    """A row of the provenance: the source's own description (``domain/sources.toml``), then what is in use."""
    return {"Source": source.title, "Éditeur": source.producer, "Licence": source.licence,
            "Adresse officielle": values.pop("url", source.url), **values}


def provenance_rows(version, user: User = rights.ANONYMOUS) -> list[dict]:
    settings = cache.settings()
    if version is not None:
        sites = _source_row(
            SITES, url=version.url or settings.sites_url,
            **{"Date de l'extrait": formatting.day(version.extract_date) if version.extract_date else "inconnue",
               "Fichier": f"{version.file_name} (version n° {version.id}, {version.source_label})",
               "Empreinte SHA-256": version.sha256,
               "Chargée le": f"{formatting.moment(version.created_at)} par {rights.author(user, version.author)}"})
    else:
        sites = _source_row(SITES, url=settings.sites_url,
                            **{"Date de l'extrait": "—", "Fichier": "aucune version chargée",
                               "Empreinte SHA-256": "—", "Chargée le": "—"})
    path = settings.contours_path
    entry = read_provenance(settings.data_dir).get(path.name) or {}
    sha256 = cache.file_sha256(path)
    if sha256 is None:
        sha256, loaded = "fichier absent", "—"
    else:
        loaded = (_moment_iso(entry.get("fetched_at")) if entry.get("sha256") == sha256
                  else formatting.moment(datetime.fromtimestamp(cache.file_mtime(path), UTC)) + " (date du fichier)")
    contours = _source_row(CONTOURS, url=entry.get("url") or settings.contours_url,
                           **{"Date de l'extrait": CONTOURS.vintage, "Fichier": path.name,
                              "Empreinte SHA-256": sha256, "Chargée le": loaded})
    last = registry.history(cache.db(), limit=1)
    # Who edited the registry last: for those who may see that département's history only.
    by = rights.author(user, last["author"].iloc[0], last["departement"].iloc[0]) if not last.empty else None
    registry_row = _source_row(
        REGISTRY, url="",
        **{"Date de l'extrait": "—",
           "Fichier": "base de données du tableau de bord" + (" (données de démonstration)" if cache.is_demo() else ""),
           "Empreinte SHA-256": "—",
           "Chargée le": (f"dernière modification le {formatting.moment(last['changed_at'].iloc[0])}"
                          + (f" par {by}" if by else "")) if not last.empty else "jamais modifié"})
    return [sites, contours, registry_row]


_URL_RE = re.compile(r"^https?://[^\s()<>\[\]]+$")


def _markdown_value(key: str, value: str) -> str:
    if key == "Adresse officielle":
        return f"[{md(value)}]({value})" if _URL_RE.match(value or "") else (md(value) or "—")
    if key == "Empreinte SHA-256" and len(value) == 64:
        return f"`{value}`"
    return md(value)


def provenance_tab(version, user: User) -> None:
    st.markdown("D'où viennent les données affichées par le tableau de bord.")
    for row in provenance_rows(version, user):
        with st.container(border=True):
            st.markdown(f"**{md(row['Source'])}**\n\n" + "\n".join(
                f"- {key} : {_markdown_value(key, value)}" for key, value in row.items() if key != "Source"))
    st.caption(f"{SITES.citation}. {CONTOURS.citation}.")
