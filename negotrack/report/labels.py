"""Human names, colours and markers for parties, issues, stances and languages.

Everything here comes from the codebook (``negotrack/codebook/*.yaml``): party and issue
display names per report language, party colours and report order, each stance's
hardness, description and badge colours, the languages and their writing direction.
A code the codebook gives no display name gets a readable fallback
("ballistic_missiles" -> "Ballistic missiles"). This module only holds what no analyst
edits: the palette for parties without a colour, the marker shapes and dash patterns.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger("negotrack.report")

REPORT_LANGUAGE = "en"  # display names fall back to this language, then to the code

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Parties the
# codebook gives no colour take the first one no other party has. Each party also gets
# its own marker shape and dash pattern, so nothing relies on colour alone.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
MARKERS = ["circle", "square", "diamond", "triangle", "triangle-down", "cross", "circle", "square"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 3", "", "6 3"]
DARK_TEXT, LIGHT_TEXT = "#1d2330", "#fff"


def signed(h: int) -> str:
    """+2, 0, −2 (a true minus sign)."""
    return (f"{h:+d}" if h else "0").replace("-", "−")


def humanise(code: str) -> str:
    return code.replace("_", " ").strip().capitalize() if code else code


@dataclass(frozen=True)
class StanceLabel:
    code: str
    hardness: int
    description: str
    colour: str | None
    text_colour: str


@dataclass
class Labels:
    """Display names and styles; ``Labels()`` is the packaged codebook's, in English."""

    parties: dict[str, str] = field(default_factory=lambda: dict(_packaged().parties))
    issues: dict[str, str] = field(default_factory=lambda: dict(_packaged().issues))
    party_shorts: dict[str, str] = field(default_factory=lambda: dict(_packaged().party_shorts))
    party_colours: dict[str, str] = field(default_factory=lambda: dict(_packaged().party_colours))
    party_order: list[str] = field(default_factory=lambda: list(_packaged().party_order))
    issue_colours: dict[str, str] = field(default_factory=lambda: dict(_packaged().issue_colours))
    stances: dict[str, StanceLabel] = field(default_factory=lambda: dict(_packaged().stances))
    languages: dict[str, str] = field(default_factory=lambda: dict(_packaged().languages))
    rtl: frozenset[str] = field(default_factory=lambda: _packaged().rtl)

    def party(self, code: str) -> str:
        return self.parties.get(code) or humanise(code)

    def party_short(self, code: str) -> str:
        return self.party_shorts.get(code) or self.party(code)

    def issue(self, code: str) -> str:
        return self.issues.get(code) or humanise(code)

    @property
    def hardness(self) -> dict[str, int]:
        """Stance -> hardness, hardest first."""
        return {code: s.hardness for code, s in self.stances.items()}

    def scale(self, joiner: str) -> str:
        """The hardness scale in words: 'refuse +2 to concede −2' (hardest and softest stance)."""
        if not self.stances:
            return ""
        hardest = max(self.stances.values(), key=lambda s: s.hardness)
        softest = min(self.stances.values(), key=lambda s: s.hardness)
        return f"{hardest.code} {signed(hardest.hardness)}{joiner}{softest.code} {signed(softest.hardness)}"

    def axis(self) -> dict[int, str]:
        """Each whole hardness from the hardest stance's down to the softest's (0 always
        included), with the stances at it: {2: 'refuse', 1: 'insist · pressure', 0: '', ...}."""
        values = [s.hardness for s in self.stances.values()] or [0]
        top, bottom = max(max(values), 0), min(min(values), 0)
        return {h: " · ".join(c for c, s in self.stances.items() if s.hardness == h) for h in range(top, bottom - 1, -1)}

    def stance_help(self, code: str) -> str:
        s = self.stances.get(code)
        return s.description if s else ""

    def style(self, parties: list[str]) -> dict[str, dict[str, str]]:
        """Colour, marker and dash per party, stable for the parties in ``party_order``."""
        out: dict[str, dict[str, str]] = {}
        spare = [c for c in PALETTE if c not in self.party_colours.values()] + PALETTE
        for i, code in enumerate(self.sort_parties(parties)):
            colour = self.party_colours.get(code) or spare[i % len(spare)]
            out[code] = {"colour": colour, "marker": MARKERS[i % len(MARKERS)], "dash": DASHES[i % len(DASHES)]}
        return out

    def sort_parties(self, codes: Iterable[str]) -> list[str]:
        """``party_order`` first, the others alphabetically."""
        order = self.party_order
        return sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c))

    def sort_issues(self, codes: Iterable[str]) -> list[str]:
        """In the codebook's order, unknown codes last alphabetically."""
        order = list(self.issues)
        return sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c))


def _text(texts: dict[str, str], language: str) -> str | None:
    value = texts.get(language) or texts.get(REPORT_LANGUAGE)
    return value.strip() if isinstance(value, str) and value.strip() else None


def text_colour_for(colour: str) -> str:
    """Dark or light text, whichever reads better on ``colour`` (WCAG relative luminance)."""
    hexa = colour.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    channels = [int(hexa[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    # contrast with white (L=1) against contrast with near-black (L~0.016)
    return LIGHT_TEXT if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.066) else DARK_TEXT


def labels_from_codebook(codebook: Any, language: str = REPORT_LANGUAGE) -> Labels:
    """The labels of a loaded :class:`negotrack.codebook.Codebook`, in ``language``."""
    parties = codebook.parties_file.parties
    issues = codebook.issues_file.issues
    stances = {
        code: StanceLabel(
            code=code,
            hardness=s.hardness,
            description=_text(s.description, language) or "",
            colour=s.colour,
            text_colour=s.text_colour or (text_colour_for(s.colour) if s.colour else DARK_TEXT),
        )
        for code, s in codebook.cues_file.stances.items()
    }
    return Labels(
        parties={p.code: name for p in parties if (name := _text(p.label, language))},
        issues={i.code: _text(i.label, language) or humanise(i.code) for i in issues},
        party_shorts={p.code: short for p in parties if (short := _text(p.short, language))},
        party_colours={p.code: p.colour for p in parties if p.colour},
        party_order=list(codebook.parties_file.report_order),
        issue_colours={i.code: i.colour for i in issues if i.colour},
        stances=stances,
        languages={code: _text(lang.name, language) or code for code, lang in codebook.cues_file.languages.items()},
        rtl=frozenset(code for code, lang in codebook.cues_file.languages.items() if lang.direction == "rtl"),
    )


@cache
def _packaged() -> Labels:
    from negotrack.codebook import packaged

    return labels_from_codebook(packaged())


def load_labels(codebook_dir: Path | None, language: str = REPORT_LANGUAGE) -> Labels:
    """The labels of the codebook in ``codebook_dir`` (the packaged one when None).

    A codebook that cannot be loaded here falls back to the packaged one with a warning:
    the commands that write reports check the configured codebook before they start, so
    this only happens when it changes under a running report.
    """
    if codebook_dir is None:
        return labels_from_codebook(_packaged_codebook(), language)
    from negotrack.codebook import load_codebook

    try:
        codebook = load_codebook(codebook_dir)
    except Exception as exc:  # the report must not fail because the codebook changed meanwhile
        log.warning("codebook %s unreadable for labels (%s); using the packaged codebook's", codebook_dir, exc)
        codebook = _packaged_codebook()
    return labels_from_codebook(codebook, language)


def _packaged_codebook() -> Any:
    from negotrack.codebook import packaged

    return packaged()
