"""``negotrack.flows``: everything that knows Prefect, and nothing else.

Installed as ``negotrack.flows`` (pyproject.toml maps this folder into the package), so a
Dask worker or a served deployment needs only the installed negotrack. The flows are thin:
each task calls one function of ``negotrack.stages``; ``prefect_setup`` sets Prefect up,
``deployment`` serves the scheduled flow (``negotrack serve``).

This ``__init__`` imports nothing: the CLI imports ``negotrack.flows.prefect_setup`` and
calls ``configure_prefect_env`` *before* the first flow module imports Prefect, which
reads its settings then.
"""
