"""cli.user_errors: the one place that turns a user-level problem into the README's
one-line message and exit code (2 bad usage, 3 locked, or what a command maps)."""

from __future__ import annotations

import pytest
import typer

from negotrack import cli
from negotrack.store import StoreLockedError


def _exit_of(exc: BaseException, *mapped) -> int:
    with pytest.raises(typer.Exit) as caught:
        with cli.user_errors(*mapped):
            raise exc
    return caught.value.exit_code


def test_locked_database_is_3_and_missing_file_is_2(capsys):
    assert _exit_of(StoreLockedError("db.duckdb is locked by process 12")) == 3
    assert _exit_of(FileNotFoundError("no database at x.duckdb; run `negotrack ingest` first")) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == ["error: db.duckdb is locked by process 12",
                     "error: no database at x.duckdb; run `negotrack ingest` first"]


def test_a_command_maps_its_own_errors_first_match_wins(capsys):
    class FilterError(ValueError):
        pass

    assert _exit_of(FilterError("unknown party 'atlantis'"), (FilterError, 2), (ValueError, 1)) == 2
    assert _exit_of(ValueError("bad"), (FilterError, 2), (ValueError, 1)) == 1
    # a StoreLockedError is a RuntimeError, but stays 3 even where RuntimeError is mapped
    assert _exit_of(StoreLockedError("locked"), (RuntimeError, 1)) == 3


def test_markup_in_a_message_is_printed_as_is(capsys):
    _exit_of(FileNotFoundError("no such file: data[bold]/x.txt"))
    assert "data[bold]/x.txt" in capsys.readouterr().err


def test_other_errors_and_exits_pass_through():
    with pytest.raises(KeyError):  # a bug keeps its traceback
        with cli.user_errors((ValueError, 2)):
            raise KeyError("x")
    with pytest.raises(typer.Exit) as caught:  # click's Exit is a RuntimeError: not re-mapped
        with cli.user_errors((RuntimeError, 1)):
            raise typer.Exit(4)
    assert caught.value.exit_code == 4
