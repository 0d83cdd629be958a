"""Score the extractor on the dev corpus, exactly as positions are scored in production.

usage: python bench/score_dev.py [--corpus DIR] [--out FILE] [--errors N] [--codebook DIR]

Loads ``articles.jsonl`` as :class:`Article` objects, runs ``extract_article``, turns
statements into positions the way ``sql/views/010_positions.sql`` does (one row per
article × party × issue × stance; actor and date from the first statement in the text,
the first *named* actor winning over a null one; evidence from the most confident
statement), writes them as JSON Lines and runs ``../shared/eval/score.py`` on them.
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
    """Statements → positions, as the ``positions`` view does."""
    groups: dict[tuple[str, str, str, str], list[Statement]] = {}
    for s in statements:
        groups.setdefault((s.article_id, s.party, s.issue, s.stance), []).append(s)
    rows = []
    for (article_id, party, issue, stance), ss in groups.items():
        first = min(ss, key=lambda s: s.char_start)
        named = [s for s in ss if s.actor is not None]
        actor = min(named, key=lambda s: s.char_start).actor if named else first.actor
        best = min(ss, key=lambda s: (-s.confidence, s.char_start))
        rows.append({"article_id": article_id, "party": party, "issue": issue, "stance": stance,
                     "actor": actor, "date": first.stated_on.isoformat(), "evidence": best.evidence,
                     "hardness": first.hardness, "confidence": best.confidence})
    return rows


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
