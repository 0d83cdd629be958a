"""The work of each pipeline task, without Prefect: what a flow does, minus being a flow.

``negotrack.flows`` wraps each function here in a Prefect task and does nothing else, so
the stage logic is tested as plain functions (``tests/stages/``), fast, without a flow run:

- ``gate.validate_then_store``: the glue both storing stages share: validate a batch on a
  read-only connection, then store the kept rows and quarantine the others in one
  transaction, then write the Data Docs.
- ``ingest``, ``extract``, ``validate``: one function per task body, the chunking, and
  the run-summary arithmetic (``count_*``: what each step adds to the ``RunSummary``).

Nothing is imported here: ``negotrack.stages.ingest`` must not pay for the extractor.
"""
