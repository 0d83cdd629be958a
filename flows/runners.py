"""Which task runner a flow runs with: the default one, or a Dask cluster.

With ``Settings.dask_address`` (``negotrack run --dask tcp://scheduler:8786``) the flow
gets prefect-dask's ``DaskTaskRunner(address=...)``: the tasks the flow *submits* (the
extraction chunks, ``negotrack.flows.extract.extract_chunk_task``) run on the cluster's workers;
the tasks it *calls* (reading sources, validating, writing DuckDB, the report) still run
in the flow's own process, so the database file never leaves this machine.

Every Dask worker needs the same negotrack install (and codebook, unless the bundled one
is used: a worker with another codebook refuses to extract) and must reach the Prefect
API the flow uses (``PREFECT_API_URL`` of a running server; the temporary server of a
single CLI process is only reachable from that machine).
"""

from __future__ import annotations

import os

from negotrack.config import Settings


def with_task_runner(flow_obj, settings: Settings):
    """``flow_obj`` itself, or a copy that runs on the Dask cluster at ``settings.dask_address``."""
    if not settings.dask_address:
        return flow_obj
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # its INFO lines would bury the summary
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise RuntimeError(
            "--dask needs prefect-dask: pip install prefect-dask (or install negotrack with its [dask] extra)"
        ) from exc
    return flow_obj.with_options(task_runner=DaskTaskRunner(address=settings.dask_address))
