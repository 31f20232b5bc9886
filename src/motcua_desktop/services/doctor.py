"""Health checks of an installation (`motcua doctor`).

Each check says what it found; with ``repair=True`` the checks that have a safe
repair (only the search index: it is derived from ``dossiers.search_text``, so a
rebuild loses nothing) also say what they repaired. Everything else is reported
for a person to act on (restore a backup, call support), never changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select, text

from motcua_desktop.domain.codes import parse_dossier_code
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.printing import all_documents
from motcua_desktop.store.db import head_revision
from motcua_desktop.store.models import Base, Dossier, Sequence
from motcua_desktop.store.search_index import FTS_SOURCE_TABLE, FTS_TABLE
from motcua_desktop.store.sequences import book_sequence_name, dossier_sequence_name


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    repaired: str = ""  # what ``--repair`` did; empty when nothing was changed

    def as_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "repaired": self.repaired}


def _integrity(ctx: AppContext) -> CheckResult:
    with ctx.db.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    ok = rows == ["ok"]
    return CheckResult("integrity", ok, "ok" if ok else "; ".join(rows[:5]))


def _foreign_keys(ctx: AppContext) -> CheckResult:
    with ctx.db.engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return CheckResult("foreign_keys", True, "ok")
    sample = ", ".join(f"{r[0]} rowid {r[1]} -> {r[2]}" for r in rows[:5])
    return CheckResult(
        "foreign_keys",
        False,
        _("{n} broken references: {sample}").format(n=len(rows), sample=sample),
    )


def _schema(ctx: AppContext) -> CheckResult:
    current, head = ctx.db.revision(), head_revision()
    ok = current == head
    detail = (
        current
        if ok
        else _("the database is at schema {current}; this program expects {head}").format(
            current=current, head=head
        )
    )
    return CheckResult("schema", ok, detail or "")


def _documents(ctx: AppContext) -> CheckResult:
    docs = all_documents(ctx)
    bad = []
    for code, path, sha in docs:
        if not path.exists():
            bad.append(_("{code}: {path} is missing").format(code=code, path=path.name))
            continue
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != sha:
            bad.append(_("{code}: {path} was changed").format(code=code, path=path.name))
    if bad:
        return CheckResult("documents", False, "; ".join(bad[:5]))
    return CheckResult("documents", True, _("{n} documents verified").format(n=len(docs)))


def _sequences(ctx: AppContext) -> CheckResult:
    with ctx.db.session(readonly=True) as s:
        seqs = dict(s.execute(select(Sequence.name, Sequence.value)).all())
        used: dict[str, int] = {}
        # Codes are "<13-char agency>-<yyMMdd>-<seq>"; group in SQL, 1M rows stay fast.
        prefix = func.substr(Dossier.code, 1, 20)
        # Only this desk's own dossiers: the district's (origin_id set) were numbered by communes.
        own = Dossier.origin_id.is_(None)
        for head, top in s.execute(
            select(prefix, func.max(cast(func.substr(Dossier.code, 22), Integer)))
            .where(own)
            .group_by(prefix)
        ):
            parsed = parse_dossier_code(f"{head}-{top:04d}")
            used[dossier_sequence_name(parsed.agency, parsed.day.strftime("%y%m%d"))] = parsed.seq
        for year, serial in s.execute(
            select(func.substr(Dossier.book_number, -4), func.max(Dossier.book_serial))
            .where(Dossier.book_serial > 0, own)
            .group_by(func.substr(Dossier.book_number, -4))
        ):
            used[book_sequence_name(int(year))] = serial
    behind = [f"{n} ({seqs.get(n, 0)} < {v})" for n, v in used.items() if seqs.get(n, 0) < v]
    if behind:
        return CheckResult("sequences", False, "; ".join(sorted(behind)[:5]))
    return CheckResult(
        "sequences",
        True,
        _("{n} numbering counters checked: none behind the numbers already used").format(
            n=len(used)
        ),
    )


def _fts_problems(ctx: AppContext) -> tuple[int, int, int, int]:
    """(missing, extra, stale, dossiers): index rows compared with ``dossiers.search_text``."""
    src, fts = FTS_SOURCE_TABLE, FTS_TABLE
    with ctx.db.engine.connect() as conn:
        one = lambda sql: conn.exec_driver_sql(sql).scalar_one()  # noqa: E731
        total = one(f"SELECT count(*) FROM {src}")
        missing = one(
            f"SELECT count(*) FROM {src} d WHERE NOT EXISTS "
            f"(SELECT 1 FROM {fts} f WHERE f.rowid = d.search_id)"
        )
        extra = one(
            f"SELECT count(*) FROM {fts} f WHERE NOT EXISTS "
            f"(SELECT 1 FROM {src} d WHERE d.search_id = f.rowid)"
        )
        stale = one(
            f"SELECT count(*) FROM {src} d JOIN {fts} f ON f.rowid = d.search_id "
            "WHERE f.body IS NOT d.search_text"
        )
    return missing, extra, stale, total


def rebuild_search_index(ctx: AppContext) -> int:
    """Refill the FTS index from ``dossiers.search_text`` in one transaction; returns the rows."""
    with ctx.db.session() as s:
        s.execute(text(f"DELETE FROM {FTS_TABLE}"))
        s.execute(
            text(
                f"INSERT INTO {FTS_TABLE}(rowid, body) "
                f"SELECT search_id, search_text FROM {FTS_SOURCE_TABLE}"
            )
        )
        return s.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar_one()


def _search_index(ctx: AppContext, repair: bool) -> CheckResult:
    if not ctx.db.is_sqlite:
        return CheckResult("search_index", True, _("not used on a server database"))
    missing, extra, stale, total = _fts_problems(ctx)
    if not (missing or extra or stale):
        return CheckResult(
            "search_index", True, _("{n} dossiers, all indexed and up to date").format(n=total)
        )
    found = _("{missing} dossiers missing from the search index, {extra} extra entries, "
              "{stale} out of date").format(missing=missing, extra=extra, stale=stale)  # fmt: skip
    if not repair:
        return CheckResult("search_index", False, found)
    rows = rebuild_search_index(ctx)
    missing, extra, stale, _total = _fts_problems(ctx)
    ok = not (missing or extra or stale)
    return CheckResult(
        "search_index",
        ok,
        found,
        _("rebuilt the search index from the dossiers ({n} entries)").format(n=rows),
    )


def _synced_tables() -> list[tuple[str, bool]]:
    """(table, has origin_id) of every synced table."""
    out = []
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__synced__", False) and hasattr(cls, "__tablename__"):
            table = cls.__table__
            out.append((table.name, "origin_id" in table.c))
    return sorted(set(out))


def _change_log(ctx: AppContext) -> CheckResult:
    """Every synced row made here has at least one ``changes`` row (else it would never travel)."""
    bad: list[str] = []
    total = 0
    with ctx.db.engine.connect() as conn:
        for table, has_origin in _synced_tables():
            # Rows that came from a commune (district, origin_id set) were never logged here.
            where = " WHERE origin_id IS NULL" if has_origin else ""
            n = conn.execute(
                text(
                    f"SELECT count(*) FROM (SELECT id FROM {table}{where} "
                    "EXCEPT SELECT row_id FROM changes WHERE table_name = :t)"
                ),
                {"t": table},
            ).scalar_one()
            total += n
            if n:
                bad.append(f"{table}: {n}")
    if bad:
        return CheckResult(
            "change_log",
            False,
            _("{n} rows have no entry in the change log and would not be sent: {tables}").format(
                n=total, tables=", ".join(bad[:8])
            ),
        )
    return CheckResult("change_log", True, _("every synced row is in the change log"))


def _audit_chain(ctx: AppContext) -> CheckResult:
    try:
        from motcua_desktop.services.audit import verify_chain
    except ImportError:
        return CheckResult("audit_chain", True, _("skipped: this version has no audit trail yet"))
    report = verify_chain(ctx)
    problems = list(getattr(report, "problems", []))
    if problems:
        shown = "; ".join(p.describe() if hasattr(p, "describe") else str(p) for p in problems[:5])
        return CheckResult(
            "audit_chain",
            False,
            _("{n} problems in the audit trail: {problems}").format(
                n=len(problems), problems=shown
            ),
        )
    return CheckResult(
        "audit_chain",
        True,
        _("{n} audit entries checked, the chain is intact").format(n=getattr(report, "checked", 0)),
    )


CHECKS: tuple[Callable[[AppContext], CheckResult], ...] = (
    _integrity,
    _foreign_keys,
    _schema,
    _documents,
    _sequences,
    _change_log,
    _audit_chain,
)


def run_checks(ctx: AppContext, *, repair: bool = False) -> list[CheckResult]:
    """Run every check; with ``repair`` the safe repairs (the search index rebuild) are made."""
    results = []
    checks: list[Callable[[AppContext], CheckResult]] = list(CHECKS)
    checks.insert(2, lambda c: _search_index(c, repair))
    names = [c.__name__.strip("_") for c in CHECKS]
    names.insert(2, "search_index")
    for name, check in zip(names, checks, strict=True):
        try:
            results.append(check(ctx))
        except Exception as exc:  # a check that crashes is a failed check, reported, not raised
            results.append(CheckResult(name, False, str(exc)))
    return results


__all__ = ["CheckResult", "rebuild_search_index", "run_checks"]
