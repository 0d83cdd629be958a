"""Prefect flows: thin wrappers that call the library, one task per stage and batch.

Import this package only after ``negotrack.orchestration.configure_prefect_env``
(the CLI does it), so Prefect picks up the project's settings.
"""
