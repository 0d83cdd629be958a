"""Change-over-time reports: who moved, on what, when, with the proof.

``generate(settings, options, formats, out_dir)`` reads the report views
(``position_timeline``, ``position_shifts``, ``issue_moves``, ``independent_positions``,
``article_stories``) through ``sql/report/*.sql`` and writes Markdown, self-contained
HTML and JSON. ``build_report`` returns the JSON-ready dict all three are rendered from.
No Prefect here; ``flows/report.py`` wraps ``generate`` in a task.
"""

from negotrack.report.data import PERIODS, ReportOptions, build_report
from negotrack.report.write import FORMATS, generate

__all__ = ["FORMATS", "PERIODS", "ReportOptions", "build_report", "generate"]
