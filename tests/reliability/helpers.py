"""Helpers for the reliability tests (``from reliability.helpers import ...``): generated corpora, real `negotrack` processes,
read-only readers that retry, and the audit.

The tests here run the real console script in separate processes (crash, concurrency,
whole-pipeline security) or hammer the library with hostile input (fuzz). Budget: the
whole folder runs in about four minutes on two cores.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Sentences with stance cues, so that every generated article yields statements.
CUE_SENTENCES = {
    "en": [
        "Iran's foreign minister Abbas Araghchi said enrichment is a non-negotiable right.",
        "The U.S. envoy insisted that Iran must give up enrichment entirely.",
        "Tehran demands that economic sanctions be lifted before any other step.",
        "Washington refuses to lift sanctions until Iran halts enrichment, the State Department said.",
        "Iran said it is ready to discuss limits on enrichment if sanctions are lifted.",
    ],
    "fr": [
        "Le ministre iranien des Affaires étrangères a déclaré que l'enrichissement n'est pas négociable.",
        "L'émissaire américain a insisté pour que l'Iran renonce à l'enrichissement.",
        "Téhéran exige la levée des sanctions économiques avant toute autre étape.",
    ],
    "ar": [
        "قال وزير الخارجية الإيراني عباس عراقجي إن التخصيب حق غير قابل للتفاوض.",
        "وتطالب طهران برفع العقوبات الاقتصادية قبل أي خطوة أخرى.",
    ],
}
_SYLLABLES = "ka lo mi ne ra tu vo sel dan pir gor hul bex fan wit zor que lam tiv ostr".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def article_text(rng: random.Random, lang: str, i: int) -> str:
    """Two cue sentences among filler sentences of made-up words: distinct texts (no
    syndicated copies), a few statements each."""
    parts = rng.sample(CUE_SENTENCES[lang], min(2, len(CUE_SENTENCES[lang])))
    for _ in range(3):
        filler = " ".join(_word(rng) for _ in range(rng.randint(8, 14)))
        parts.insert(rng.randint(0, len(parts)), filler.capitalize() + ".")
    return f"{' '.join(parts)} Dispatch {i}."


def make_corpus(folder: Path, n: int, *, seed: int = 11, start: int = 0) -> int:
    """``n`` generated articles: mostly JSON Lines (50 a file), some .txt, .md and .html.
    Returns the number of inputs (articles offered)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for i in range(start, start + n):
        lang = ("en", "en", "fr", "ar")[i % 4]
        text = article_text(rng, lang, i)
        kind = i % 10
        if kind == 0:
            (folder / f"t{i:06d}.txt").write_text(text, encoding="utf-8")
        elif kind == 1:
            (folder / f"m{i:06d}.md").write_text(
                f"---\nid: md-{i}\ntitle: Article {i}\nsource: Test Wire\npublished: 2025-04-{1 + i % 28:02d}\n"
                f"language: {lang}\n---\n{text}\n",
                encoding="utf-8",
            )
        elif kind == 2:
            (folder / f"h{i:06d}.html").write_text(
                f'<!doctype html><html lang="{lang}"><head><title>Article {i}</title></head>'
                f"<body><article><h1>Article {i}</h1><p>{text}</p></article></body></html>",
                encoding="utf-8",
            )
        else:
            lines.append(json.dumps(
                {"id": f"jl-{i}", "text": text, "language": lang, "published": f"2025-05-{1 + i % 28:02d}"},
                ensure_ascii=False,
            ))
    for k in range(0, len(lines), 50):
        (folder / f"b{start:06d}-{k // 50:04d}.jsonl").write_text("\n".join(lines[k : k + 50]) + "\n", encoding="utf-8")
    return n


# --------------------------------------------------------------------------- processes


EXE = Path(sys.executable).parent / "negotrack"


@dataclass
class Proc:
    """A `negotrack` process in its own process group (its Prefect server and extraction
    workers die with it when the test kills the group)."""

    popen: subprocess.Popen
    out: Path
    err: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def wait(self, timeout: float = 240) -> int:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_group()
            raise

    def kill(self) -> None:
        """SIGKILL the negotrack process itself, as the OOM killer or a power cut would."""
        os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def kill_group(self) -> None:
        """SIGKILL what is left of the group (orphaned workers, the Prefect server)."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass

    @property
    def stdout(self) -> str:
        return self.out.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self.err.read_text(errors="replace")


def start(args: list[str], env: dict[str, str], cwd: Path, tag: str = "p") -> Proc:
    cwd.mkdir(parents=True, exist_ok=True)
    n = len(list(cwd.glob(f"{tag}-*.out")))
    out, err = cwd / f"{tag}-{n}.out", cwd / f"{tag}-{n}.err"
    popen = subprocess.Popen(
        [str(EXE), *args], env=env, cwd=cwd, stdout=out.open("wb"), stderr=err.open("wb"),
        start_new_session=True,
    )
    return Proc(popen, out, err)


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def zombie(pid: int) -> bool:
    """``pid`` has exited but was not collected yet (or is gone: True as well)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and not zombie(pid)


def poll(predicate, what: str, timeout: float = 120.0):
    """``predicate()``'s first truthy value, polled every 0.1 s; fails the test after ``timeout``
    (by default long enough for a fresh Prefect server on a loaded 2-core box, migrations included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def extraction_workers(pid: int) -> list[int]:
    """The spawned extraction processes of a `negotrack` process (multiprocessing spawn).

    Matched on spawn's own entry point: a looser match ("multiprocessing" anywhere in the
    command line) also caught the shutdown watchdog, whose code mentions multiprocessing."""
    return [c for c in children(pid) if "spawn_main" in cmdline(c)]


# --------------------------------------------------------------------------- database


def read_retry(db: Path, sql: str, timeout: float = 60.0) -> tuple[list, float]:
    """Run ``sql`` read-only, retrying while a writer holds the file; (rows, seconds waited)."""
    t0 = time.monotonic()
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() - t0 > timeout:
                raise
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)
            continue
        try:
            return con.execute(sql).fetchall(), time.monotonic() - t0
        finally:
            con.close()


def audit_file(db: Path):
    """negotrack.audit on ``db`` (read-only, retrying on the lock)."""
    from negotrack.audit import audit_database
    from negotrack.config import Settings

    return audit_database(Settings(db=db, lock_timeout_s=60))


# --------------------------------------------------------------------------- fuzzing

# Characters that break naive text handling: bidi controls, zero-width, BOM, combining
# marks, NFKC-expanding ligatures and full-width forms, case-changing-length letters,
# Arabic tatweel and harakat, emoji with ZWJ, C0/C1 controls, quotes of all scripts.
HOSTILE_CHARS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f"
    "\u0301\u0308\u0651\u064e\u0640"
    "\ufb01\ufb02\uff29\uff52\uff41\uff4e\u2460\u00bd\u2126\u212b"
    "\u0130\u00df\u0149\u1e9e"
    "\U0001f469\u200d\U0001f52c\U0001f1ee\U0001f1f7"
    "\x00\x01\x07\x1b\x7f\x85\u2028\u2029\r\t\x0b\x0c"
    "«»“”„‹›「」\"'`<>&;"
)
CUES = [
    "Iran's foreign minister Abbas Araghchi said enrichment is a non-negotiable right.",
    "The U.S. envoy insisted that Iran must give up enrichment entirely.",
    "Tehran demands that economic sanctions be lifted before any other step.",
    "L'émissaire américain a insisté pour que l'Iran renonce à l'enrichissement.",
    "قال وزير الخارجية الإيراني عباس عراقجي إن التخصيب حق غير قابل للتفاوض.",
]


# --------------------------------------------------------------------------- tagged processes
# A test or bench puts NEGOTRACK_SIGNAL_TAG=<tag> in a command's environment; every
# process the command starts inherits it, so what outlived the command can be found.

SIGNAL_TAG = "NEGOTRACK_SIGNAL_TAG"


def tagged_processes(tag: str) -> list[int]:
    """Live (not zombie) processes whose environment carries ``NEGOTRACK_SIGNAL_TAG=tag``."""
    needle = f"{SIGNAL_TAG}={tag}".encode()
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if needle in (d / "environ").read_bytes().split(b"\0") and \
                    (d / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(d.name))
        except OSError:
            continue
    return found


def wait_untagged(tag: str, timeout: float) -> list[int]:
    """Wait up to ``timeout`` s for the tagged processes to go; those still alive."""
    deadline = time.monotonic() + timeout
    while tagged_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    return tagged_processes(tag)


def kill_tagged(tag: str) -> None:
    """SIGKILL whatever carries the tag (cleanup after a failed check)."""
    for pid in tagged_processes(tag):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# --------------------------------------------------------------------------- a slow server


class TrickleServer:
    """A raw HTTP server on 127.0.0.1 that sends its response one byte a second.

    ``mode="headers"`` trickles the status line and headers (never reaching the body),
    ``mode="body"`` sends the headers at once, then the body (close-delimited) a byte a
    second. Each connection gives up after ``give_up_s`` seconds, so a client that never
    times out still ends; ``abandoned`` counts the connections the client left first
    (what a fetch deadline does) and ``gave_up`` those that ran out the clock.
    """

    def __init__(self, mode: str = "headers", give_up_s: float = 60.0) -> None:
        import socket
        import threading

        self.mode, self.give_up_s = mode, give_up_s
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/trickle"
        self.abandoned = self.gave_up = self.connections = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> TrickleServer:
        self._accept.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._accept.join(timeout=5)
        for t in self._threads:
            t.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        import socket
        import threading

        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            t = threading.Thread(target=self._trickle, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _trickle(self, conn) -> None:
        conn.settimeout(5)
        try:
            conn.recv(65536)  # the request
            if self.mode == "headers":
                payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Pad: " + b"a" * 1000
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
                payload = b"Iran said enrichment is a right. " * 100
            ends = time.monotonic() + self.give_up_s
            for byte in payload:
                if self._stop.is_set() or time.monotonic() > ends:
                    self.gave_up += 1
                    return
                conn.sendall(bytes([byte]))
                if self._stop.wait(1.0):
                    self.gave_up += 1
                    return
                # the client hung up: a read returns b"" (or the send below fails)
                conn.setblocking(False)
                try:
                    if conn.recv(1) == b"":
                        self.abandoned += 1
                        return
                except BlockingIOError:
                    pass
                except OSError:
                    self.abandoned += 1
                    return
                finally:
                    conn.setblocking(True)
                    conn.settimeout(5)
            self.gave_up += 1
        except OSError:
            self.abandoned += 1
        finally:
            conn.close()
