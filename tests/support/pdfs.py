"""Read back a PDF fiche with pypdf: pages, text (French spaces normalised), fonts, images."""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass
class Pdf:
    reader: object
    text: str  # every page, U+202F and U+00A0 turned into plain spaces, lines joined by spaces

    @property
    def pages(self) -> int:
        return len(self.reader.pages)

    @property
    def title(self) -> str:
        return self.reader.metadata.title

    @property
    def lang(self) -> str:
        return str(self.reader.trailer["/Root"].get("/Lang"))

    def size_pt(self, page: int = 0) -> tuple[int, int]:
        box = self.reader.pages[page].mediabox
        return round(float(box.width)), round(float(box.height))

    def fonts(self) -> list[dict]:
        """Every font of every page: name, subtype, and whether its file is embedded."""
        found = []
        for page in self.reader.pages:
            resources = page["/Resources"]
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                descriptor = None
                if font.get("/Subtype") == "/Type0":
                    descendant = font["/DescendantFonts"][0].get_object()
                    descriptor = descendant.get("/FontDescriptor")
                else:
                    descriptor = font.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found.append({"name": str(font.get("/BaseFont")), "subtype": str(font.get("/Subtype")),
                              "embedded": embedded})
        return found

    def images(self, page: int = 0) -> int:
        return len(self.reader.pages[page].images)


def read_pdf(data: bytes) -> Pdf:
    from pypdf import PdfReader

    assert data[:5] == b"%PDF-", "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    return Pdf(reader, " ".join(text.split()))
