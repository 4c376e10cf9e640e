"""Colour arithmetic for checking the dashboard's palettes: WCAG contrast, how a
colour looks through a partly transparent fill, how it looks to people with a
colour-vision deficiency, and how far apart two colours look.

- contrast ratio and relative luminance: WCAG 2.1 (1.4.3, 1.4.11);
- colour-vision deficiency: the matrices of Machado, Oliveira and Fernandes
  (2009), severity 1 (dichromacy: protanopia, deuteranopia, tritanopia),
  applied to linear RGB;
- distance: CIEDE2000 (ΔE00) in CIELAB with the D65 white point; about 2 is a
  just-noticeable difference, 10 or more reads as two different colours.

Pure Python: the tests and the accessibility statement read it.
"""

from __future__ import annotations

import math

Rgb = tuple[float, float, float]  # sRGB, each channel in 0..1

# Machado et al. 2009, severity 1.0, on linear RGB.
CVD_MATRICES: dict[str, tuple[Rgb, Rgb, Rgb]] = {
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deutéranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def rgb(colour: str) -> Rgb:
    """``#RRGGBB`` (or ``#RGB``) as sRGB channels in 0..1."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def hex_colour(channels: Rgb) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in channels)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    r, g, b = (_linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(colour: str, background: str, opacity: float) -> str:
    """What a fill of ``colour`` at ``opacity`` over ``background`` shows (browsers mix in sRGB)."""
    front, back = rgb(colour), rgb(background)
    return hex_colour(tuple(opacity * f + (1 - opacity) * b for f, b in zip(front, back)))  # type: ignore[arg-type]


def simulate(colour: str, deficiency: str) -> str:
    """``colour`` as seen with ``deficiency`` (a key of ``CVD_MATRICES``)."""
    matrix = CVD_MATRICES[deficiency]
    linear = [_linear(c) for c in rgb(colour)]
    seen = tuple(_gamma(sum(m * c for m, c in zip(row, linear))) for row in matrix)
    return hex_colour(seen)  # type: ignore[arg-type]


def lab(colour: str) -> Rgb:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb(colour))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(first: str, second: str) -> float:
    """CIEDE2000 colour difference between two sRGB colours."""
    return delta_e_lab(lab(first), lab(second))


def delta_e_lab(first: Rgb, second: Rgb) -> float:
    """CIEDE2000 between two CIELAB colours (Sharma, Wu and Dalal 2005)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2
                     + r_t * (dc / s_c) * (dh_big / s_h))


def closest_pair(colours: dict[str, str], deficiency: str | None = None) -> tuple[float, str, str]:
    """The two colours that look the most alike (ΔE00, names), as seen with ``deficiency``."""
    seen = {name: simulate(c, deficiency) if deficiency else c for name, c in colours.items()}
    names = list(seen)
    return min((delta_e(seen[a], seen[b]), a, b) for i, a in enumerate(names) for b in names[i + 1:])
