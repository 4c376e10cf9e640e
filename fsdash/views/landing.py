"""Where a person lands after signing in: the page they had open (a bookmark such as
``/departement?dep=87``), else a prefecture's own département, else where they are.

Pure decisions, no Streamlit: ``fsdash.ui.landing`` remembers the address across the
OpenID round trip (Streamlit's login always comes back to the root) and applies what
is decided here.

- ``parse_address`` reads an address remembered by the browser (a path and a query,
  never a host): only the app's own pages, only short query values, the base path
  (``server.baseUrlPath``) removed. Anything else is ignored, so a crafted value can
  neither leave the app nor reach a page that does not exist.
- ``landing`` decides: a page other than the home page (or the home page with filters)
  is honoured as it was; otherwise a prefecture with one département goes to its
  page, one with several gets the short list of its départements, anyone else stays.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from fsdash.domain.territories import DEPARTEMENTS, Departement, find_departement
from fsdash.storage.rights import PREFECTURE, User

DEPARTEMENT_PAGE = "departement"  # url path of the page of one département (app.py)
DEPARTEMENT_PARAM = "dep"
MAX_ADDRESS = 1000  # longer remembered addresses are ignored
MAX_VALUE = 200  # longer query values are dropped

GO = "go"  # open ``target``
CHOOSE = "choose"  # show the links to ``choices``
STAY = "stay"  # nothing to do


@dataclass(frozen=True)
class Target:
    """A page of the app (its url path, ``""`` for the home page) and its query."""

    page: str
    query: dict[str, str] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """The address relative to the app's base: ``departement?dep=87``."""
        return self.page + ("?" + urlencode(self.query) if self.query else "")


@dataclass(frozen=True)
class Landing:
    """What to do after a login: ``GO`` to ``target``, ``CHOOSE`` among ``choices``, or ``STAY``."""

    action: str
    target: Target | None = None
    choices: tuple[Departement, ...] = ()


def departement_target(code: str) -> Target:
    return Target(DEPARTEMENT_PAGE, {DEPARTEMENT_PARAM: code})


def own_departements(user: User) -> tuple[Departement, ...]:
    """A prefecture's départements (known codes only, in code order); nobody else has any."""
    if user.role != PREFECTURE:
        return ()
    return tuple(DEPARTEMENTS[c] for c in sorted(user.departements) if c in DEPARTEMENTS)


def home_departement(user: User) -> Departement | None:
    """The département a prefecture with exactly one is taken to (``None`` otherwise)."""
    own = own_departements(user)
    return own[0] if len(own) == 1 else None


def parse_address(text: str | None, pages: Collection[str], base_path: str = "",
                  home: str = "") -> Target | None:
    """The page and query of a remembered address (``/base/departement?dep=87``), or ``None``
    when it is not an address of one of ``pages`` (url paths) under ``base_path``.
    The home page is ``Target("")`` whether reached as ``/`` or as its own url path ``home``."""
    if not text or len(text) > MAX_ADDRESS or "\\" in text:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    path = parts.path.strip("/")
    base = base_path.strip("/")
    if base:
        if path != base and not path.startswith(base + "/"):
            return None
        path = path[len(base):].strip("/")
    if path == home:
        path = ""
    if path and path not in pages:
        return None
    query = {key: value for key, value in parse_qsl(parts.query, keep_blank_values=False)
             if key and len(key) <= 40 and len(value) <= MAX_VALUE}
    if path == DEPARTEMENT_PAGE and DEPARTEMENT_PARAM in query:
        known = find_departement(query[DEPARTEMENT_PARAM])
        if known is None:
            query.pop(DEPARTEMENT_PARAM)
        else:
            query[DEPARTEMENT_PARAM] = known.code
    return Target(path, query)


def landing(user: User, wanted: Target | None) -> Landing:
    """Where ``user`` goes right after signing in, having asked for ``wanted`` (the page open
    when they clicked « Se connecter », ``None`` when unknown)."""
    if wanted is not None and (wanted.page or wanted.query):
        if wanted.page == DEPARTEMENT_PAGE and DEPARTEMENT_PARAM not in wanted.query:
            home = home_departement(user)  # the bare « Département » page: one's own if one has one
            return Landing(GO, departement_target(home.code) if home else wanted)
        return Landing(GO, wanted)
    own = own_departements(user)
    if len(own) == 1:
        return Landing(GO, departement_target(own[0].code))
    if len(own) > 1:
        return Landing(CHOOSE, choices=own)
    return Landing(STAY)
