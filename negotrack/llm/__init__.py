"""The llm and hybrid extractors: a language model behind the rule extractor's interface.

No Prefect here (``negotrack.stages.extract`` dispatches on ``Settings.extractor``). Modules:
``prompt`` (the prompt and JSON schema from the codebook and ``annotation.yaml``),
``client`` (OpenAI-compatible chat completions over httpx: retries, JSON-schema
fallback, bounded concurrency), ``answer`` (pydantic model of the answer; evidence
checked against the article), ``cache`` (answers in DuckDB), ``backend`` (rules | llm |
hybrid to the same ``Statement`` records).
"""
