"""Check the synthetic corpus against the extractor, in memory (no files, no database).

    .venv/bin/python bench/synth_check.py [-n 600] [--seed 7] [--show 20]

Generates ``n`` articles, extracts them with ``extract_article``, turns statements into
positions as the ``positions`` view does (bench/score_dev.py), and compares them with the
planted positions on (article, party, issue, stance): recall, precision, actor and date
accuracy, per language, and the sentences behind misses and false positives. Use it
after changing a template: a template the extractor reads another way shows up here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402
from score_dev import positions  # noqa: E402

from negotrack.codebook import load_codebook  # noqa: E402
from negotrack.extract import extract_article  # noqa: E402
from negotrack.models import Article  # noqa: E402

SCORED = {"enrichment", "ballistic_missiles", "sanctions"}


def compare(gold: list[dict], predicted: list[dict]) -> dict:
    """Recall/precision on (article, party, issue, stance), actor and date accuracy on matches."""
    key = lambda r: (r["article_id"], r["party"], r["issue"], r["stance"])  # noqa: E731
    g = {key(r): r for r in gold}
    p = {key(r): r for r in predicted if r["issue"] in SCORED}
    tp = g.keys() & p.keys()
    actor_ok = sum(1 for k in tp if g[k]["actor"] == p[k]["actor"])
    date_ok = sum(1 for k in tp if str(g[k]["date"]) == str(p[k]["date"]))
    return {
        "planted": len(g), "found": len(p), "matched": len(tp),
        "recall": len(tp) / len(g) if g else 1.0, "precision": len(tp) / len(p) if p else 1.0,
        "actor_accuracy": actor_ok / len(tp) if tp else 1.0, "date_accuracy": date_ok / len(tp) if tp else 1.0,
        "missed": sorted(g.keys() - p.keys()), "spurious": sorted(p.keys() - g.keys()),
    }


def positions_of(arts: list[synth.SynthArticle], codebook) -> list[dict]:
    """The extractor's positions over synthetic articles, as the positions view makes them."""
    statements = []
    for a in arts:
        statements += extract_article(Article(article_id=a.article_id, text=a.text, language=a.language,
                                              published=a.published), codebook)
    return positions(statements)  # through the real positions view, once


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    cb = load_codebook()
    arts = [synth.synth_article(args.seed, i) for i in range(args.n)]
    by_id = {a.article_id: a for a in arts}
    gold = [g for a in arts for g in a.gold()]
    pred = positions_of(arts, cb)
    res = compare(gold, pred)
    print(f"{args.n} articles: planted {res['planted']}, found {res['found']}, matched {res['matched']}; "
          f"recall {res['recall']:.3f}, precision {res['precision']:.3f}, "
          f"actor {res['actor_accuracy']:.3f}, date {res['date_accuracy']:.3f}")
    for lang in synth.LANGS:
        sub = compare([r for r in gold if by_id[r["article_id"]].language == lang],
                      [r for r in pred if by_id[r["article_id"]].language == lang])
        print(f"  {lang}: recall {sub['recall']:.3f} precision {sub['precision']:.3f} "
              f"actor {sub['actor_accuracy']:.3f} date {sub['date_accuracy']:.3f}")
    gk = {(r["article_id"], r["party"], r["issue"], r["stance"]): r for r in gold}
    pk = {(r["article_id"], r["party"], r["issue"], r["stance"]): r for r in pred}
    print("\nmissed:")
    for k, n in Counter(gk[k]["evidence"] for k in res["missed"]).most_common(args.show):
        print(f"  {n}x {k[2:]} <- {gk[[x for x in res['missed'] if gk[x]['evidence'] == k][0]]['party']}")
    print("\nspurious:")
    for k in res["spurious"][: args.show]:
        print(f"  {k[1:]} <- {pk[k]['evidence'][:200]}")
    wrong_actor = [k for k in gk.keys() & pk.keys() if gk[k]["actor"] != pk[k]["actor"]]
    print("\nwrong actor:")
    for k in wrong_actor[: args.show]:
        print(f"  gold {gk[k]['actor']} / found {pk[k]['actor']} <- {gk[k]['evidence'][:200]}")
    wrong_date = [k for k in gk.keys() & pk.keys() if str(gk[k]["date"]) != str(pk[k]["date"])]
    print("\nwrong date:")
    for k in wrong_date[: args.show]:
        a = by_id[k[0]]
        print(f"  pub {a.published} gold {gk[k]['date']} / found {pk[k]['date']} <- {gk[k]['evidence'][:200]}")
    return res


if __name__ == "__main__":
    main()
