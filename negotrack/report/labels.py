"""Human names, colours and markers for parties, issues and stances.

Codes come from the codebook; a code with no entry here gets a readable fallback
("ballistic_missiles" -> "Ballistic missiles"), and the codebook's own names win when
it provides them (``load_labels``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("negotrack.report")

PARTY_NAMES = {
    "usa": "United States",
    "iran": "Iran",
    "israel": "Israel",
    "e3": "E3 (France, Germany, UK)",
    "eu": "European Union",
    "iaea": "IAEA",
    "russia": "Russia",
    "china": "China",
    "oman": "Oman",
    "qatar": "Qatar",
}
PARTY_SHORT = {"usa": "US", "e3": "E3", "eu": "EU", "iaea": "IAEA"}

ISSUE_NAMES = {
    "enrichment": "Uranium enrichment",
    "ballistic_missiles": "Ballistic missiles",
    "sanctions": "Sanctions",
}

STANCES = ("refuse", "insist", "pressure", "open", "concede")
STANCE_HARDNESS = {"refuse": 2, "insist": 1, "pressure": 1, "open": -1, "concede": -2}
STANCE_HELP = {
    "refuse": "rules it out / red line",
    "insist": "asserts its demand or right",
    "pressure": "threatens or imposes a measure",
    "open": "willing to negotiate or limit",
    "concede": "accepts a limit / grants",
}

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Each party also
# gets its own marker shape and dash pattern, so nothing relies on colour alone.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
PARTY_COLOURS = {
    "usa": "#0072B2",
    "iran": "#D55E00",
    "e3": "#009E73",
    "israel": "#CC79A7",
    "iaea": "#E69F00",
    "eu": "#56B4E9",
    "russia": "#000000",
    "china": "#999999",
}
MARKERS = ["circle", "square", "diamond", "triangle", "triangle-down", "cross", "circle", "square"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 3", "", "6 3"]


def humanise(code: str) -> str:
    return code.replace("_", " ").strip().capitalize() if code else code


@dataclass
class Labels:
    parties: dict[str, str] = field(default_factory=lambda: dict(PARTY_NAMES))
    issues: dict[str, str] = field(default_factory=lambda: dict(ISSUE_NAMES))

    def party(self, code: str) -> str:
        return self.parties.get(code) or humanise(code)

    def party_short(self, code: str) -> str:
        return PARTY_SHORT.get(code) or self.party(code)

    def issue(self, code: str) -> str:
        return self.issues.get(code) or humanise(code)

    def style(self, parties: list[str]) -> dict[str, dict[str, str]]:
        """Colour, marker and dash per party, stable for the well-known parties."""
        out: dict[str, dict[str, str]] = {}
        spare = [c for c in PALETTE if c not in PARTY_COLOURS.values()] + PALETTE
        for i, code in enumerate(sorted(parties, key=_party_order)):
            colour = PARTY_COLOURS.get(code) or spare[i % len(spare)]
            out[code] = {"colour": colour, "marker": MARKERS[i % len(MARKERS)], "dash": DASHES[i % len(DASHES)]}
        return out


def _party_order(code: str) -> tuple[int, str]:
    order = list(PARTY_COLOURS)
    return (order.index(code) if code in order else len(order), code)


def sort_parties(codes) -> list[str]:
    return sorted(codes, key=_party_order)


def load_labels(codebook_dir: Path | None) -> Labels:
    """Built-in names, overridden by the codebook's party and issue names when it has them."""
    labels = Labels()
    if codebook_dir is None:
        return labels
    try:
        from negotrack.codebook import load_codebook

        codebook = load_codebook(codebook_dir)
    except Exception as exc:  # the report must not fail because the codebook is missing or changing
        log.debug("codebook labels unavailable: %s", exc)
        return labels
    for attr, target in (("parties", labels.parties), ("issues", labels.issues)):
        items = getattr(codebook, attr, None)
        if isinstance(items, dict):
            items = items.items()
        elif items is not None:
            items = [(getattr(x, "code", None) or getattr(x, "id", None), x) for x in items]
        for code, item in items or []:
            name = item if isinstance(item, str) else (
                getattr(item, "name", None) or getattr(item, "label", None)
                or (item.get("name") if isinstance(item, dict) else None)
            )
            if isinstance(code, str) and isinstance(name, str) and name.strip():
                target[code] = name.strip()
    return labels
