"""Score the extractor on the dev corpus, exactly as positions are scored in production.

usage: python bench/score_dev.py [--corpus DIR] [--out FILE] [--errors N] [--codebook DIR]

Loads ``articles.jsonl`` as :class:`Article` objects, runs ``extract_article``, stores
the statements in a temporary DuckDB file with the project's schema and views, reads
the positions back through the real ``positions`` view as ``negotrack export positions``
writes them (``sql/export/positions.sql``), writes them as JSON Lines and runs
``../shared/eval/score.py`` on them. No copy of the view's logic: what is scored is
what production stores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotrack.codebook import Codebook, load_codebook  # noqa: E402
from negotrack.extract import extract_article  # noqa: E402
from negotrack.models import Article, Statement  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"


def read_articles(corpus: Path) -> list[Article]:
    out = []
    with open(corpus / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            out.append(Article(article_id=str(a["id"]), text=a["text"], language=a["language"],
                               published=date.fromisoformat(a["published"]), title=a.get("title"),
                               source=a.get("source")))
    return out


def positions(statements: list[Statement]) -> list[dict]:
    """Statements → positions through the ``positions`` view of a temporary database."""
    import tempfile

    import polars as pl

    from negotrack import store
    from negotrack.config import Settings
    from negotrack.extract.batch import statement_id
    from negotrack.models import STATEMENT_SCHEMA

    frame = pl.DataFrame([(statement_id(s), *(getattr(s, name) for name in STATEMENT_SCHEMA)) for s in statements],
                         schema={"statement_id": pl.String, **STATEMENT_SCHEMA}, orient="row")
    with tempfile.TemporaryDirectory(prefix="negotrack-score-") as tmp:
        settings = Settings(db=Path(tmp) / "score.duckdb", data_dir=Path(tmp))
        with store.connect(settings) as con, store.registered(con, dev_statements=frame):
            store.run_script(con, "eval/insert_statements.sql", {"extractor_version": "score_dev",
                                                                 "codebook_hash": "score_dev"})
            return store.query_frame(con, "export/positions.sql").to_dicts()


def extract_corpus(articles: list[Article], cb: Codebook) -> list[Statement]:
    out: list[Statement] = []
    for a in articles:
        out.extend(extract_article(a, cb))
    return out


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("negotrack_shared_score", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_jsonl(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEV)
    ap.add_argument("--out", type=Path, default=Path("/tmp/negotrack_dev_positions.jsonl"))
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--codebook", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    cb = load_codebook(args.codebook)
    rows = positions(extract_corpus(read_articles(args.corpus), cb))
    write_jsonl(rows, args.out)
    score_args = [str(args.corpus), str(args.out)]
    if args.errors:
        score_args += ["--errors", str(args.errors)]
    if args.json:
        score_args.append("--json")
    load_scorer().main(score_args)


if __name__ == "__main__":
    main()
