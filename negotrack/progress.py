"""Progress of long stages, reported to whoever is listening (the CLI's progress bar).

The library reports through ``report(stage, done, total)``; the CLI installs a listener
with ``listening(callback)``. A context variable carries it, so the flows and tasks in
between need no extra parameter (a callable is no flow parameter Prefect can record),
and with no listener, reporting costs a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str, int, int | None], None]  # stage, done, total (None = unknown)

_listener: ContextVar[Listener | None] = ContextVar("negotrack_progress", default=None)


def report(stage: str, done: int, total: int | None = None) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(stage, done, total)


def reporter(stage: str, total: int | None = None) -> Callable[[int], None]:
    """A ``done -> None`` callback for one stage (what ``read_sources(progress=...)`` takes)."""
    return lambda done: report(stage, done, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
