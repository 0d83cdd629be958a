"""Writing reports: dated files plus ``latest.*``, each written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from negotrack import store
from negotrack.config import Settings
from negotrack.report.data import ReportOptions, build_report, load_previous
from negotrack.report.labels import load_labels

FORMATS = ("html", "md", "json")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    os.replace(_write_part(path, text), path)


def _write_part(path: Path, text: str) -> Path:
    """``text`` in a ``.part`` file beside ``path``, synced; the caller renames it. The name
    carries this process's id, so that a later report removes what a killed one left
    (:func:`remove_stale_parts`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def remove_stale_parts(folder: Path) -> int:
    """Remove the ``.part`` files of reports whose process is gone (killed while writing);
    those of a report being written now by another process stay."""
    from negotrack.runs import _pid_alive

    removed = 0
    for part in folder.glob(".*.part") if folder.is_dir() else ():
        pieces = part.name.split(".")
        pid = next((int(x) for x in reversed(pieces[:-2]) if x.isdigit()), None)
        if pid is None or not _pid_alive(pid):  # no pid: written before names carried one
            part.unlink(missing_ok=True)
            removed += 1
    return removed


def render(report: dict, fmt: str, labels) -> str:
    if fmt == "html":
        from negotrack.report.html import render_html

        return render_html(report, labels)
    if fmt == "md":
        from negotrack.report.markdown import render_markdown

        return render_markdown(report, labels)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n"
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def _views_current(settings: Settings) -> bool:
    """True when every ``sql/`` file is applied, so a read-only open sees the report views."""
    with store.connect(settings, read_only=True) as con:
        try:
            applied = dict(con.execute("SELECT name, checksum FROM schema_migrations").fetchall())
        except Exception:
            return False
    return all(f.name in applied and (applied[f.name] == f.checksum or not f.is_view) for f in store.schema_files())


def generate(
    settings: Settings,
    options: ReportOptions | None = None,
    formats: tuple[str, ...] | list[str] = FORMATS,
    out_dir: Path | None = None,
    *,
    now: datetime | None = None,
) -> list[Path]:
    """Build the report from the database and write it; returns the dated files written.

    The database is read read-only (after a one-off migration if the report views are
    missing or out of date). Files: ``report-YYYYmmdd-HHMMSS.<ext>`` plus ``latest.<ext>``.
    """
    return generate_report(settings, options, formats, out_dir, now=now)[1]


class UnknownFilterError(ValueError):
    """A --party or --issue value that names nothing the codebook or the database knows."""


def check_filters(con, options: ReportOptions, labels) -> None:
    """Raise ``UnknownFilterError`` for a party or issue code nobody knows, listing the
    known ones: a typo must not give an empty report that looks like "no positions"."""
    for what, asked, named, column in (("party", options.parties, labels.parties, "party"),
                                       ("issue", options.issues, labels.issues, "issue")):
        if not asked:
            continue
        stored = {r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM statements").fetchall()}
        known = sorted(set(named) | stored)
        unknown = [a for a in asked if a not in known]
        if unknown:
            plural = "parties" if what == "party" else "issues"
            raise UnknownFilterError(f"unknown {what} {', '.join(repr(u) for u in unknown)}; "
                                     f"known {plural}: {', '.join(known)}")


def generate_report(
    settings: Settings,
    options: ReportOptions | None = None,
    formats: tuple[str, ...] | list[str] = FORMATS,
    out_dir: Path | None = None,
    *,
    now: datetime | None = None,
) -> tuple[dict, list[Path]]:
    """``generate``, also returning the report dict (the JSON content)."""
    options = options or ReportOptions()
    out_dir = Path(out_dir or settings.reports_dir)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    formats = [f for f in FORMATS if f in set(formats)] or list(FORMATS)
    if Path(settings.db).exists() and not _views_current(settings):
        with store.connect(settings):  # migrates
            pass
    previous = load_previous(out_dir / "latest.json")
    labels = load_labels(settings.codebook)
    with store.connect(settings, read_only=True) as con:
        check_filters(con, options, labels)
        report = build_report(con, options, labels, previous=previous, generated_at=now,
                              database=str(Path(settings.db).resolve()))
    stamp = now.strftime("%Y%m%d-%H%M%S")
    remove_stale_parts(out_dir)
    # Every format is rendered and written to .part files first; only then are the
    # latest.* files swapped in, one rename after the other (json last: the next report
    # compares against it). A report killed before that leaves every latest.* as it was,
    # not latest.html from this report beside latest.md from the one before.
    texts = {fmt: render(report, fmt, labels) for fmt in formats}
    written: list[Path] = []
    parts: list[tuple[Path, Path]] = []
    try:
        for fmt, text in texts.items():
            dated = out_dir / f"report-{stamp}.{fmt}"
            atomic_write(dated, text)
            written.append(dated)
            latest = out_dir / f"latest.{fmt}"
            parts.append((_write_part(latest, text), latest))
        for part, latest in parts:
            os.replace(part, latest)
    finally:
        for part, _ in parts:
            part.unlink(missing_ok=True)
    return report, written
