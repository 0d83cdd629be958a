"""All configuration in one pydantic-settings object.

Every knob has an embedded default, so a fresh checkout runs with no file and no server.
Values come from, in order of precedence: explicit CLI options, ``NEGOTRACK_*``
environment variables, a ``.env`` file in the working directory, the defaults below.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _package_folder(package: str) -> Path:
    """The folder of an installed package of data files, as a plain path.

    ``sql/`` and ``expectations/`` are shipped as the packages ``negotrack.sql`` and
    ``negotrack.expectations`` (pyproject.toml maps the repository's folders), so the
    same lookup finds the checkout under ``pip install -e .`` and site-packages under
    ``pip install .``, whatever the working directory. The callers glob and open files,
    so a zipped install (no real folder) is refused here rather than half-working.
    """
    folder = files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not installed as a folder ({folder!r}): reinstall with pip install")
    return folder


PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = _package_folder("negotrack.sql")
EXPECTATIONS_DIR = _package_folder("negotrack.expectations")
DEFAULT_CODEBOOK_DIR = PACKAGE_DIR / "codebook"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEGOTRACK_", env_file=".env", extra="ignore")

    db: Path = Field(Path("negotrack.duckdb"), description="The DuckDB file.")
    data_dir: Path = Field(
        Path(".negotrack"),
        description="Working state: Prefect home (unless PREFECT_HOME is set), Data Docs, server state.",
    )
    reports_dir: Path | None = Field(
        None, description="Where reports are written [default: reports/ beside the database]."
    )
    codebook: Path = Field(DEFAULT_CODEBOOK_DIR, description="Codebook folder (YAML files).")

    # DuckDB allows one writing process; a second one waits this long for the lock, then fails.
    lock_timeout_s: float = Field(60.0, ge=0)
    # After SIGTERM or Ctrl-C a command unwinds its current stage; if it has not exited
    # this many seconds later it marks its run failed, kills its children and leaves.
    stop_grace_s: float = Field(8.0, gt=0)

    # Flow commands share one local Prefect API server that outlives them (flows/prefect_server.py),
    # instead of each starting Prefect's temporary one (6-8 s). PREFECT_API_URL, when set, wins.
    prefect_server: Literal["persistent", "temporary"] = Field(
        "persistent", description="persistent (a local server shared by commands) | temporary (one per command)."
    )
    prefect_idle_s: float = Field(
        900.0, gt=0,
        description="The local Prefect server and the warm worker stop after this many seconds without a command.",
    )
    # With the local server, flow commands run in a warm worker process that has Prefect,
    # Great Expectations and the compiled codebook loaded already (flows/warm_worker.py).
    warm_worker: Literal["on", "off"] = Field(
        "on", description="on (flow commands run in a warm worker, started by the first) | off (in-process)."
    )

    # Ingest limits: anything above them becomes an ingest error, never a crash.
    max_file_bytes: int = Field(50 * 1024 * 1024, gt=0, description="Largest input file read.")
    max_article_chars: int = Field(2_000_000, gt=0, description="Longest article text kept.")
    max_feed_entries: int = Field(20_000, gt=0)
    fetch_timeout_s: float = Field(20.0, gt=0)
    fetch_max_bytes: int = Field(20 * 1024 * 1024, gt=0)

    # Extraction
    workers: int = Field(0, ge=0, description="Extraction processes; 0 = one per core.")
    batch_size: int = Field(2000, gt=0, description="Articles per extraction chunk.")

    # Scale: work in bounded chunks, so memory stays flat whatever the corpus size
    extract_chunk: int = Field(
        10_000, gt=0, description="Articles per extraction task (loaded, extracted, validated and stored together)."
    )
    ingest_chunk_bytes: int = Field(
        64 * 1024 * 1024, gt=0, description="Input bytes read, validated and stored together by the ingest stage."
    )
    skip_known_files: bool = Field(
        True, description="Skip input files already read completely (same path, size and mtime, or same bytes)."
    )
    dask_address: str | None = Field(
        None, description="Dask scheduler address (tcp://host:8786): extraction runs on that cluster."
    )

    # Extractor backend: the offline rules (default), a language model behind an
    # OpenAI-compatible /v1 API, or both (rules first, the model confirms and adds).
    extractor: Literal["rules", "llm", "hybrid"] = Field("rules", description="rules | llm | hybrid.")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible base URL, e.g. http://localhost:11434/v1.")
    llm_model: str | None = Field(None, description="Model name as the server knows it.")
    # SecretStr: masked in repr, in Prefect's record of flow parameters and in any dump;
    # read with get_secret_value() only where the request is sent.
    llm_api_key: SecretStr | None = Field(None, description="Bearer token, if the server wants one (never stored).")
    llm_concurrency: int = Field(4, gt=0, description="Model requests in flight at once.")
    llm_timeout_s: float = Field(120.0, gt=0, description="Seconds one model request may take before it is retried.")
    llm_retries: int = Field(4, ge=0, description="Retries of a request on 429, 5xx or a timeout.")

    @model_validator(mode="after")
    def _reports_beside_database(self) -> Settings:
        # the reports of a database belong beside it: `--db other.duckdb` must not
        # overwrite the default database's reports/latest.*
        if self.reports_dir is None:
            self.reports_dir = Path(self.db).parent / "reports"
        return self

    def extractor_problem(self) -> str | None:
        """What is missing for the chosen extractor, as one line (None: ready)."""
        if self.extractor == "rules":
            return None
        missing = [name for name, value in (("NEGOTRACK_LLM_BASE_URL", self.llm_base_url),
                                            ("NEGOTRACK_LLM_MODEL", self.llm_model)) if not value]
        if missing:
            return (f"the {self.extractor} extractor needs {' and '.join(missing)} (an OpenAI-compatible /v1 "
                    "server and a model it serves, e.g. http://localhost:11434/v1 for Ollama); "
                    "or use --extractor rules")
        if not self.llm_base_url.startswith(("http://", "https://")):
            # (the value is not echoed: a URL may carry credentials)
            return "NEGOTRACK_LLM_BASE_URL must start with http:// or https:// (e.g. http://localhost:11434/v1)"
        return None

    @property
    def prefect_home(self) -> Path:
        return self.data_dir / "prefect"

    @property
    def data_docs_dir(self) -> Path:
        return self.data_dir / "data_docs"


def get_settings(**overrides: object) -> Settings:
    """Build settings; ``overrides`` with value ``None`` are ignored (unset CLI options)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
