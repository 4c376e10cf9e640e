"""Reference table of the 101 départements and Saint-Martin (978).

Written by hand from the official geography (INSEE codes, 2024); tested against
the Etalab contours file. Codes are strings: ``01``, ``2A``, ``971``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

METROPOLE = "métropole"
OUTRE_MER = "outre-mer"

REGIONS: dict[str, str] = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
    "978": "Saint-Martin",
}

# (code, name, region code)
_DEPARTEMENTS: tuple[tuple[str, str, str], ...] = (
    ('01', 'Ain', '84'),
    ('02', 'Aisne', '32'),
    ('03', 'Allier', '84'),
    ('04', 'Alpes-de-Haute-Provence', '93'),
    ('05', 'Hautes-Alpes', '93'),
    ('06', 'Alpes-Maritimes', '93'),
    ('07', 'Ardèche', '84'),
    ('08', 'Ardennes', '44'),
    ('09', 'Ariège', '76'),
    ('10', 'Aube', '44'),
    ('11', 'Aude', '76'),
    ('12', 'Aveyron', '76'),
    ('13', 'Bouches-du-Rhône', '93'),
    ('14', 'Calvados', '28'),
    ('15', 'Cantal', '84'),
    ('16', 'Charente', '75'),
    ('17', 'Charente-Maritime', '75'),
    ('18', 'Cher', '24'),
    ('19', 'Corrèze', '75'),
    ('21', "Côte-d'Or", '27'),
    ('22', "Côtes-d'Armor", '53'),
    ('23', 'Creuse', '75'),
    ('24', 'Dordogne', '75'),
    ('25', 'Doubs', '27'),
    ('26', 'Drôme', '84'),
    ('27', 'Eure', '28'),
    ('28', 'Eure-et-Loir', '24'),
    ('29', 'Finistère', '53'),
    ('2A', 'Corse-du-Sud', '94'),
    ('2B', 'Haute-Corse', '94'),
    ('30', 'Gard', '76'),
    ('31', 'Haute-Garonne', '76'),
    ('32', 'Gers', '76'),
    ('33', 'Gironde', '75'),
    ('34', 'Hérault', '76'),
    ('35', 'Ille-et-Vilaine', '53'),
    ('36', 'Indre', '24'),
    ('37', 'Indre-et-Loire', '24'),
    ('38', 'Isère', '84'),
    ('39', 'Jura', '27'),
    ('40', 'Landes', '75'),
    ('41', 'Loir-et-Cher', '24'),
    ('42', 'Loire', '84'),
    ('43', 'Haute-Loire', '84'),
    ('44', 'Loire-Atlantique', '52'),
    ('45', 'Loiret', '24'),
    ('46', 'Lot', '76'),
    ('47', 'Lot-et-Garonne', '75'),
    ('48', 'Lozère', '76'),
    ('49', 'Maine-et-Loire', '52'),
    ('50', 'Manche', '28'),
    ('51', 'Marne', '44'),
    ('52', 'Haute-Marne', '44'),
    ('53', 'Mayenne', '52'),
    ('54', 'Meurthe-et-Moselle', '44'),
    ('55', 'Meuse', '44'),
    ('56', 'Morbihan', '53'),
    ('57', 'Moselle', '44'),
    ('58', 'Nièvre', '27'),
    ('59', 'Nord', '32'),
    ('60', 'Oise', '32'),
    ('61', 'Orne', '28'),
    ('62', 'Pas-de-Calais', '32'),
    ('63', 'Puy-de-Dôme', '84'),
    ('64', 'Pyrénées-Atlantiques', '75'),
    ('65', 'Hautes-Pyrénées', '76'),
    ('66', 'Pyrénées-Orientales', '76'),
    ('67', 'Bas-Rhin', '44'),
    ('68', 'Haut-Rhin', '44'),
    ('69', 'Rhône', '84'),
    ('70', 'Haute-Saône', '27'),
    ('71', 'Saône-et-Loire', '27'),
    ('72', 'Sarthe', '52'),
    ('73', 'Savoie', '84'),
    ('74', 'Haute-Savoie', '84'),
    ('75', 'Paris', '11'),
    ('76', 'Seine-Maritime', '28'),
    ('77', 'Seine-et-Marne', '11'),
    ('78', 'Yvelines', '11'),
    ('79', 'Deux-Sèvres', '75'),
    ('80', 'Somme', '32'),
    ('81', 'Tarn', '76'),
    ('82', 'Tarn-et-Garonne', '76'),
    ('83', 'Var', '93'),
    ('84', 'Vaucluse', '93'),
    ('85', 'Vendée', '52'),
    ('86', 'Vienne', '75'),
    ('87', 'Haute-Vienne', '75'),
    ('88', 'Vosges', '44'),
    ('89', 'Yonne', '27'),
    ('90', 'Territoire de Belfort', '27'),
    ('91', 'Essonne', '11'),
    ('92', 'Hauts-de-Seine', '11'),
    ('93', 'Seine-Saint-Denis', '11'),
    ('94', 'Val-de-Marne', '11'),
    ('95', "Val-d'Oise", '11'),
    ('971', 'Guadeloupe', '01'),
    ('972', 'Martinique', '02'),
    ('973', 'Guyane', '03'),
    ('974', 'La Réunion', '04'),
    ('976', 'Mayotte', '06'),
    ('978', 'Saint-Martin', '978'),
)


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str
    region_code: str
    region: str
    kind: str

    @property
    def label(self) -> str:
        return f"{self.code} – {self.nom}"


def _kind(code: str) -> str:
    return OUTRE_MER if len(code) == 3 else METROPOLE


DEPARTEMENTS: dict[str, Departement] = {
    code: Departement(code, nom, region, REGIONS[region], _kind(code))
    for code, nom, region in _DEPARTEMENTS
}

CODES: tuple[str, ...] = tuple(DEPARTEMENTS)

# Territories shown in the overseas selector, with a view (lat, lon, zoom).
VIEWS: dict[str, tuple[float, float, int]] = {
    "Métropole": (46.6, 2.4, 6),
    "Guadeloupe": (16.2, -61.5, 9),
    "Martinique": (14.65, -61.0, 10),
    "Guyane": (4.0, -53.0, 7),
    "La Réunion": (-21.13, 55.53, 10),
    "Mayotte": (-12.82, 45.15, 11),
    "Saint-Martin": (18.07, -63.06, 12),
}


# The official metric projection of each territory, for distances and areas in metres:
# Lambert-93 for metropolitan France, the local UTM projections of the RGAF09 (Antilles,
# Saint-Martin), RGFG95 (Guyane), RGR92 (La Réunion) and RGM04 (Mayotte) overseas.
METRIC_CRS: dict[str, int] = {"métropole": 2154, "971": 5490, "972": 5490, "978": 5490, "973": 2972,
                              "974": 2975, "976": 4471}


def normalize(text: str) -> str:
    """Lower case, accents and punctuation folded: « Réunion » → « reunion »."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.lower().replace("'", " ").replace("-", " ")
    return " ".join(folded.split())


def search_departements(query: str) -> list[Departement]:
    """Départements matching a code or a name, best matches first.

    Accent-, case- and punctuation-insensitive: « 37 », « indre », « Réunion »,
    « 2a » and « 7 » (for « 07 ») all work. An exact code or name wins alone;
    otherwise names starting with the query, then names containing it.
    """
    q = normalize(query or "")
    if not q:
        return []
    code = q.upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    if code in DEPARTEMENTS:
        return [DEPARTEMENTS[code]]
    names = {c: normalize(d.nom) for c, d in DEPARTEMENTS.items()}
    exact = [c for c, n in names.items() if n == q]
    if exact:
        return [DEPARTEMENTS[c] for c in exact]
    starts = [c for c, n in names.items() if n.startswith(q)]
    contains = [c for c, n in names.items() if q in n and c not in starts]
    return [DEPARTEMENTS[c] for c in starts + contains]


def find_departement(query: str) -> Departement | None:
    """The one département a query designates, or None when unknown or ambiguous."""
    hits = search_departements(query)
    return hits[0] if len(hits) == 1 else None
