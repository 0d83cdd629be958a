"""negotrack: who said what, on which issue of the US-Iran nuclear talks, how hard.

One installed package. Its layers import one way only:

- ``negotrack.cli``: the ``negotrack`` command; the only library module that reaches
  into ``negotrack.flows`` (and, through it, Prefect).
- ``negotrack.flows`` (``flows/`` in the repository): the Prefect flows and everything
  else that knows Prefect (its set-up, the local server, ``serve``). Thin: each task
  calls one function of ``negotrack.stages``.
- ``negotrack.stages``: the work of each task, Prefect-free: validate -> store kept rows
  -> quarantine the rest, the chunking, the run-summary arithmetic.
- the library below (``ingest``, ``extract``, ``llm``, ``validate``, ``report``, the
  ``codebook`` data model, ...) and ``negotrack.store`` (DuckDB) at the bottom.

``negotrack.sql`` (``sql/``) and ``negotrack.expectations`` (``expectations/``) are data,
read through ``importlib.resources`` (``negotrack.config.SQL_DIR``,
``EXPECTATIONS_DIR``), so a plain ``pip install .`` works from any directory.

Nothing is imported here: ``negotrack query`` and ``--help`` must stay fast.
"""
