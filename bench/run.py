"""The speed and scale harness: the whole pipeline over 1,000 / 10,000 / 100,000 synthetic
articles, per stage and end to end, with Prefect's own share, memory, and correctness.

    .venv/bin/python bench/run.py                       # 1,000, 10,000 and 100,000
    .venv/bin/python bench/run.py --sizes 1000,10000    # quicker
    .venv/bin/python bench/run.py --sizes 10000 --prefect-server   # a long-lived Prefect server
    .venv/bin/python bench/run.py --sizes 1000 --json out.json
    .venv/bin/python bench/run.py --extract-only      # extraction alone: one core vs all

For each size it generates the corpus once (bench/synth.py, cached under --work), then
runs ``negotrack run CORPUS`` in a fresh process on a fresh database, exactly as a user
would (same CLI code, same Prefect temporary server), with timers around the flow, each
task and the library work inside each task. From those it reports:

- per stage (ingest, extract, validate, report) and end to end: wall time, articles/s,
  peak memory (the whole process tree, sampled: CLI process, extraction workers and the
  temporary Prefect server);
- Prefect's own overhead: ``import prefect`` + flow-run set-up and tear-down (the
  temporary server's start-up is in there) + task-run orchestration, i.e. the run's wall
  time minus the time spent in our code; as a share of the end-to-end wall time;
- a second run over the same unchanged files (the re-run case);
- recall and precision of the planted positions against ``export positions``, actor and
  date accuracy, and syndicated copies found;
- extraction alone on one core and on all cores (articles/s, speed-up).

Figures are wall-clock on a machine that may be shared: CPU seconds are shown beside
them. Nothing here asserts a target; bench/RESULTS.md compares the figures with them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

_T_LOADED = time.time()  # when psutil cannot say when this process started
ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

STAGES = ("ingest", "extract", "validate", "report")
TARGETS = {
    "extract_per_core": 1000.0,  # articles/s
    "speedup_2_cores": 1.8,
    "e2e_100k_s": 300.0,
    "prefect_share": 0.05,
    "peak_mem_mb": 2048.0,
    "rerun_100k_s": 15.0,
    "linear_ratio": 11.0,
}


# ----------------------------------------------------------------------------- child process


class _Timers:
    """Wall time of each flow call, flow body, task call and task body (same thread)."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.stage_of_task: dict[str, str] = {}
        self.current_stage: str | None = None

    def add(self, kind: str, name: str, t0: float, t1: float) -> None:
        self.events.append({"kind": kind, "name": name, "stage": self.current_stage, "t0": t0, "t1": t1})


def _instrument(timers: _Timers) -> None:
    """Wrap Prefect's Flow/Task calls and bodies, and the pipeline's stage functions."""
    import prefect.flows
    import prefect.tasks

    import negotrack.flows.pipeline as pipeline_mod

    def wrap_body(obj, kind: str, name: str) -> None:
        fn = obj.fn
        now, add = time.time, timers.add

        def timed(*a, **k):
            t0 = now()
            try:
                return fn(*a, **k)
            finally:
                add(kind, name, t0, now())

        # Prefect validates parameters against the function's annotations, resolved in its
        # module: the wrapper gets the wrapped function's globals, name and signature.
        timed = types.FunctionType(timed.__code__, fn.__globals__, fn.__name__, None, timed.__closure__)
        obj.fn = functools.update_wrapper(timed, fn)

    orig_task_call = prefect.tasks.Task.__call__
    orig_flow_call = prefect.flows.Flow.__call__

    def task_call(self, *a, **k):
        t0 = time.time()
        try:
            return orig_task_call(self, *a, **k)
        finally:
            timers.add("task_call", self.name, t0, time.time())

    def flow_call(self, *a, **k):
        t0 = time.time()
        try:
            return orig_flow_call(self, *a, **k)
        finally:
            timers.add("flow_call", self.name, t0, time.time())

    prefect.tasks.Task.__call__ = task_call
    prefect.flows.Flow.__call__ = flow_call

    from negotrack.flows import extract, ingest, report, validate

    for mod in (ingest, extract, validate, report, pipeline_mod):
        for name, obj in vars(mod).items():
            if isinstance(obj, prefect.tasks.Task) and not getattr(obj.fn, "__wrapped__", None):
                wrap_body(obj, "task_body", obj.name)
    wrap_body(pipeline_mod.pipeline_flow, "flow_body", pipeline_mod.pipeline_flow.name)

    for stage in STAGES:
        fn = getattr(pipeline_mod, f"{stage}_stage")

        def timed_stage(*a, __fn=fn, __stage=stage, **k):
            timers.current_stage = __stage
            t0 = time.time()
            try:
                return __fn(*a, **k)
            finally:
                timers.add("stage", __stage, t0, time.time())
                timers.current_stage = None

        setattr(pipeline_mod, f"{stage}_stage", timed_stage)


def child(config: dict) -> None:
    """Run ``negotrack run`` in this process with timers; write the figures to config['out']."""
    try:
        import psutil

        t_start = psutil.Process().create_time()
    except ImportError:
        t_start = _T_LOADED
    t_main = time.time()
    os.chdir(config["cwd"])
    from negotrack.config import get_settings
    from negotrack.flows.prefect_setup import configure_prefect_env

    configure_prefect_env(get_settings())
    t = time.time()
    import prefect  # noqa: F401

    t_import_prefect = time.time() - t
    t = time.time()
    import negotrack.flows.pipeline  # noqa: F401
    from negotrack import cli

    t_import_ours = time.time() - t
    timers = _Timers()
    _instrument(timers)
    code = 0
    t_cli = time.time()
    try:
        cli.app(["--db", config["db"], "run", config["corpus"]], prog_name="negotrack")
    except SystemExit as exc:
        code = int(exc.code or 0)
    t_end = time.time()
    out = {
        "exit_code": code,
        "t_process_start": t_start,
        "t_main": t_main,
        "t_cli": t_cli,
        "t_end": t_end,
        "import_prefect_s": t_import_prefect,
        "import_ours_s": t_import_ours,
        "events": timers.events,
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    Path(config["out"]).write_text(json.dumps(out))


# ----------------------------------------------------------------------------- parent


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants every ``every`` s."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float, float]] = []  # (time, MB, CPU s of the tree so far)
        self.cpu: dict[int, float] = {}  # pid -> last seen user+sys seconds
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            import psutil  # comes with the dask extra; without it the peak is the largest maxrss
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.samples.append((time.time(), total / 2**20, sum(self.cpu.values())))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def peak(self, t0: float | None = None, t1: float | None = None) -> float:
        vals = [m for t, m, _ in self.samples if (t0 is None or t >= t0) and (t1 is None or t <= t1)]
        return max(vals, default=0.0)

    def cpu_between(self, t0: float, t1: float) -> float:
        """CPU seconds the tree used between t0 and t1 (from the samples around them)."""
        before = [c for t, _, c in self.samples if t <= t0]
        after = [c for t, _, c in self.samples if t >= t1]
        start = before[-1] if before else 0.0
        end = after[0] if after else (self.samples[-1][2] if self.samples else 0.0)
        return max(0.0, end - start)


def run_cli(corpus: Path, db: Path, cwd: Path, env: dict[str, str], label: str) -> dict:
    """One `negotrack run` in a child process; returns its timings, memory and CPU."""
    out = cwd / f"{label}.json"
    config = {"corpus": str(corpus), "db": str(db), "cwd": str(cwd), "out": str(out)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(config)],
                            env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.time() - t0
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"`negotrack run` failed ({proc.returncode}):\n{stdout[-3000:]}\n{stderr[-5000:]}")
    r = json.loads(out.read_text())
    r["wall_s"] = wall
    r["t_popen"] = t0
    r["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    r["peak_tree_mb"] = sampler.peak() or max(r["maxrss_self_mb"], r["maxrss_children_mb"])
    r["stdout"] = stdout
    r["stage_peak_mb"] = {}
    r["stage_cpu_s"] = {}
    for e in r["events"]:
        if e["kind"] == "stage":
            r["stage_peak_mb"][e["name"]] = sampler.peak(e["t0"], e["t1"])
            r["stage_cpu_s"][e["name"]] = sampler.cpu_between(e["t0"], e["t1"])
    r["memory_samples"] = [(round(t - t0, 2), round(m), round(c, 1)) for t, m, c in sampler.samples[::10]]
    return r


def breakdown(r: dict, n: int) -> dict:
    """Stage walls, our time, Prefect's time, from the child's events."""
    ev = r["events"]
    flow_call = [e for e in ev if e["kind"] == "flow_call"]
    flow_body = [e for e in ev if e["kind"] == "flow_body"]
    task_calls = [e for e in ev if e["kind"] == "task_call"]
    task_bodies = [e for e in ev if e["kind"] == "task_body"]
    fc = flow_call[-1]["t1"] - flow_call[-1]["t0"]
    fb = flow_body[-1]["t1"] - flow_body[-1]["t0"]
    tc = sum(e["t1"] - e["t0"] for e in task_calls)
    tb = sum(e["t1"] - e["t0"] for e in task_bodies)
    flow_overhead = fc - fb  # flow-run creation (temporary server start-up), states, tear-down
    task_overhead = tc - tb
    prefect = r["import_prefect_s"] + flow_overhead + task_overhead
    stages = {}
    for stage in STAGES:
        se = [e for e in ev if e["kind"] == "stage" and e["name"] == stage]
        wall = sum(e["t1"] - e["t0"] for e in se)
        ours = sum(e["t1"] - e["t0"] for e in task_bodies if e["stage"] == stage)
        calls = sum(e["t1"] - e["t0"] for e in task_calls if e["stage"] == stage)
        stages[stage] = {
            "wall_s": wall, "articles_per_s": n / wall if wall else None,
            "prefect_s": calls - ours, "peak_mb": r["stage_peak_mb"].get(stage, 0.0),
            "cpu_s": r["stage_cpu_s"].get(stage, 0.0),
        }
    startup = r["t_cli"] - r["t_process_start"]
    return {
        "wall_s": r["wall_s"], "cpu_s": r["cpu_s"], "articles_per_s": n / r["wall_s"],
        "process_startup_s": startup, "import_prefect_s": r["import_prefect_s"],
        "flow_setup_teardown_s": flow_overhead, "task_orchestration_s": task_overhead,
        "prefect_s": prefect, "prefect_share": prefect / r["wall_s"],
        "peak_tree_mb": r["peak_tree_mb"], "maxrss_main_mb": r["maxrss_self_mb"],
        "maxrss_child_mb": r["maxrss_children_mb"],
        "flow_body_s": fb, "stages": stages, "memory_samples": r.get("memory_samples"),
    }


def correctness(corpus: Path, db: Path) -> dict:
    import polars as pl

    from negotrack import store
    from negotrack.config import Settings
    from synth_check import compare

    settings = Settings(db=db)
    with store.connect(settings, read_only=True) as con:
        positions = store.query_frame(con, "export/positions.sql")
        synd = con.sql("SELECT article_id, original_id FROM syndication").pl()
        n_articles = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        n_quarantined = con.execute(
            "SELECT count(*) FROM quarantine WHERE released_at IS NULL AND disposition = 'held'"
        ).fetchall()[0][0]
    with open(corpus / "planted.jsonl", encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    res = compare(gold, positions.with_columns(pl.col("date").cast(pl.String)).to_dicts())
    with open(corpus / "copies.jsonl", encoding="utf-8") as f:
        root = {r["article_id"]: r["original_id"] for r in map(json.loads, f) if r}
    # A story is an original and its copies; which of them the detector calls the original
    # is its own choice (the earliest, then the most complete), so count pairs per story.
    story = lambda a: root.get(a, a)  # noqa: E731
    per_story: dict[str, int] = {}
    spurious = 0
    for a, o in synd.iter_rows():
        if story(a) == story(o):
            per_story[story(a)] = per_story.get(story(a), 0) + 1
        else:
            spurious += 1
    planted_per_story: dict[str, int] = {}
    for a in root:
        planted_per_story[story(a)] = planted_per_story.get(story(a), 0) + 1
    found = sum(min(k, planted_per_story.get(s_, 0)) for s_, k in per_story.items())
    return {
        "articles_stored": n_articles, "rows_held_in_quarantine": n_quarantined,
        "planted": res["planted"], "found": res["found"], "matched": res["matched"],
        "recall": res["recall"], "precision": res["precision"],
        "actor_accuracy": res["actor_accuracy"], "date_accuracy": res["date_accuracy"],
        "copies_planted": len(root), "copies_found": found, "copies_spurious": spurious,
    }


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def machine_parallelism(workers: int, n: int = 10_000_000) -> float:
    """Speed-up of a trivial pure-Python loop on ``workers`` processes over one: what this
    machine gives right now (a shared or oversubscribed box gives much less than ``workers``)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    t0 = time.perf_counter()
    for _ in range(workers):
        _spin(n)
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_spin, [1000] * workers))  # started
        t0 = time.perf_counter()
        list(pool.map(_spin, [n] * workers))
        many = time.perf_counter() - t0
    return one / many


def extraction_rate(seed: int, sample: int, workers: int) -> dict:
    """Extraction alone over the first ``sample`` synthetic articles (in memory, no I/O):
    one core, then ``workers`` processes of an extraction pool already started."""
    import polars as pl

    from negotrack.codebook import load_codebook
    from negotrack.extract.batch import extract_frame
    from synth import synth_article

    synthetic = [synth_article(seed, i) for i in range(sample)]
    arts = pl.DataFrame(
        {"article_id": [a.article_id for a in synthetic], "text": [a.text for a in synthetic],
         "language": [a.language for a in synthetic], "published": [a.published for a in synthetic]},
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published": pl.Date},
    )
    cb = load_codebook()
    from negotrack.extract.lexicon import lexicon_for

    for lang in ("ar", "en", "fr"):
        lexicon_for(cb, lang)
    from negotrack.extract.batch import ExtractionPool

    extract_frame(arts.head(50), cb, workers=1)  # warm caches
    c0 = time.process_time()
    t0 = time.perf_counter()
    one = extract_frame(arts, cb, workers=1)
    t1 = time.perf_counter() - t0
    c1 = time.process_time() - c0
    with ExtractionPool(workers) as pool:  # started and warm, as in a run's later chunks
        extract_frame(arts.head(workers * 200), cb, pool=pool)
        t0 = time.perf_counter()
        many = extract_frame(arts, cb, pool=pool)
        tn = time.perf_counter() - t0
    assert one.statements.height == many.statements.height
    control = machine_parallelism(workers)
    words = int(arts["text"].str.split(" ").list.len().sum())
    return {
        "articles": arts.height, "mean_words": words / arts.height, "statements": one.statements.height,
        "one_core_s": t1, "one_core_cpu_s": c1, "per_core_articles_per_s": arts.height / t1,
        "per_core_cpu_articles_per_s": arts.height / c1,
        "workers": workers, "all_cores_s": tn, "all_cores_articles_per_s": arts.height / tn,
        "speedup": t1 / tn, "machine_speedup": control,
    }


def start_prefect_server(work: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "prefect"
    log = open(work / "prefect-server.log", "w")
    proc = subprocess.Popen([str(exe), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the Prefect server did not start within 120 s; see prefect-server.log")


def machine() -> dict:
    import importlib.metadata as md

    versions = {p: md.version(p) for p in ("prefect", "duckdb", "polars", "great-expectations", "pyarrow",
                                            "numpy", "datasketch")}
    return {
        "cores": os.cpu_count(), "ram_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
        "load_avg_at_start": os.getloadavg(),
    }


# The "simple" floor's regex: ten words of the domain in the three languages. Issue 14
# speaks of "a single compiled regex" without saying which; this one costs what reading
# and parsing cost, the lexicon's costs what finding every cue costs. Both are printed.
SIMPLE_FLOOR_WORDS = ("iran", "enrichment", "sanctions", "missiles", "uranium",
                      "enrichissement", "balistiques", "تخصيب", "العقوبات", "الصواريخ")


def floor_patterns(kind: str) -> dict[str, "re.Pattern[str]"]:
    """Per language, the regex a floor scans with: ``lexicon`` (the codebook's single
    compiled regex of every cue and name) or ``simple`` (SIMPLE_FLOOR_WORDS)."""
    import re as _re

    if kind == "simple":
        simple = _re.compile(r"\b(?:" + "|".join(sorted(set(SIMPLE_FLOOR_WORDS))) + r")\b")
        return {lang: simple for lang in ("ar", "en", "fr")}
    from negotrack.codebook import load_codebook
    from negotrack.extract.lexicon import lexicon_for

    cb = load_codebook()
    return {lang: lexicon_for(cb, lang).words.pattern for lang in ("ar", "en", "fr")}


def regex_floor(articles_dir: Path, kind: str = "lexicon") -> dict:
    """The least any tool could do with the corpus: one Python pass that reads every file,
    parses the JSON Lines (Markdown: the text after the front matter) and scans each text
    once with a single compiled regex of its language (:func:`floor_patterns`).
    ``negotrack run`` is compared with it as a ratio (issue 14: within 20x at 10,000 articles)."""
    import json as _json

    patterns = floor_patterns(kind)  # compiled before the clock
    t0, c0 = time.perf_counter(), time.process_time()
    texts = hits = 0
    for path in sorted(articles_dir.rglob("*")):
        if path.suffix == ".jsonl":
            records = [_json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        elif path.suffix == ".md":
            raw = path.read_text(encoding="utf-8")
            head, _, body = raw.partition("\n---\n")
            lang = next((ln.split(":", 1)[1].strip() for ln in head.splitlines() if ln.startswith("language:")), "en")
            records = [{"text": body, "language": lang}]
        else:
            continue
        for r in records:
            pattern = patterns.get(r.get("language") or "en", patterns["en"])
            hits += sum(1 for _ in pattern.finditer(r["text"].lower()))
            texts += 1
    return {"texts": texts, "hits": hits, "wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}


def bench_size(n: int, args, env: dict[str, str]) -> dict:
    from synth import ensure_corpus

    corpus = args.work / f"corpus-{n}"
    t = time.time()
    manifest = ensure_corpus(corpus, n, seed=args.seed, layout=args.layout)
    gen_s = time.time() - t
    run_dir = args.work / f"run-{n}"
    if run_dir.exists():
        import shutil

        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    db = run_dir / "negotrack.duckdb"
    env = {"NEGOTRACK_DATA_DIR": str(run_dir / "data"), **env, "NEGOTRACK_REPORTS_DIR": str(run_dir / "reports")}
    if args.workers:
        env["NEGOTRACK_WORKERS"] = str(args.workers)
    print(f"\n== {n:,} articles ({manifest['words'] / n:.0f} words on average, "
          f"{manifest['md_files']:,} .md files + {manifest['jsonl_records']:,} JSON Lines records; "
          f"corpus ready in {gen_s:.1f} s)", flush=True)
    floor = regex_floor(corpus / "articles")
    simple = regex_floor(corpus / "articles", "simple")
    floor["simple_wall_s"], floor["simple_cpu_s"] = simple["wall_s"], simple["cpu_s"]
    print(f"  regex floor: {floor['texts']:,} texts read, parsed and scanned once in {floor['wall_s']:.1f} s "
          f"({floor['cpu_s']:.1f} CPU s) with the lexicon's regex, {simple['wall_s']:.1f} s with a ten-word regex",
          flush=True)
    first = run_cli(corpus / "articles", db, run_dir, env, "first")
    result = {"n": n, "manifest": manifest, "first": breakdown(first, n), "summary": first["stdout"], "floor": floor}
    print(_line("first run", result["first"]), flush=True)
    for label, floor_s in (("lexicon regex", floor["wall_s"]), ("ten-word regex", floor["simple_wall_s"])):
        print(f"  first run / floor ({label}): {result['first']['wall_s'] / floor_s:.1f}x "
              f"(extract stage alone: {result['first']['stages']['extract']['wall_s'] / floor_s:.1f}x)", flush=True)
    if args.warm_worker:
        result["warm_worker"] = warm_worker_run(corpus / "articles", run_dir, env)
        w = result["warm_worker"]
        print(f"  first run in the warm worker (the console script, fresh database): {w['wall_s']:.1f} s wall, "
              f"peak {w['peak_tree_mb']:.0f} MB (worker's tree, its idle {w['idle_mb']:.0f} MB included); / floor: "
              f"{w['wall_s'] / floor['wall_s']:.1f}x (lexicon regex), {w['wall_s'] / floor['simple_wall_s']:.1f}x "
              f"(ten-word regex)", flush=True)
    if not args.no_rerun:
        again = run_cli(corpus / "articles", db, run_dir, env, "again")
        result["rerun"] = breakdown(again, n)
        print(_line("re-run", result["rerun"]), flush=True)
    result["correctness"] = correctness(corpus, db)
    c = result["correctness"]
    print(f"  planted positions: recall {c['recall']:.4f}, precision {c['precision']:.4f}, "
          f"actor {c['actor_accuracy']:.4f}, date {c['date_accuracy']:.4f}; syndicated copies found "
          f"{c['copies_found']}/{c['copies_planted']} (+{c['copies_spurious']} not planted)", flush=True)
    return result


def warm_worker_run(corpus: Path, run_dir: Path, env: dict[str, str]) -> dict:
    """`negotrack run` through the real console script, run by a warm worker that is ready
    beforehand (as for an analyst's second command), into a fresh database. Memory is the
    worker's whole tree, sampled: its idle size, the command's child and its extraction
    workers (the client, which only waits, is left out)."""
    exe = Path(sys.executable).parent / "negotrack"
    wenv = {**env, "NEGOTRACK_WARM_WORKER": "on"}
    state = Path(wenv["NEGOTRACK_DATA_DIR"]) / "warm-worker" / "state.json"
    scratch = run_dir / "worker-launch"
    scratch.mkdir(exist_ok=True)
    subprocess.run([str(exe), "--db", str(scratch / "s.duckdb"), "run", str(ROOT / "seeds")], env=wenv,
                   cwd=scratch, capture_output=True, check=True)  # leaves a worker warming up (or finds one)
    deadline = time.time() + 180
    info: dict = {}
    while time.time() < deadline:
        with contextlib.suppress(OSError, ValueError):
            info = json.loads(state.read_text())
            if info.get("phase") == "ready":
                break
        time.sleep(0.2)
    else:
        raise SystemExit(f"the warm worker was not ready after 180 s ({state.parent / 'worker.log'})")
    idle = TreeSampler(info["pid"])
    idle.start()
    time.sleep(0.5)
    idle.stop()
    sampler = TreeSampler(info["pid"])
    sampler.start()
    t0 = time.time()
    proc = subprocess.run([str(exe), "--db", str(run_dir / "worker.duckdb"), "run", str(corpus)], env=wenv,
                          cwd=run_dir, capture_output=True, text=True)
    wall = time.time() - t0
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"`negotrack run` in the warm worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    served = json.loads(state.read_text())["served"]
    if served != info["served"] + 1:
        raise SystemExit("the timed run did not run in the warm worker")
    return {"wall_s": wall, "peak_tree_mb": sampler.peak(), "idle_mb": idle.peak(), "stdout": proc.stdout}


def _line(label: str, b: dict) -> str:
    st = "  ".join(f"{s} {b['stages'][s]['wall_s']:.1f}s" for s in STAGES)
    return (f"  {label}: {b['wall_s']:.1f} s wall ({b['articles_per_s']:,.0f} articles/s, {b['cpu_s']:.0f} CPU s), "
            f"{st}; Prefect {b['prefect_s']:.1f} s = {100 * b['prefect_share']:.1f}% "
            f"(import {b['import_prefect_s']:.1f}, flow set-up {b['flow_setup_teardown_s']:.1f}, "
            f"tasks {b['task_orchestration_s']:.2f}); peak {b['peak_tree_mb']:.0f} MB")


def markdown(results: list[dict], extraction: dict | None) -> str:
    rows = ["| articles | stage | wall s | CPU s | articles/s | peak MB (tree) | Prefect s |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        b = r["first"]
        for s in STAGES:
            st = b["stages"][s]
            rows.append(f"| {r['n']:,} | {s} | {st['wall_s']:.1f} | {st['cpu_s']:.0f} | {st['articles_per_s']:,.0f} | "
                        f"{st['peak_mb']:.0f} | {st['prefect_s']:.2f} |")
        rows.append(f"| {r['n']:,} | **end to end** | **{b['wall_s']:.1f}** | {b['cpu_s']:.0f} | "
                    f"**{b['articles_per_s']:,.0f}** | **{b['peak_tree_mb']:.0f}** | "
                    f"**{b['prefect_s']:.1f} ({100 * b['prefect_share']:.1f}%)** |")
        if "rerun" in r:
            rr = r["rerun"]
            rows.append(f"| {r['n']:,} | re-run, unchanged | {rr['wall_s']:.1f} | {rr['cpu_s']:.0f} | | "
                        f"{rr['peak_tree_mb']:.0f} | {rr['prefect_s']:.1f} ({100 * rr['prefect_share']:.0f}%) |")
    rows += ["", "| articles | recall | precision | actor | date | copies found | copies not planted |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        c = r["correctness"]
        rows.append(f"| {r['n']:,} | {c['recall']:.4f} | {c['precision']:.4f} | {c['actor_accuracy']:.4f} | "
                    f"{c['date_accuracy']:.4f} | {c['copies_found']}/{c['copies_planted']} | {c['copies_spurious']} |")
    if extraction:
        e = extraction
        rows += ["", f"Extraction alone, {e['articles']:,} articles of {e['mean_words']:.0f} words: "
                     f"{e['per_core_articles_per_s']:,.0f} articles/s on one core "
                     f"({e['per_core_cpu_articles_per_s']:,.0f} per CPU second), "
                     f"{e['all_cores_articles_per_s']:,.0f} articles/s on {e['workers']} processes "
                     f"(speed-up {e['speedup']:.2f}x; a trivial pure-Python loop gets {e['machine_speedup']:.2f}x "
                     f"on {e['workers']} processes on this machine at the same time)."]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--layout", default="mixed", choices=("mixed", "md", "jsonl"))
    ap.add_argument("--work", type=Path, default=BENCH / "out", help="corpora, databases, figures")
    ap.add_argument("--workers", type=int, default=0, help="NEGOTRACK_WORKERS for the runs (0 = one per core)")
    ap.add_argument("--no-rerun", action="store_true", help="skip the second run over unchanged files")
    ap.add_argument("--no-extract-bench", action="store_true", help="skip extraction alone (1 core vs all)")
    ap.add_argument("--extract-sample", type=int, default=4000)
    ap.add_argument("--extract-only", action="store_true", help="only extraction alone (1 core vs all), no runs")
    ap.add_argument("--prefect-server", action="store_true",
                    help="run against a long-lived `prefect server start` (PREFECT_API_URL) instead of the temporary one")
    ap.add_argument("--persistent-server", action="store_true",
                    help="negotrack's own local Prefect server (NEGOTRACK_PREFECT_SERVER=persistent), started by the warm-up run")
    ap.add_argument("--warm-worker", action="store_true",
                    help="with --persistent-server: also time each first run through the console script in a warm "
                         "worker (the instrumented runs are in-process)")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEGOTRACK_", "PREFECT_API_URL"))}
    env.setdefault("PREFECT_HOME", str(args.work / "prefect-home"))  # kept between runs, as on a user's machine
    # Prefect's temporary server (one per command) by default, as the figures before issue 14;
    # --prefect-server: a `prefect server start` of our own; --persistent-server: negotrack's
    # own local server (NEGOTRACK_PREFECT_SERVER=persistent, the default since issue 14), one
    # data folder for every run so that the warm-up run starts it and the others find it
    env["NEGOTRACK_PREFECT_SERVER"] = "persistent" if args.persistent_server else "temporary"
    if args.persistent_server:
        env["NEGOTRACK_DATA_DIR"] = str(args.work / "shared-data")
    # the instrumented runs call the CLI in their own process (timers, stage peaks): never
    # handed to a warm worker; --warm-worker times that path separately, via the console script
    env["NEGOTRACK_WARM_WORKER"] = "off"
    if args.warm_worker and not args.persistent_server:
        ap.error("--warm-worker needs --persistent-server (the worker runs beside the local server)")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    info = machine()
    print(f"machine: {info['cores']} cores, {info['ram_gb']} GB RAM, Python {info['python']}, "
          f"load average {info['load_avg_at_start'][0]:.2f}; " +
          ", ".join(f"{k} {v}" for k, v in info["versions"].items()), flush=True)
    server = None
    if args.prefect_server:
        server, url = start_prefect_server(args.work, env)
        env["PREFECT_API_URL"] = url
        print(f"Prefect server: {url}", flush=True)
    try:
        # Prefect's one-time set-up of PREFECT_HOME (database migrations) is not part of any figure
        results = []
        if not args.extract_only:
            warm = args.work / "warm-up"
            warm.mkdir(exist_ok=True)
            run_cli(ROOT / "seeds", warm / "w.duckdb", warm, {"NEGOTRACK_DATA_DIR": str(warm / "data"), **env,
                                                             "NEGOTRACK_REPORTS_DIR": str(warm / "reports")}, "warm")
            results = [bench_size(n, args, env) for n in sizes]
    finally:
        if args.persistent_server:
            subprocess.run([str(Path(sys.executable).parent / "negotrack"), "server", "stop"], env=env,
                           capture_output=True, timeout=60)
        if server is not None:  # the server and the uvicorn process it started: its own process group
            import signal

            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    extraction = None
    if not args.no_extract_bench:
        extraction = extraction_rate(args.seed, args.extract_sample, args.workers or os.cpu_count() or 1)
        e = extraction
        print(f"\nextraction alone ({e['articles']} articles, {e['mean_words']:.0f} words): "
              f"{e['per_core_articles_per_s']:,.0f} articles/s on one core "
              f"({e['per_core_cpu_articles_per_s']:,.0f}/CPU s); {e['all_cores_articles_per_s']:,.0f}/s on "
              f"{e['workers']} processes, speed-up {e['speedup']:.2f}x (a trivial Python loop: "
              f"{e['machine_speedup']:.2f}x on this machine now)", flush=True)
    if len(results) >= 2:
        small, big = results[-2], results[-1]
        ratio = big["first"]["wall_s"] / small["first"]["wall_s"]
        print(f"\ncost ratio {big['n']:,} / {small['n']:,}: {ratio:.2f}x for {big['n'] / small['n']:.0f}x the articles")
    print("\n" + markdown(results, extraction))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "prefect_server": bool(server), "results": results,
                                         "extraction": extraction, "date": time.strftime("%Y-%m-%d %H:%M")},
                                        indent=1, default=str))


if __name__ == "__main__":
    main()
