"""A synthetic news corpus with known answers, at any size, deterministic from a seed.

    .venv/bin/python bench/synth.py OUT -n 10000 [--seed 7] [--layout mixed|md|jsonl]

Writes ``OUT/articles/`` (what the pipeline ingests: Markdown files with front matter
and JSON Lines shards of 1,000 records, in ar/en/fr folders), and beside it:

- ``OUT/planted.jsonl``: every position planted, in the gold format of
  ``../shared/corpus/*/gold.jsonl`` (article_id, party, issue, stance, actor, date,
  evidence, plus language, copy_of);
- ``OUT/copies.jsonl``: the syndicated copies (article_id, original_id);
- ``OUT/manifest.json``: seed, size, generator version, counts.

Articles are 100-1,500 words (log-normal, median about 380), published over two years
(2024-11-25 .. 2026-11-19). Each carries 0-7 positions (Iranian, American, European,
Israeli, IAEA, EU, Russian, Chinese speakers under full names, spelling variants,
titles, party names and anonymous officials), said on the day of publication or on a
named day before it, in varied frames (reported speech, quotes, inverted attribution,
follow-ups by pronoun); background paragraphs of history that must not be extracted;
neutral paragraphs with varied fillers; and about 7% syndicated copies of a recent
article (another outlet, dateline and closing paragraph, same day or the next).

Article ``i`` depends only on (seed, i), so the 1,000-article corpus is the first 1,000
of the 10,000-article one, and generation is spread over processes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_lexicon as L  # noqa: E402

GENERATOR_VERSION = "synth-4"
START = date(2024, 11, 25)  # two years of news, all in the past (validation rejects future dates)
DAYS = 725
COPY_SHARE = 0.07
SHARD = 1000  # JSON Lines records per file
LANGS = ("en", "ar", "fr")
LANG_WEIGHTS = (40, 35, 25)


@dataclass
class Planted:
    party: str
    issue: str
    stance: str
    actor: str | None
    day: tuple[str, int]  # ("none", 0) | ("weekday", weekday) | ("yesterday", 0)
    evidence: str

    def date_for(self, published: date) -> date:
        kind, wd = self.day
        if kind == "weekday":
            return published - timedelta(days=(published.weekday() - wd) % 7)
        if kind == "yesterday":
            return published - timedelta(days=1)
        return published


@dataclass
class SynthArticle:
    article_id: str
    language: str
    published: date
    title: str
    source: str
    paragraphs: list[str]
    positions: list[Planted] = field(default_factory=list)
    copy_of: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def record(self) -> dict:
        return {"id": self.article_id, "language": self.language, "published": self.published.isoformat(),
                "source": self.source, "title": self.title,
                "url": f"https://news.example.org/{self.article_id}", "text": self.text}

    def gold(self) -> list[dict]:
        seen: dict[tuple, dict] = {}
        for p in self.positions:
            key = (p.party, p.issue, p.stance)
            if key not in seen:  # the first mention gives actor and date, as the scorer expects
                seen[key] = {"article_id": self.article_id, "party": p.party, "issue": p.issue,
                             "stance": p.stance, "actor": p.actor,
                             "date": p.date_for(self.published).isoformat(), "evidence": p.evidence,
                             "language": self.language, "copy_of": self.copy_of}
        return list(seen.values())


def article_id(seed: int, i: int) -> str:
    return f"syn{seed}-{i:07d}"


def _rng(seed: int, i: int, salt: str = "") -> random.Random:
    return random.Random(f"{GENERATOR_VERSION}/{seed}/{i}/{salt}")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


_NUMBERS = {
    "n": lambda r: str(r.randint(2, 9)), "n2": lambda r: str(r.randint(20, 400)),
    "n3": lambda r: str(r.randint(100, 3000)), "pct": lambda r: f"{r.randint(1, 49) / 10:.1f}",
    "price": lambda r: f"{r.randint(5500, 9500) / 100:.2f}", "rial": lambda r: f"{r.randint(600, 1100)},000",
    "temp": lambda r: str(r.randint(8, 44)), "hour": lambda r: str(r.randint(6, 11)),
    "bn": lambda r: str(r.randint(20, 400)), "mm": lambda r: f"{r.randint(0, 59):02d}",
}
_SLOT = re.compile(r"\{(\w+)\}")
_ALT = re.compile(r"\[([^\[\]]*)\]")
_FR_FIXES = [(re.compile(r"\bde le "), "du "), (re.compile(r"\bà le "), "au "), (re.compile(r"\bde les "), "des "),
             (re.compile(r"\bà les "), "aux "), (re.compile(r"\b([Dd]e|[Ll]e|[Ll]a) (?=[AEIOUÉaeiouéh])"), r"\1'"),
             (re.compile(r"\b([Dd]e|[Ll]e|[Ll]a)' "), r"\1 ")]


def _fr_fix(text: str) -> str:
    """Contractions and elisions after slot filling ("de le palais" -> "du palais", "de Abou" -> "d'Abou")."""
    for pattern, repl in _FR_FIXES[:4]:
        text = pattern.sub(repl, text)
    text = re.sub(r"\b([DdLl])(?:e|a) (?=[AEIOUÉaeiouéà])", lambda m: m.group(1) + "'", text)
    return text


def _fill(template: str, lang: str, rng: random.Random) -> str:
    pools = L.POOLS[lang]

    def value(m: re.Match) -> str:
        name = m.group(1)
        if name in _NUMBERS:
            v = _NUMBERS[name](rng)
            return v.replace(",", "\u202f").replace(".", ",") if lang == "fr" else v
        return rng.choice(pools[name])

    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = _SLOT.sub(value, text)
    return _fr_fix(text) if lang == "fr" else text


class _Neutral:
    """Neutral sentences of one article: free sentences (GRAMMAR: subject, action, place,
    time), and templates (NEUTRAL), each template once before any repeats."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang, self.rng, self.deck = lang, rng, []

    def __call__(self) -> str:
        if self.rng.random() < 0.85:
            return self.free()
        if not self.deck:
            self.deck = list(L.NEUTRAL[self.lang])
            self.rng.shuffle(self.deck)
        return _fill(self.deck.pop(), self.lang, self.rng)

    def free(self) -> str:
        """WHO [, NAME,] [FROM] DID N WHAT PREP PLACE [OF] WHEN."""
        g, r = L.GRAMMAR[self.lang], self.rng
        ar = self.lang == "ar"
        who = r.choice(g["who"])
        if r.random() < 0.4:
            who += "، {person}،" if ar else ", {person},"
        elif r.random() < 0.6:
            who += " " + r.choice(g["from"])
        where = f"{r.choice(g['prep'])} {r.choice(g['place'])}"
        if r.random() < 0.6:
            where += " " + r.choice(g["of"])
        parts = [who, r.choice(g["did"]), "{n2}", r.choice(g["what"]), where, r.choice(g["when"])]
        if r.random() < 0.5:
            parts[4], parts[5] = parts[5], parts[4]
        text = ("و" if ar else "") + " ".join(parts) + "."
        text = text.replace("{quarter}", r.choice(g["quarter"]))
        return _fill(text, self.lang, r)


_QUE_VOWEL = re.compile(r"\bque (?=[aeiouéèêàâîïôûAEIOUÉÈÊÀÂÎÏÔÛ])")


def _elide_fr(text: str) -> str:
    """French elision of "que" before a vowel: "que il" -> "qu'il"."""
    return _QUE_VOWEL.sub("qu'", text)


_AR_NEEDS_ANNAHU = ("يجب", "لا ")


def _ar_fix(text: str, speaker: str) -> str:
    """Arabic agreement: a feminine subject takes a feminine verb; "إن/أن" before a verb
    or a negation becomes "إنه/أنه"."""
    if speaker in L.AR_FEMININE:
        for m, f in L.AR_FEMININE_VERBS.items():
            if text.startswith(m):
                text = f + text[len(m):]
    for start in _AR_NEEDS_ANNAHU:
        for comp in (" إن ", " أن ", " بأن "):
            text = text.replace(comp + start, comp.rstrip() + "ه " + start)
    return text


def _frame(lang: str, frame: str, speaker: str, clause: str, day: str) -> str:
    """One position sentence; a clause that opens the sentence or a quote is capitalised."""
    at_start = frame.split("{C}", 1)[0].strip(" “«") == ""
    s = frame.format(S=speaker, C=_cap(clause) if at_start else clause, D=day)
    if lang == "fr":
        s = _elide_fr(s)
    elif lang == "ar":
        s = _ar_fix(s, speaker)
    return _cap(s)


def _day(lang: str, rng: random.Random, dated: bool) -> tuple[str, tuple[str, int]]:
    """The day a position was stated: none (the publication day) in an undated article;
    a weekday of the past week or "yesterday" in a dated one. An article never mixes the
    two: a sentence with no day after one with a day is read as the same day."""
    if not dated:
        return "", ("none", 0)
    if rng.random() < 0.8:
        wd = rng.randrange(7)
        return L.WEEKDAYS[lang][wd], ("weekday", wd)
    return L.YESTERDAY[lang], ("yesterday", 0)


MIN_WORDS, MAX_WORDS = 100, 1500


def _length(rng: random.Random) -> int:
    return max(MIN_WORDS, min(MAX_WORDS - 60, int(rng.lognormvariate(math.log(380), 0.6))))


def _positions_count(rng: random.Random, words: int) -> int:
    n = rng.choices(range(7), weights=(8, 20, 25, 20, 14, 8, 5))[0]
    return n + (1 if words > 800 else 0)


def _combos(lang: str) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for party, issue, stance in L.CLAUSES[lang]:
        out.setdefault(party, []).append((issue, stance))
    return out


_COMBOS = {lang: _combos(lang) for lang in LANGS}
_PARTIES = list(L.PARTY_WEIGHTS)
_PARTY_W = [L.PARTY_WEIGHTS[p] for p in _PARTIES]


def _original(seed: int, i: int) -> SynthArticle:
    rng = _rng(seed, i)
    lang = rng.choices(LANGS, weights=LANG_WEIGHTS)[0]
    published = START + timedelta(days=rng.randrange(DAYS))
    words = _length(rng)
    neutral = _Neutral(lang, rng)
    dated = rng.random() < 0.55
    n_pos = _positions_count(rng, words)

    # positions, in paragraphs of their own
    used: set[tuple[str, str, str]] = set()
    planted: list[Planted] = []
    blocks: list[str] = []
    tries = 0
    while len(planted) < n_pos and tries < 40:
        tries += 1
        party = rng.choices(_PARTIES, weights=_PARTY_W)[0]
        options = [c for c in _COMBOS[lang].get(party, []) if (party, *c) not in used]
        if not options:
            continue
        issue, stance = rng.choice(options)
        actor, gender, forms = rng.choice(L.SPEAKERS[party])
        surface = rng.choice(forms[lang])
        clause = rng.choice(L.CLAUSES[lang][(party, issue, stance)])
        day_text, day = _day(lang, rng, dated)
        sentence = _frame(lang, rng.choice(L.FRAMES[lang]), surface, clause, day_text)
        used.add((party, issue, stance))
        planted.append(Planted(party, issue, stance, actor, day, sentence))
        para = [sentence]
        # a follow-up by pronoun: the same speaker, another position, the same day
        if gender and len(planted) < n_pos and rng.random() < 0.3:
            more = [c for c in _COMBOS[lang][party] if (party, *c) not in used]
            if more:
                issue2, stance2 = rng.choice(more)
                clause2 = rng.choice(L.CLAUSES[lang][(party, issue2, stance2)])
                follow = rng.choice(L.FOLLOW_UP[lang][gender])
                s2 = follow.format(C=_cap(clause2) if follow.startswith("«") else clause2)
                if lang == "fr":
                    s2 = _elide_fr(s2)
                elif lang == "ar":
                    s2 = _ar_fix(s2, "")
                used.add((party, issue2, stance2))
                planted.append(Planted(party, issue2, stance2, actor, day, s2))
                para.append(s2)
        if rng.random() < 0.5:
            para.insert(0, neutral())
        blocks.append(" ".join(para))

    background = []
    if rng.random() < 0.45:
        k = rng.choice((1, 1, 2))
        background = [" ".join(rng.sample(L.BACKGROUND[lang], k))]

    city = rng.choice(L.POOLS[lang]["city"])
    agency = rng.choice(L.AGENCIES[lang])
    lead = L.DATELINE[lang].format(CITY=city.upper() if lang != "ar" else city, AGENCY=agency) + neutral()
    closing = neutral()

    body = blocks + background
    rng.shuffle(body)
    # neutral paragraphs of 2-4 sentences until the article reaches its length
    count = sum(len(p.split()) for p in [lead, closing, *body])
    while count < words:
        para = []
        for _ in range(rng.randint(2, 4)):
            sentence = neutral()
            n = len(sentence.split())
            if para and count + n > MAX_WORDS:
                break
            para.append(sentence)
            count += n
        body.insert(rng.randint(0, len(body)), " ".join(para))
        if count + 10 > MAX_WORDS:
            break
    topic = L.TOPICS[lang][planted[0].issue if planted else rng.choice(list(L.TOPICS[lang]))]
    title = rng.choice(L.TITLES[lang]).format(city=city, topic=topic)
    if lang == "fr":
        title = _fr_fix(title)
    return SynthArticle(article_id(seed, i), lang, published, title, agency, [lead, *body, closing], planted)


def is_copy(seed: int, i: int) -> int | None:
    """The original of article ``i`` when it is a syndicated copy (of a recent article), else None."""
    rng = _rng(seed, i, "copy")
    if i < 20 or rng.random() >= COPY_SHARE:
        return None
    j = rng.randrange(max(0, i - 300), i)
    while (k := is_copy(seed, j)) is not None:  # a copy of a copy is a copy of the original
        j = k
    return j


def synth_article(seed: int, i: int) -> SynthArticle:
    """Article ``i`` of the corpus of ``seed``."""
    j = is_copy(seed, i)
    if j is None:
        return _original(seed, i)
    orig = _original(seed, j)
    rng = _rng(seed, i, "copy-text")
    agency = rng.choice([a for a in L.AGENCIES[orig.language] if a != orig.source])
    city = orig.paragraphs[0].split(" (", 1)[0]
    lead_rest = orig.paragraphs[0].split(" – ", 1)[1]
    lead = L.DATELINE[orig.language].format(CITY=city, AGENCY=agency) + lead_rest
    paragraphs = [lead, *orig.paragraphs[1:-1], _Neutral(orig.language, rng)()]
    title = rng.choice(L.TITLES[orig.language]).format(
        city=rng.choice(L.POOLS[orig.language]["city"]),
        topic=L.TOPICS[orig.language][rng.choice(list(L.TOPICS[orig.language]))],
    )
    if orig.language == "fr":
        title = _fr_fix(title)
    published = orig.published + timedelta(days=rng.choice((0, 0, 1)))
    return SynthArticle(article_id(seed, i), orig.language, published, title, agency, paragraphs,
                        orig.positions, copy_of=orig.article_id)


# ----------------------------------------------------------------------------- files


def _md(a: SynthArticle) -> str:
    title = a.title.replace('"', "'")
    return (f'---\nid: {a.article_id}\ntitle: "{title}"\nsource: "{a.source}"\n'
            f"published: {a.published.isoformat()}\nlanguage: {a.language}\n"
            f"url: https://news.example.org/{a.article_id}\n---\n\n{a.text}\n")


def _in_md(seed: int, i: int, layout: str) -> bool:
    if layout == "md":
        return True
    if layout == "jsonl":
        return False
    return _rng(seed, i, "layout").random() < 0.3


def _write_shard(args: tuple[Path, int, int, int, str]) -> dict:
    """Write articles [lo, hi) of ``seed``: Markdown files and one JSON Lines file per language."""
    out, seed, lo, hi, layout = args
    lines: dict[str, list[str]] = {lang: [] for lang in LANGS}
    planted: list[str] = []
    copies: list[str] = []
    counts = {"articles": 0, "md_files": 0, "jsonl_records": 0, "positions": 0, "copies": 0, "words": 0}
    shard = lo // SHARD
    for i in range(lo, hi):
        a = synth_article(seed, i)
        counts["articles"] += 1
        counts["words"] += len(a.text.split())
        if _in_md(seed, i, layout):
            folder = out / "articles" / a.language / f"{shard:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{a.article_id}.md").write_text(_md(a), encoding="utf-8")
            counts["md_files"] += 1
        else:
            lines[a.language].append(json.dumps(a.record(), ensure_ascii=False))
            counts["jsonl_records"] += 1
        for g in a.gold():
            planted.append(json.dumps(g, ensure_ascii=False))
            counts["positions"] += 1
        if a.copy_of:
            copies.append(json.dumps({"article_id": a.article_id, "original_id": a.copy_of}))
            counts["copies"] += 1
    for lang, ls in lines.items():
        if ls:
            folder = out / "articles" / lang
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"batch-{shard:04d}.jsonl").write_text("\n".join(ls) + "\n", encoding="utf-8")
    return {"counts": counts, "planted": planted, "copies": copies}


def generate(out: Path, n: int, seed: int = 7, layout: str = "mixed", workers: int = 0) -> dict:
    """Write the corpus of ``n`` articles to ``out`` (replacing what is there); returns the manifest."""
    import shutil

    if layout not in ("mixed", "md", "jsonl"):
        raise ValueError(f"layout must be mixed, md or jsonl, not {layout!r}")
    out = Path(out)
    if (out / "articles").exists():
        shutil.rmtree(out / "articles")
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(out, seed, lo, min(n, lo + SHARD), layout) for lo in range(0, n, SHARD)]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_write_shard, jobs))
    else:
        results = [_write_shard(j) for j in jobs]
    totals: dict[str, int] = {}
    with open(out / "planted.jsonl", "w", encoding="utf-8") as fp, open(out / "copies.jsonl", "w") as fc:
        for r in results:
            for k, v in r["counts"].items():
                totals[k] = totals.get(k, 0) + v
            if r["planted"]:
                fp.write("\n".join(r["planted"]) + "\n")
            if r["copies"]:
                fc.write("\n".join(r["copies"]) + "\n")
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "n": n, "layout": layout, **totals}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def ensure_corpus(out: Path, n: int, seed: int = 7, layout: str = "mixed") -> dict:
    """The corpus at ``out``, generated only when missing or made with other parameters."""
    path = Path(out) / "manifest.json"
    if path.exists():
        manifest = json.loads(path.read_text())
        if (manifest.get("generator"), manifest.get("seed"), manifest.get("n"), manifest.get("layout")) == (
            GENERATOR_VERSION, seed, n, layout
        ):
            return manifest
    return generate(Path(out), n, seed, layout)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--layout", default="mixed", choices=("mixed", "md", "jsonl"))
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.out, args.n, args.seed, args.layout), indent=1))


if __name__ == "__main__":
    main()
