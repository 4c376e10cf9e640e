"""Small text helpers shared by several layers: file names, HTML sniffing."""

from __future__ import annotations

import re
from datetime import date

_DATE_IN_NAME = re.compile(r"(20\d{2})(\d{2})(\d{2})")


def date_in_name(name: str) -> date | None:
    """The date in a file name like ``liste-fs-20240801.csv``, or None."""
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def looks_like_html(data: bytes) -> bool:
    """Does ``data`` start like a web page (an error or maintenance page instead of a file)?"""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]
