"""Time validation (Great Expectations suites) for 1,000 and 100,000 statements.

    .venv/bin/python bench/bench_validate.py                 # 1,000 and 100,000
    .venv/bin/python bench/bench_validate.py -n 5000 -n 20000 --bad 0.01

Generates articles (ar/en/fr, ~5 statements each) and statements whose evidence is a
real span of their article, with a share of broken rows (unknown party, hardness not
matching the stance, evidence off its offsets, dated years after the article, orphan
article_id, confidence out of range), stores the articles in a fresh DuckDB file, then
times, library only (no Prefect):

  validate   validate_statements: the SQL of derived columns (joins articles), the frame
             to pandas, Great Expectations (every expectation of the suite), mapping the
             failing rows back (split into these parts below);
  store      replace_statements + store_quarantine in one transaction (as the flow does);
  docs       publish_data_docs (file context, cut and escaped copy of the results);
  articles   validate_articles on the articles of the batch.

``import great_expectations`` (~2 s, once per process) is timed apart.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402

from negotrack import store  # noqa: E402
from negotrack.codebook import load_codebook  # noqa: E402
from negotrack.config import Settings  # noqa: E402
from negotrack.extract.load import replace_statements  # noqa: E402
from negotrack.models import ARTICLE_SCHEMA, STANCE_HARDNESS, STATEMENT_SCHEMA  # noqa: E402
from negotrack.validate import engine, publish_data_docs, store_quarantine, validate_articles  # noqa: E402

SENTENCES = {
    "ar": "قال وزير الخارجية عباس عراقجي إن التخصيب حق غير قابل للتفاوض.",
    "en": "Iran's foreign minister said enrichment is a non-negotiable right.",
    "fr": "Le ministre a déclaré que l'enrichissement n'est pas négociable.",
}
FILLER = "The talks continued in Muscat, officials said, without a date for the next round. "
PER_ARTICLE = 5


def make_batch(n: int, bad_share: float, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    parties = ["iran", "usa", "e3", "iaea", "israel"]
    issues = ["enrichment", "ballistic_missiles", "sanctions"]
    stances = list(STANCE_HARDNESS)
    n_articles = max(1, n // PER_ARTICLE)
    arts, sts = [], []
    base = date(2025, 4, 1)
    for a in range(n_articles):
        lang = ("ar", "en", "fr")[a % 3]
        parts, spans = [], []
        for k in range(PER_ARTICLE):
            parts.append(FILLER)
            start = sum(len(p) for p in parts)
            sentence = f"{SENTENCES[lang]} ({a}.{k})"
            parts.append(sentence + " ")
            spans.append((start, start + len(sentence), sentence))
        text = "".join(parts)
        published = base + timedelta(days=a % 300)
        aid = f"art-{a:06d}"
        arts.append({
            "article_id": aid, "content_hash": hashlib.sha256(text.encode()).hexdigest()[:32],
            "title": f"Article {a}", "source": "bench", "url": f"https://bench.example.org/{a}",
            "language": lang, "language_source": "metadata", "published": published,
            "published_source": "metadata", "text": text, "origin": f"bench#{a}", "encoding": "utf-8",
        })
        for k, (start, end, sentence) in enumerate(spans):
            if len(sts) >= n:
                break
            stance = rng.choice(stances)
            sts.append({
                "statement_id": f"{a:06d}-{k}", "article_id": aid, "party": rng.choice(parties),
                "actor": None, "issue": rng.choice(issues), "stance": stance,
                "hardness": STANCE_HARDNESS[stance], "stated_on": published, "date_source": "published",
                "evidence": sentence, "char_start": start, "char_end": end, "cue": "right",
                "rule": "bench", "speaker_method": "party", "confidence": rng.random(),
            })
    breakers = [
        lambda s: s.update(party="atlantis"),
        lambda s: s.update(hardness=-s["hardness"]),
        lambda s: s.update(char_start=s["char_start"] + 1, char_end=s["char_end"] + 1),
        lambda s: s.update(stated_on=s["stated_on"] + timedelta(days=5 * 365)),
        lambda s: s.update(article_id="no-such-article"),
        lambda s: s.update(confidence=1.5),
    ]
    for s in rng.sample(sts, int(len(sts) * bad_share)):
        rng.choice(breakers)(s)
    return (
        pl.DataFrame(arts, schema=ARTICLE_SCHEMA),
        pl.DataFrame(sts, schema={"statement_id": pl.String, **STATEMENT_SCHEMA}),
    )


class Timer:
    def __init__(self):
        self.parts: dict[str, float] = {}

    def wrap(self, obj, name: str, label: str):
        fn = getattr(obj, name)

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.parts[label] = self.parts.get(label, 0.0) + time.perf_counter() - t

        setattr(obj, name, timed)
        return fn


def bench(n: int, bad_share: float, workdir: Path, codebook) -> dict[str, float]:
    articles, statements = make_batch(n, bad_share)
    settings = Settings(db=workdir / f"bench-{n}.duckdb", data_dir=workdir / f"data-{n}")
    timer = Timer()
    originals = [
        (engine.store, "query_frame", timer.wrap(engine.store, "query_frame", "sql (derived columns)")),
        (engine, "run_suite", timer.wrap(engine, "run_suite", "great expectations")),
        (engine, "failing_rows", timer.wrap(engine, "failing_rows", "map failing rows")),
    ]
    figures: dict[str, float] = {}
    try:
        with store.connect(settings) as con:
            con.register("bench_articles", articles)
            con.execute(
                "INSERT INTO articles BY NAME SELECT *, now()::TIMESTAMP AS ingested_at, 'bench' AS run_id "
                "FROM bench_articles"
            )
            con.unregister("bench_articles")

            t = time.perf_counter()
            outcome = engine.validate_statements(con, statements, "bench", codebook=codebook)
            figures["validate"] = time.perf_counter() - t
            parts = dict(timer.parts)
            figures["  sql (derived columns)"] = parts.get("sql (derived columns)", 0.0)
            figures["  great expectations"] = parts.get("great expectations", 0.0)
            figures["  map failing rows"] = parts.get("map failing rows", 0.0)
            figures["  to pandas + rest"] = figures["validate"] - sum(parts.values())

            per_article = statements.group_by("article_id").len("n_statements").with_columns(
                pl.col("n_statements").cast(pl.Int32)
            ).filter(pl.col("article_id") != "no-such-article")
            t = time.perf_counter()
            with store.transaction(con):
                replace_statements(con, per_article, outcome.kept, run_id="bench",
                                   extractor_version="bench", codebook_hash=codebook.hash)
                store_quarantine(con, outcome, "bench", extra={"extractor_version": "bench", "codebook_hash": codebook.hash})
            figures["store (kept + quarantine)"] = time.perf_counter() - t

            t = time.perf_counter()
            publish_data_docs(settings, [outcome])
            figures["data docs"] = time.perf_counter() - t

            # articles were inserted above; validate them as a table (in place), no GX import cost
            t = time.perf_counter()
            art = validate_articles(con, articles, "bench", codebook=codebook, batch_mode=False)
            figures[f"validate {articles.height:,} articles"] = time.perf_counter() - t
            assert art.quarantined.height == 0, art.quarantined.select("article_id", "failed_expectations")
    finally:
        for obj, name, fn in originals:
            setattr(obj, name, fn)
    figures["_kept"] = outcome.kept.height
    figures["_quarantined"] = outcome.quarantined.height
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, action="append", help="statements (repeatable); default 1,000 and 100,000")
    ap.add_argument("--bad", type=float, default=0.01, help="share of broken statements (default 0.01)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    sizes = args.n or [1_000, 100_000]

    t = time.perf_counter()
    import great_expectations  # noqa: F401

    print(f"import great_expectations: {time.perf_counter() - t:.2f} s (once per process)")
    codebook = load_codebook()
    workdir = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    try:
        bench(200, args.bad, workdir, codebook)  # warm-up: first GX run builds its registries
        for n in sizes:
            f = bench(n, args.bad, workdir, codebook)
            print(f"\n{n:,} statements ({int(f.pop('_kept')):,} kept, {int(f.pop('_quarantined')):,} quarantined)")
            for name, secs in f.items():
                rate = f"  {n / secs:>12,.0f} statements/s" if name == "validate" else ""
                print(f"  {name:<32}{secs:8.3f} s{rate}")
    finally:
        if args.keep:
            print(f"\nkept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
