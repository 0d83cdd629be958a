"""The suites: hand-written JSON in ``expectations/``, one per table, loaded as they are.

A suite file is a Great Expectations 1.x ``ExpectationSuite`` as JSON (``name``, ``meta``,
``expectations``) with no ids: the pipeline loads it into an ephemeral context each time,
so nothing is regenerated and the file never churns (STACK-NOTES §2).

Two additions, both resolved here before GX sees the suite:

- ``meta.negotrack`` says which table the suite checks, the row key, and what happens to
  a failing row: ``"hold"`` (moved to ``quarantine``) or ``"flag"`` (recorded in
  ``quarantine`` but left in its table: ``runs``, ``ingest_errors``).
- a ``value_set`` written ``{"$codebook": "parties"}`` (or ``issues``, ``stances``,
  ``languages``, ``stance_hardness``) is replaced by the codebook's codes, so the suites
  follow the codebook: add a party to the YAML and its statements pass, with no suite
  edit. ``stance_hardness`` is the ``stance:hardness`` pairs (``refuse:2``) that the
  statements suite checks against its derived ``stance_hardness`` column.

Why filled at load time rather than a checked-in copy with a rewrite command: the
codebook is edited by analysts, and a copy would make every stance, party, issue or
language edit a two-file change that a test must catch. With the reference, the YAML is
the only place a value is written, and the suite files hold only the rules.

A missing or broken file raises :class:`SuiteError` naming the file.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negotrack.config import EXPECTATIONS_DIR

SUITE_NAMES = ("articles", "statements", "ingest_errors", "runs")  # in dependency order
ON_FAILURE = ("hold", "flag")
CODEBOOK_SETS = ("parties", "issues", "stances", "languages", "stance_hardness")


class SuiteError(RuntimeError):
    """A suite file that is missing, unreadable or not a valid Great Expectations suite."""


@dataclass(frozen=True)
class Suite:
    """A suite ready for GX: ``definition`` is the JSON with codebook sets filled in."""

    name: str
    path: Path
    table: str
    key: str
    on_failure: str  # 'hold' | 'flag'
    definition: dict[str, Any]

    @property
    def expectations(self) -> list[dict[str, Any]]:
        return self.definition["expectations"]

    def columns(self) -> list[str]:
        """Every column an expectation reads (the frame handed to GX needs only these)."""
        cols: list[str] = []
        for exp in self.expectations:
            kw = exp.get("kwargs", {})
            for name in ("column", "column_A", "column_B"):
                if isinstance(kw.get(name), str):
                    cols.append(kw[name])
            for name in ("column_list", "column_set"):
                if isinstance(kw.get(name), list):
                    cols.extend(c for c in kw[name] if isinstance(c, str))
        return list(dict.fromkeys(cols))


def suite_path(name: str, directory: Path | None = None) -> Path:
    return (directory or EXPECTATIONS_DIR) / f"{name}.json"


def read_suite_file(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The raw JSON of ``expectations/<name>.json`` (codebook sets not filled in)."""
    path = suite_path(name, directory)
    if not path.is_file():
        raise SuiteError(f"Expectation suite file not found: {path} (each table needs expectations/<table>.json)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError(f"Cannot read expectation suite {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise SuiteError(f"Broken expectation suite {path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise SuiteError(f"Broken expectation suite {path}: expected an object with an 'expectations' list")
    return data


def codebook_sets(codebook: Any) -> dict[str, list]:
    """The codebook's value sets by name (``Codebook.parties``, ``.issues``, ``.stances``,
    ``.languages``, and ``stance_hardness`` from ``.hardness``), as sorted lists."""
    if codebook is None:
        return {}
    return {
        "parties": sorted(codebook.parties),
        "issues": sorted(codebook.issues),
        "stances": sorted(codebook.stances),
        "languages": sorted(codebook.languages),
        "stance_hardness": sorted(f"{s}:{h}" for s, h in codebook.hardness.items()),
    }


def load_suite(name: str, codebook: Any = None, directory: Path | None = None, *, check: bool = True) -> Suite:
    """Load ``expectations/<name>.json`` and fill its codebook value sets.

    With ``check`` (imports GX), also checks what GX itself would only log: every
    expectation type must exist (GX 1.24 drops an unknown one from the suite with a log
    line, and the suite then "passes") and take the arguments given.
    """
    path = suite_path(name, directory)
    raw = read_suite_file(name, directory)
    meta = (raw.get("meta") or {}).get("negotrack") or {}
    table, key, on_failure = meta.get("table"), meta.get("key"), meta.get("on_failure", "hold")
    if not table or not key:
        raise SuiteError(f"Broken expectation suite {path}: meta.negotrack needs 'table' and 'key'")
    if on_failure not in ON_FAILURE:
        raise SuiteError(f"Broken expectation suite {path}: meta.negotrack.on_failure must be one of {ON_FAILURE}")
    if raw.get("name") != name:
        raise SuiteError(f"Broken expectation suite {path}: 'name' must be {name!r}, found {raw.get('name')!r}")
    sets = codebook_sets(codebook)
    definition = copy.deepcopy(raw)
    for i, exp in enumerate(definition["expectations"]):
        where = f"{path}, expectation #{i + 1}"
        if not isinstance(exp, dict) or not isinstance(exp.get("type"), str) or not isinstance(exp.get("kwargs"), dict):
            raise SuiteError(f"Broken expectation suite {where}: each expectation needs 'type' and 'kwargs'")
        if "id" in exp:
            raise SuiteError(f"Broken expectation suite {where}: remove the 'id' (suites are loaded, not stored)")
        value_set = exp["kwargs"].get("value_set")
        if isinstance(value_set, dict):
            ref = value_set.get("$codebook")
            if ref not in CODEBOOK_SETS or len(value_set) != 1:
                raise SuiteError(f"Broken expectation suite {where}: value_set must be a list or {{\"$codebook\": one of {CODEBOOK_SETS}}}")
            if codebook is None:  # the packaged codebook, loaded only when a suite needs it
                from negotrack.codebook import load_codebook

                codebook = load_codebook(None)
                sets = codebook_sets(codebook)
            if ref not in sets:
                raise SuiteError(
                    f"Expectation suite {where} takes its value set from the codebook's {ref!r}, "
                    "but the codebook has no such list"
                )
            exp["kwargs"]["value_set"] = sets[ref]
    if check:
        check_suite(definition, path)
    return Suite(name=name, path=path, table=table, key=key, on_failure=on_failure, definition=definition)


def check_suite(definition: dict[str, Any], path: Path) -> None:
    """Build the suite once with GX so a typo fails here, naming the file and expectation."""
    import great_expectations as gx
    from great_expectations.expectations.registry import get_expectation_impl

    for i, exp in enumerate(definition["expectations"]):
        where = f"{path}, expectation #{i + 1} ({exp['type']})"
        try:
            impl = get_expectation_impl(exp["type"])
        except Exception as exc:
            raise SuiteError(f"Broken expectation suite {where}: unknown expectation type") from exc
        try:
            impl(**exp["kwargs"])
        except Exception as exc:
            raise SuiteError(f"Broken expectation suite {where}: invalid arguments: {_short(exc)}") from exc
    try:
        suite = gx.ExpectationSuite(**definition)
    except Exception as exc:
        raise SuiteError(f"Broken expectation suite {path}: {_short(exc)}") from exc
    if len(suite.expectations) != len(definition["expectations"]):
        raise SuiteError(
            f"Broken expectation suite {path}: Great Expectations kept {len(suite.expectations)} "
            f"of {len(definition['expectations'])} expectations"
        )


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:500]


def load_suites(
    codebook: Any = None, directory: Path | None = None, names: Iterable[str] = SUITE_NAMES, *, check: bool = True
) -> dict[str, Suite]:
    return {name: load_suite(name, codebook, directory, check=check) for name in names}
