"""`negotrack eval` and the scorer behind it (negotrack/evaluate.py).

1. the scorer on small hand-made sets, expected figures worked out by hand;
2. the scorer against ../shared/eval/score.py on the dev corpus (skipped if absent);
3. `negotrack eval` end to end on a tiny gold folder (slow: a real Prefect flow);
4. bad usage: exit 2 with one line.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from negotrack.evaluate import (
    GUIDE_STANCES,
    SCORED_ISSUES,
    GoldArticle,
    GoldCorpus,
    GoldError,
    Position,
    Scheme,
    evaluate,
    load_gold,
    predictions_from_export,
    same_actor,
)
from support import DEV_CORPUS, ROOT, SHARED, run_cli

SCORER = SHARED / "eval" / "score.py"


def corpus(languages: dict[str, str], gold: list[dict]) -> GoldCorpus:
    articles = {a: GoldArticle(a, lang) for a, lang in languages.items()}
    return GoldCorpus(Path("."), articles, [Position.from_mapping(g) for g in gold])


def pos(article_id, party, issue, stance, **kw) -> dict:
    return {"article_id": article_id, "party": party, "issue": issue, "stance": stance, **kw}


def figures(counts) -> tuple:
    return (counts.tp, counts.fp, counts.fn,
            round(counts.precision, 4), round(counts.recall, 4), round(counts.f1, 4))


# --------------------------------------------------------------------------- 1. the scorer by hand


@pytest.fixture
def small():
    """Two annotated articles (en, fr) and one with no gold line (ar)."""
    gold = corpus(
        {"a1": "en", "a2": "fr", "a3": "ar"},
        [
            pos("a1", "iran", "enrichment", "insist", actor="Abbas Araghchi", date="2025-04-12"),
            pos("a1", "usa", "sanctions", "pressure", actor="US Treasury", date="2025-04-12"),
            pos("a1", "iran", "talks", "open"),  # not a scored issue: ignored
            pos("a2", "iran", "ballistic_missiles", "refuse", actor=None, date="2025-04-13"),
            pos("a2", "e3", "sanctions", "pressure", actor="Jean-Noël Barrot", date="2025-04-13"),
        ],
    )
    predictions = [
        # tp, actor ok
        pos("a1", "iran", "enrichment", "insist", actor="Araghchi", date="2025-04-12"),
        # same key: the first line stands
        pos("a1", "iran", "enrichment", "insist", actor="Pezeshkian", date="1999-01-01"),
        # tp, actor ok, date wrong
        pos("a1", "usa", "sanctions", "pressure", actor="US Treasury Department", date="2025-04-11"),
        # unscored: ignored
        pos("a1", "iran", "talks", "open"),
        # fp (wrong stance)
        pos("a2", "iran", "ballistic_missiles", "insist", actor="Abbas Araghchi"),
        # tp, actor wrong, date ok
        pos("a2", "e3", "sanctions", "pressure", actor="Kaja Kallas", date="2025-04-13T09:00:00"),
        # fp: article without gold
        pos("a3", "israel", "enrichment", "pressure"),
        # not in the corpus: ignored
        pos("zz", "usa", "sanctions", "pressure"),
    ]
    return gold, predictions


def test_overall_counts_worked_by_hand(small):
    gold, predictions = small
    ev = evaluate(gold, predictions)
    # gold 4 scored keys; predictions 5 distinct scored keys in the corpus
    # tp 3 (a1 enrichment, a1 sanctions, a2 e3), fp 2 (a2 missiles insist, a3), fn 1 (a2 missiles refuse)
    # P = 3/5 = 0.6, R = 3/4 = 0.75, F1 = 2*0.6*0.75/1.35 = 0.6667
    assert figures(ev.overall) == (3, 2, 1, 0.6, 0.75, 0.6667)
    assert (len(ev.gold), len(ev.predicted), ev.n_articles) == (4, 5, 3)


def test_facets_worked_by_hand(small):
    ev = evaluate(*small)
    lang = ev.facets["language"]
    assert figures(lang["en"]) == (2, 0, 0, 1.0, 1.0, 1.0)
    assert figures(lang["fr"]) == (1, 1, 1, 0.5, 0.5, 0.5)
    assert figures(lang["ar"]) == (0, 1, 0, 0.0, 0.0, 0.0)  # an article with no gold line counts
    party = ev.facets["party"]
    # iran: tp a1 enrichment; fp a2 insist; fn a2 refuse -> 1/2, 1/2
    assert figures(party["iran"]) == (1, 1, 1, 0.5, 0.5, 0.5)
    assert figures(party["israel"]) == (0, 1, 0, 0.0, 0.0, 0.0)
    assert set(party) == {"e3", "iran", "israel", "usa"}
    issue = ev.facets["issue"]
    assert figures(issue["ballistic_missiles"]) == (0, 1, 1, 0.0, 0.0, 0.0)
    # enrichment: tp a1, fp a3 -> P 1/2, R 1/1, F1 2*0.5*1/1.5 = 0.6667
    assert figures(issue["enrichment"]) == (1, 1, 0, 0.5, 1.0, 0.6667)
    assert figures(issue["sanctions"]) == (2, 0, 0, 1.0, 1.0, 1.0)
    assert "talks" not in issue
    stance = ev.facets["stance"]
    assert figures(stance["refuse"]) == (0, 0, 1, 0.0, 0.0, 0.0)
    assert figures(stance["insist"]) == (1, 1, 0, 0.5, 1.0, 0.6667)
    # pressure: tp a1 usa, a2 e3; fp a3 israel -> P 2/3, R 1, F1 0.8
    assert figures(stance["pressure"]) == (2, 1, 0, 0.6667, 1.0, 0.8)
    assert list(ev.facets) == ["all", "issue", "language", "party", "stance"]


def test_actor_and_date_accuracy_over_matched_positions(small):
    ev = evaluate(*small)
    # matched: a1 enrichment (gold actor, date), a1 sanctions (both), a2 e3 (both)
    # actor: Araghchi ~ Abbas Araghchi yes; US Treasury Department ~ US Treasury yes; Kaja Kallas no -> 2/3
    assert (ev.actor.correct, ev.actor.total) == (2, 3)
    # date: 2025-04-12 yes; 2025-04-11 no; 2025-04-13T09:00:00 counts by its day -> 2/3
    assert (ev.date.correct, ev.date.total) == (2, 3)
    assert ev.to_dict()["actor_accuracy"] == pytest.approx(2 / 3)


def test_gold_without_actor_or_date_is_left_out_of_accuracy():
    gold = corpus({"a": "en"}, [pos("a", "iran", "sanctions", "insist"),
                                pos("a", "usa", "sanctions", "pressure", actor="Donald Trump")])
    ev = evaluate(gold, [pos("a", "iran", "sanctions", "insist", actor="Abbas Araghchi", date="2025-01-01"),
                         pos("a", "usa", "sanctions", "pressure", actor=None)])
    assert (ev.actor.correct, ev.actor.total) == (0, 1)  # a null prediction never matches
    assert ev.date.value is None and ev.to_dict()["date_accuracy"] is None


def test_repeated_keys_last_gold_line_and_first_prediction_stand():
    gold = corpus({"a": "en"}, [pos("a", "iran", "enrichment", "insist", actor="Masoud Pezeshkian"),
                                pos("a", "iran", "enrichment", "insist", actor="Abbas Araghchi")])
    ev = evaluate(gold, [pos("a", "iran", "enrichment", "insist", actor="Araghchi"),
                         pos("a", "iran", "enrichment", "insist", actor="Pezeshkian")])
    assert figures(ev.overall) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert (ev.actor.correct, ev.actor.total) == (1, 1)


def test_stance_outside_the_scheme_is_counted_and_is_a_false_alarm():
    gold = corpus({"a": "en"}, [pos("a", "iran", "enrichment", "insist")])
    ev = evaluate(gold, [pos("a", "iran", "enrichment", "insist"), pos("a", "iran", "enrichment", "warn")])
    assert ev.invalid_stance_labels == 1
    assert figures(ev.overall) == (1, 1, 0, 0.5, 1.0, 0.6667)
    assert "predictions with a stance outside the guide: 1" in ev.lines()


def test_nothing_to_score_gives_zeros():
    ev = evaluate(corpus({"a": "en"}, []), [])
    assert figures(ev.overall) == (0, 0, 0, 0.0, 0.0, 0.0)
    assert ev.actor.value is None and ev.facets == {}
    assert ev.lines()[-2:] == ["P 0.000 R 0.000", "F1 0.000"]


@pytest.mark.parametrize(("gold", "pred", "same"), [
    ("Araghchi", "Abbas Araghchi", True),
    ("abbas  araghchi", "Abbas Araghchi", True),
    ("Jean-Noël Barrot", "Jean Noël Barrot", True),
    ("US Treasury Department", "US Treasury", True),
    ("Donald Trump", "JD Vance", False),
    ("Abbas Araghchi", None, False),
    (None, None, False),
])
def test_same_actor(gold, pred, same):
    assert same_actor(gold, pred) is same


def test_report_lines_and_errors_grouped_by_article(small):
    ev = evaluate(*small)
    lines = ev.lines()
    assert lines[0] == "gold positions 4, predicted 5, articles 3"
    assert lines[-2:] == ["P 0.600 R 0.750", "F1 0.667"]
    assert "actor accuracy on matched positions: 0.667 (2/3)" in lines
    assert any(re.fullmatch(r"  fr\s+1\s+1\s+1\s+0\.500\s+0\.500\s+0\.500", l) for l in lines)
    errors = ev.error_lines()
    assert errors[0] == "errors: 1 missed, 2 false alarms, in 2 articles"
    text = "\n".join(errors)
    assert text.index("\na2 (fr)") < text.index("\na3 (ar)")  # corpus order
    assert "missed       iran / ballistic_missiles / refuse" in text and "(predicted: insist)" in text
    assert "false alarm  israel / enrichment / pressure" in text


def test_exported_rows_take_cue_and_rule_of_their_statement():
    rows = [pos("a", "iran", "enrichment", "insist", actor=None, date="2025-01-02", evidence="e", cue="must",
                hardness=1, confidence=0.9, char_start=0, char_end=1, n_statements=1)]
    preds = predictions_from_export(rows, [pos("a", "iran", "enrichment", "insist", cue="must", rule="cue")])
    assert preds == [Position("a", "iran", "enrichment", "insist", None, "2025-01-02", "e", "must", "cue")]


def test_scheme_from_the_bundled_codebook_is_the_guides():
    from negotrack.codebook import load_codebook

    cb = load_codebook()
    scheme = Scheme.from_codebook(cb)
    assert set(scheme.issues) == set(SCORED_ISSUES) and set(scheme.stances) == set(GUIDE_STANCES)
    assert scheme.differences(cb) == []


def write_gold(folder: Path, articles: list[dict], gold: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                           encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold),
                                       encoding="utf-8")
    return folder


def test_load_gold_reads_the_files(tmp_path):
    folder = write_gold(tmp_path / "g", [{"id": "a", "language": "en", "text": "x"}, {"id": 7, "text": "y"}],
                        [pos("a", "iran", "sanctions", "insist"), pos("nowhere", "iran", "talks", "open")])
    (folder / "gold.jsonl").write_text((folder / "gold.jsonl").read_text() + "\n   \n")  # blank lines are skipped
    g = load_gold(folder)
    assert list(g.articles) == ["a", "7"] and g.articles["a"].language == "en"
    assert [p.key for p in g.positions] == [("a", "iran", "sanctions", "insist"), ("nowhere", "iran", "talks", "open")]


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: None, "no such folder"),
    (lambda d: d.mkdir(), "no articles.jsonl"),
    (lambda d: (d.mkdir(), (d / "articles.jsonl").write_text("")), "no gold.jsonl"),
    (lambda d: write_gold(d, [{"id": "a"}], []).joinpath("articles.jsonl").write_text('{"id": "a"}\n{"id": \n'),
     "articles.jsonl:2: not JSON"),
    (lambda d: write_gold(d, [{"text": "no id"}], []), "articles.jsonl:1: an article needs an 'id'"),
    (lambda d: write_gold(d, [{"id": "a"}], [{"article_id": "a", "party": "iran", "issue": "sanctions"}]),
     "gold.jsonl:1: missing stance"),
    (lambda d: write_gold(d, [{"id": "a"}], [pos("b", "iran", "sanctions", "insist")]),
     "gold.jsonl:1: article 'b' is not in articles.jsonl"),
    (lambda d: write_gold(d, [{"id": "a"}], []).joinpath("gold.jsonl").write_text("[1, 2]\n"),
     "gold.jsonl:1: expected a JSON object"),
])
def test_load_gold_refuses_broken_folders(tmp_path, setup, message):
    folder = tmp_path / "g"
    setup(folder)
    with pytest.raises(GoldError, match=re.escape(message)) as info:
        load_gold(folder)
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- 2. same numbers as score.py


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def dev_predictions() -> list[dict]:
    if not SCORER.is_file() or not (DEV_CORPUS / "gold.jsonl").is_file():
        pytest.skip(f"{SCORER} or the dev corpus is absent")
    bench = load_module(ROOT / "bench" / "score_dev.py", "negotrack_bench_score_dev")
    from negotrack.codebook import load_codebook

    return bench.positions(bench.extract_corpus(bench.read_articles(DEV_CORPUS), load_codebook()))


def shared_score(pred_rows: list[dict], tmp_path: Path, *extra: str) -> str:
    path = tmp_path / "predictions.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred_rows), encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        load_module(SCORER, "negotrack_shared_score").main([str(DEV_CORPUS), str(path), *extra])
    return buf.getvalue()


def mutated(rows: list[dict]) -> list[dict]:
    """The dev predictions with every kind of case the scorer must treat as score.py does."""
    stances = list(GUIDE_STANCES)
    out = []
    for i, r in enumerate(rows):
        r = dict(r)
        if i % 7 == 0:
            continue  # dropped: misses
        if i % 5 == 0:
            r["stance"] = stances[(stances.index(r["stance"]) + 1) % len(stances)]  # wrong label
        if i % 4 == 0:
            r["actor"] = None
        if i % 6 == 0:
            r["date"] = r["date"] + "T12:00:00"
        if i % 9 == 0:
            r["actor"] = (r["actor"] or "x").split()[-1].lower()
        out.append(r)
        if i % 8 == 0:
            out.append({**r, "actor": "Someone Else", "date": "1999-01-01"})  # repeated key: first stands
    first = rows[0]
    out += [
        {**first, "stance": "warn"},                          # outside the guide
        {**first, "issue": "talks"},                          # not scored
        {**first, "article_id": "not-in-corpus"},             # ignored
        {**first, "stance": "concede", "date": None},         # no date
        {k: v for k, v in first.items() if k not in ("actor", "date")} | {"party": "oman"},
    ]
    return out


@pytest.mark.parametrize("variant", ["as extracted", "mutated"])
def test_same_numbers_as_shared_score_py(dev_predictions, tmp_path, variant):
    rows = dev_predictions if variant == "as extracted" else mutated(dev_predictions)
    theirs = json.loads(shared_score(rows, tmp_path, "--json"))
    ev = evaluate(load_gold(DEV_CORPUS), rows)
    ours = ev.to_dict()
    assert ours.pop("articles") == 40
    assert ours == theirs  # every count and float, exactly
    if variant == "mutated":
        assert theirs["invalid_stance_labels"] == 1 and 0 < theirs["actor_accuracy"] < 1

    # the same misses and false alarms, in the same order
    text = shared_score(rows, tmp_path, "--errors", "100000")
    fp_part, fn_part = text.split("\nfalse positives:\n")[1].split("\nmissed:\n")
    keys = lambda part: [ast.literal_eval(l.split(" | ")[0].strip())  # noqa: E731
                         for l in part.splitlines() if l.startswith("   (")]
    assert keys(fp_part) == [p.key for p in ev.false_alarms]
    assert keys(fn_part) == [g.key for g in ev.misses]
    # and the same text for the figures score.py prints
    squeeze = lambda ls: [" ".join(l.split()) for l in ls if l.strip()]  # noqa: E731
    score_lines = squeeze(text.split("\nfalse positives:")[0].splitlines()) + squeeze(text.splitlines()[-2:])
    our_lines = [l for l in squeeze(ev.lines()) if not l.startswith(("overall ", "all "))]
    assert our_lines == score_lines


# --------------------------------------------------------------------------- 3. end to end

TINY_ARTICLES = [
    {"id": "tiny-en-1", "language": "en", "published": "2025-05-06", "title": "Araghchi on enrichment",
     "text": "Iran's Foreign Minister Abbas Araghchi said on Monday that enrichment is Iran's inalienable right "
             "and will continue. He added that the missile programme is a red line and will never be negotiated."},
    {"id": "tiny-fr-1", "language": "fr", "published": "2025-05-06", "title": "Nouvelles sanctions",
     "text": "Le département d'État américain a annoncé mardi de nouvelles sanctions contre le secteur "
             "pétrolier iranien."},
    {"id": "tiny-ar-1", "language": "ar", "published": "2025-05-06", "title": "عراقجي والتخصيب",
     "text": "قال وزير الخارجية الإيراني عباس عراقجي يوم الأحد إن التخصيب حق ثابت لإيران ولن نتخلى عنه."},
]
TINY_GOLD = [
    pos("tiny-en-1", "iran", "enrichment", "insist", actor="Araghchi", date="2025-05-05",
        evidence="enrichment is Iran's inalienable right and will continue"),
    pos("tiny-en-1", "iran", "ballistic_missiles", "refuse", actor="Abbas Araghchi", date="2025-05-05",
        evidence="the missile programme is a red line and will never be negotiated"),
    pos("tiny-en-1", "iran", "talks", "open", actor="Abbas Araghchi", date="2025-05-05"),  # not scored
    pos("tiny-fr-1", "usa", "sanctions", "pressure", actor="State Department", date="2025-05-06",
        evidence="a annoncé mardi de nouvelles sanctions"),
    # A position the text does not state, so that no extractor finds it: a certain miss.
    pos("tiny-fr-1", "iran", "ballistic_missiles", "open", actor=None, date="2025-05-06",
        evidence="(not in the text)"),
    # tiny-ar-1 has no gold line: whatever is extracted from it is a false alarm.
]


@pytest.mark.slow
def test_eval_end_to_end_on_a_tiny_gold_folder(tmp_path, cli_env):
    gold = write_gold(tmp_path / "gold", TINY_ARTICLES, TINY_GOLD)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    user_db = tmp_path / "analyst.duckdb"
    env = {**cli_env, "NEGOTRACK_DB": str(user_db), "TMPDIR": str(scratch)}
    res = run_cli(["--db", str(user_db), "eval", str(gold), "--errors"], env, tmp_path)
    assert res.returncode == 0, res.stderr
    lines = [" ".join(l.split()) for l in res.stdout.splitlines()]
    # gold: 4 scored positions; extracted: the 3 stated in en/fr and one from the article without gold.
    # tp 3, fp 1, fn 1 -> P 3/4, R 3/4, F1 0.75
    assert lines[0] == "gold positions 4, predicted 4, articles 3"
    assert lines[-2:] == ["P 0.750 R 0.750", "F1 0.750"]
    assert "en 2 0 0 1.000 1.000 1.000" in lines
    assert "fr 1 0 1 1.000 0.500 0.667" in lines  # the miss
    assert "ar 0 1 0 0.000 0.000 0.000" in lines  # an article with no gold line counts
    assert "usa 1 0 0 1.000 1.000 1.000" in lines
    assert "iran 2 1 1 0.667 0.667 0.667" in lines
    assert "sanctions 1 0 0 1.000 1.000 1.000" in lines
    assert all(not l.startswith("talks ") for l in lines)
    # Araghchi ~ Abbas Araghchi, State Department ~ US State Department; "on Monday" = 2025-05-05
    assert "actor accuracy on matched positions: 1.000 (3/3)" in lines
    assert "date accuracy on matched positions: 1.000 (3/3)" in lines
    # --errors: the miss with its gold evidence, the false alarm with its evidence, cue and rule
    assert "errors: 1 missed, 1 false alarm, in 2 articles" in lines
    text = res.stdout
    assert "tiny-fr-1 (fr)" in text and "missed       iran / ballistic_missiles / open" in text
    assert "gold evidence: (not in the text)" in text
    fa = text[text.index("tiny-ar-1 (ar)"):]
    assert "false alarm  iran / enrichment /" in fa and "evidence: قال وزير الخارجية" in fa
    assert re.search(r"cue: \S.*rule: \w", fa)
    # nothing of the analyst's was created, the temporary database is gone
    assert not user_db.exists()
    assert not (tmp_path / "negotrack.duckdb").exists() and not (tmp_path / "reports").exists()
    assert list(scratch.iterdir()) == []


# --------------------------------------------------------------------------- 4. bad usage


def _missing(d: Path) -> Path:
    return d


def _empty(d: Path) -> Path:
    d.mkdir()
    return d


def _broken_gold_line(d: Path) -> Path:
    write_gold(d, [{"id": "a", "text": "t"}], [])
    (d / "gold.jsonl").write_text('{"article_id": "a", "party": \n', encoding="utf-8")
    return d


def _a_file(d: Path) -> Path:
    f = d.parent / "file.txt"
    f.write_text("x")
    return f


@pytest.mark.parametrize(("make", "message"), [
    (_missing, "no such folder"),
    (_empty, "no articles.jsonl"),
    (_broken_gold_line, "gold.jsonl:1: not JSON"),
    (_a_file, "not a folder"),
])
def test_bad_usage_exits_2_with_one_line(tmp_path, make, message):
    from negotrack.cli import app

    target = make(tmp_path / "gold")
    db = tmp_path / "analyst.duckdb"
    res = CliRunner().invoke(app, ["--db", str(db), "eval", str(target)])
    assert res.exit_code == 2, res.output
    err_lines = res.stderr.strip().splitlines()
    assert len(err_lines) == 1 and err_lines[0].startswith("error: ") and message in err_lines[0]
    assert "Traceback" not in res.output and res.stdout == ""
    assert not db.exists()
