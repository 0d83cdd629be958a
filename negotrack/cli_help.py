"""How the command line shows its help and its usage errors.

Typer 0.29 prints each parameter's Python type in the help (``<bool>`` beside every flag,
``<list[str]>``, ``<path>``, ``<float range>``) and passes pydantic's messages through as
they are, so a bad choice reads "Invalid value for 'what': Value error, 'x' is not one
of ...". :class:`App` is a ``typer.Typer`` whose group and commands show value names a
shell user knows instead (TEXT, INTEGER, NUMBER, PATH, the choices; nothing for flags,
which take no value) and drop pydantic's prefix from usage errors.

The names are derived from Typer's own label (``display_type``), so options need no
per-option ``metavar``; an explicit ``metavar`` still wins, as Typer shows it first.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# Typer's type label (without < >) -> the name shown; None hides it.
_NAMES: dict[str, str | None] = {
    "bool": None,
    "str": "TEXT",
    "int": "INTEGER",
    "int range": "INTEGER",
    "float": "NUMBER",
    "float range": "NUMBER",
    "path": "PATH",
    "file": "FILE",
    "directory": "FOLDER",
    "datetime": "DATE",
}
# pydantic's prefixes for errors raised as ValueError / AssertionError in validators
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def readable_type(label: str | None) -> str | None:
    """'<list[str]>' -> 'TEXT', '<bool>' -> None, '<day|week|month>' -> 'day|week|month'."""
    if not label:
        return label
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    while inner.startswith("list[") and inner.endswith("]"):  # repeatable: the help says so
        inner = inner[5:-1]
    if inner in _NAMES:
        return _NAMES[inner]
    return inner if "|" in inner else inner.upper()


def plain_message(message: str) -> str:
    """A usage error without pydantic's "Value error, " (or "Assertion failed, ") prefix."""
    for prefix in _PYDANTIC_PREFIXES:
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _readable_param(param: Any) -> Any:
    """Wrap the parameter's ``display_type`` once (an instance attribute shadows the method)."""
    if "display_type" not in vars(param):
        typer_label = param.display_type
        param.display_type = lambda ctx: readable_type(typer_label(ctx))
    return param


class _Readable:
    """Shared by the group and its commands; ``get_params`` also yields the --help option."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [_readable_param(p) for p in super().get_params(ctx)]  # type: ignore[misc]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except typer.BadParameter as exc:
            exc.message = plain_message(exc.message)
            raise


class ReadableGroup(_Readable, TyperGroup):
    pass


class ReadableCommand(_Readable, TyperCommand):
    pass


class App(typer.Typer):
    """``typer.Typer`` with :class:`ReadableGroup` and :class:`ReadableCommand` as defaults."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ReadableGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("cls", ReadableCommand)
        return super().command(*args, **kwargs)
