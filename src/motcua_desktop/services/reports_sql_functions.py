"""SQL functions for report II.06a that SQLite and PostgreSQL spell differently.

The day and the minute of a moment are ``substr`` of SQLite's stored text and
``date_trunc`` on PostgreSQL; ``Unindexed`` keeps SQLite's planner from
choosing an index for a column (``+col``).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class DayOf(FunctionElement):
    """The calendar day of a moment, comparable with another ``DayOf``."""

    type = String()
    inherit_cache = True


class MinuteOf(FunctionElement):
    """A moment without its seconds, comparable with another ``MinuteOf``."""

    type = String()
    inherit_cache = True


@compiles(DayOf)
def _day_default(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"date_trunc('day', {arg})"


@compiles(DayOf, "sqlite")
def _day_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"substr({arg}, 1, 10)"


@compiles(MinuteOf)
def _minute_default(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"date_trunc('minute', {arg})"


@compiles(MinuteOf, "sqlite")
def _minute_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"substr({arg}, 1, 16)"


class Unindexed(FunctionElement):
    """A column the SQLite planner must not pick an index for (``+col``); plain elsewhere."""

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(Unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(Unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    return f"+{arg}"
