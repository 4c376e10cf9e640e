"""French number, money and date formats: ``50 000 €``, ``01/01/2024``."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
NNBSP = "\u202f"  # narrow no-break space, the French thousands separator


def number(value, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return text


def euros(value, decimals: int = 0) -> str:
    text = number(value, decimals)
    return text if text == "–" else f"{text}{NNBSP}€"


def percent(value, decimals: int = 0) -> str:
    text = number(None if value is None else value * 100, decimals)
    return text if text == "–" else f"{text}{NNBSP}%"


def etp(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:g}".replace(".", ",")


def day(value) -> str:
    if value is None or value != value:  # NaN and pandas' NaT are not equal to themselves
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    """A timestamp in Paris time: ``31/01/2024 à 14:05``."""
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def paris_moment(value: datetime | None) -> datetime | None:
    """A timestamp as the wall-clock time in Paris, without a time zone (for a spreadsheet cell)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(PARIS).replace(tzinfo=None)


def end_of_day(value: date) -> datetime:
    """Midnight at the end of ``value`` in Paris, as an aware UTC moment."""
    return datetime.combine(value + timedelta(days=1), time(0), PARIS).astimezone(UTC)


def now() -> datetime:
    """The current moment, in UTC: what every write records."""
    return datetime.now(UTC)


def human_size(size: int) -> str:
    """``812 octets``, ``480 Ko``, ``1,1 Mo`` (binary units, French decimals)."""
    if size < 1024:
        return f"{number(size)} octet{'s' if size > 1 else ''}"
    if size < 1024 * 1024:
        return f"{number(size / 1024)} Ko"
    if size < 1024**3:
        return f"{number(size / 1024**2, 1)} Mo"
    return f"{number(size / 1024**3, 1)} Go"
