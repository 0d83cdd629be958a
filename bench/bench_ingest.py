"""Time the ingest library: read_sources and store_batch over N small generated articles.

    .venv/bin/python bench/bench_ingest.py            # 1,000 files
    .venv/bin/python bench/bench_ingest.py -n 5000 --keep

Generates a mix of .txt / .md (front matter) / .html / .jsonl inputs in Arabic, English
and French in a temporary folder, then times (library only, no Prefect):
  1. read_sources (cold: includes the lazy imports and the language model load),
  2. read_sources again (warm),
  3. store_batch into a fresh DuckDB file (new articles),
  4. store_batch of the same batch again (all known: the re-run case).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from negotrack.config import Settings  # noqa: E402
from negotrack.ingest import read_sources  # noqa: E402
from negotrack.ingest.load import store_batch  # noqa: E402
from negotrack.store import connect  # noqa: E402

SENTENCES = {
    "ar": [
        "قال وزير الخارجية الإيراني عباس عراقجي إن التخصيب حق غير قابل للتفاوض.",
        "وأضاف أن الجولة المقبلة من المحادثات ستعقد في مسقط الأسبوع المقبل.",
        "من جهته، أكد المبعوث الأمريكي أن واشنطن تريد اتفاقاً يمنع إيران من امتلاك سلاح نووي.",
        "وتطالب طهران برفع العقوبات الاقتصادية قبل أي خطوة أخرى.",
        "وكانت الجولة الأولى قد عقدت يوم السبت 12 نيسان/أبريل في العاصمة العمانية.",
    ],
    "en": [
        "Iran's foreign minister said enrichment is a non-negotiable right.",
        "The next round of talks will be held in Muscat next week, officials said.",
        "The U.S. envoy insisted that any deal must prevent Iran from obtaining a nuclear weapon.",
        "Tehran demands that economic sanctions be lifted before any other step.",
        "The first round took place on Saturday, April 12, in the Omani capital.",
    ],
    "fr": [
        "Le ministre iranien des Affaires étrangères a déclaré que l'enrichissement n'est pas négociable.",
        "La prochaine session de pourparlers aura lieu à Mascate la semaine prochaine.",
        "L'émissaire américain a insisté pour qu'un accord empêche l'Iran d'obtenir l'arme nucléaire.",
        "Téhéran exige la levée des sanctions économiques avant toute autre étape.",
        "La première session s'est tenue samedi 12 avril dans la capitale omanaise.",
    ],
}


def _text(rng: random.Random, lang: str, i: int) -> str:
    body = " ".join(rng.sample(SENTENCES[lang], 4))
    return f"{body} ({lang}-{i})"


def generate(folder: Path, n: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    langs = ("ar", "en", "fr")
    counts = {"txt": 0, "md": 0, "html": 0, "jsonl": 0}
    jsonl_lines: list[str] = []
    for i in range(n):
        lang = langs[i % 3]
        kind = ("txt", "md", "html", "jsonl")[i % 4]
        text = _text(rng, lang, i)
        sub = folder / lang
        sub.mkdir(parents=True, exist_ok=True)
        if kind == "txt":
            (sub / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        elif kind == "md":
            (sub / f"a{i:06d}.md").write_text(
                f"---\nid: md-{i}\ntitle: Article {i}\nsource: Bench Wire\npublished: 2025-04-{1 + i % 28:02d}\n"
                f"language: {lang}\n---\n{text}\n",
                encoding="utf-8",
            )
        elif kind == "html":
            paras = "".join(f"<p>{s}</p>" for s in text.split(". "))
            (sub / f"a{i:06d}.html").write_text(
                f'<!doctype html><html lang="{lang}"><head><title>Article {i}</title>'
                f'<meta property="og:site_name" content="Bench Site"><meta name="date" content="2025-04-12">'
                f"<script>var tracking = {i};</script></head><body><nav>Home | World</nav>"
                f"<article><h1>Article {i}</h1>{paras}</article><footer>© Bench</footer></body></html>",
                encoding="utf-8",
            )
        else:
            jsonl_lines.append(json.dumps({"id": f"jl-{i}", "text": text, "language": lang}, ensure_ascii=False))
        counts[kind] += 1
    # JSONL records: 50 per file, so the file count stays close to N
    for start in range(0, len(jsonl_lines), 50):
        (folder / f"batch{start // 50:04d}.jsonl").write_text("\n".join(jsonl_lines[start : start + 50]) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="negotrack-bench-"))
    try:
        src = tmp / "articles"
        t0 = time.perf_counter()
        counts = generate(src, args.n)
        t_gen = time.perf_counter() - t0
        files = sum(1 for p in src.rglob("*") if p.is_file())
        settings = Settings(db=tmp / "bench.duckdb")

        t0 = time.perf_counter()
        batch = read_sources([src], settings)
        t_read_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        batch = read_sources([src], settings)
        t_read_warm = time.perf_counter() - t0

        t0 = time.perf_counter()
        with connect(settings) as con:
            t_open = time.perf_counter() - t0
            t1 = time.perf_counter()
            first = store_batch(con, batch, "bench-1")
            t_store = time.perf_counter() - t1
            t1 = time.perf_counter()
            second = store_batch(con, batch, "bench-2")
            t_restore = time.perf_counter() - t1

        by_kind = ", ".join(f"{v} {k}" for k, v in counts.items())
        print(f"generated {args.n} articles ({by_kind}) in {files} files, {t_gen:.2f} s")
        print(f"read_sources cold   {t_read_cold:7.3f} s  ({args.n / t_read_cold:8.0f} articles/s)  [imports + model load]")
        print(f"read_sources warm   {t_read_warm:7.3f} s  ({args.n / t_read_warm:8.0f} articles/s)")
        print(f"  inputs={batch.inputs} articles={batch.articles.height} errors={batch.errors.height}")
        print(f"connect + migrate   {t_open:7.3f} s")
        print(f"store_batch (new)   {t_store:7.3f} s  -> {first}")
        print(f"store_batch (again) {t_restore:7.3f} s  -> {second}")
        ok = batch.errors.height == 0 and first.new == args.n and second.new == 0 and second.known == args.n
        print("OK" if ok else "UNEXPECTED COUNTS")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
