"""The day each statement was made, beyond what its attribution zone says.

``SpeakerDays`` remembers the day the article says each actor spoke (read lazily);
``undated_statement_day`` dates a statement whose zone names no day; a live page's
timed entry is of the page's day; ``date_from_later`` gives a lead the date its body
tells later.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from negotrack.extract.doc import Doc
from negotrack.extract.speakers import Speaker
from negotrack.models import Statement


class SpeakerDays:
    """The day the article says each actor spoke, read lazily: the zone of a sentence
    with no position ("Araghchi spoke to reporters on Monday.") is only dated if a
    later statement of his needs it. Later statements override, earlier zones only
    fill in (the first dated zone wins)."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._notes: dict[str, list[date | tuple[int, int]]] = {}

    def zone(self, actor: str, za: int, zb: int) -> None:
        self._notes.setdefault(actor, []).append((za, zb))

    def day(self, actor: str, when: date) -> None:
        self._notes.setdefault(actor, []).append(when)

    def get(self, actor: str | None) -> date | None:
        value: date | None = None
        for note in self._notes.get(actor, ()) if actor else ():
            if isinstance(note, date):
                value = note
            elif value is None:
                value = self._doc.dates.stated_on(*note)
        return value


# a live page's entry opens with its time: "09:20 —", "14h05 :", "21.30 -"
_TIMESTAMP_RE = re.compile(r"\s*\d{1,2}[:h.]\d{2}\b")


def undated_statement_day(doc: Doc, ua: int, ub: int, za: int, speaker: Speaker,
                           days: SpeakerDays) -> date | None:
    """The day of a statement whose attribution zone names none: a day in the rest of
    the sentence, the day the same speaker was said to speak earlier in the article,
    or the last day of the news mentioned shortly before."""
    if _TIMESTAMP_RE.match(doc.norm, doc.norm.rfind("\n", 0, ua) + 1):
        # an entry of a live page ("09:20 — Netanyahu: …") is of the page's day: the
        # "yesterday" of its quotation or the dates of entries around it are not its own
        return None
    when = doc.dates.stated_on(*doc.nt.orig_span(ua, ub))
    if when is None and speaker.method in ("carry_over", "anaphor"):
        hint = speaker.date_hint
        when = doc.dates.stated_on(*hint) if isinstance(hint, tuple) else hint
    return when or days.get(speaker.actor) or doc.dates.last_news_day(za)


def date_from_later(out: list[Statement], days: SpeakerDays) -> list[Statement]:
    """A lead that sums up a statement the body dates later ("Witkoff has signalled…",
    then "…, Witkoff said in an interview that aired on Monday") takes that date."""
    later = {a: days.get(a) for a in {s.actor for s in out if s.date_source == "published" and s.actor}}
    if not any(later.values()):
        return out
    return [replace(s, stated_on=later[s.actor], date_source="text")
            if s.date_source == "published" and later.get(s.actor) else s for s in out]
