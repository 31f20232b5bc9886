"""Health checks of an installation (`motcua doctor`): database, schema, documents, sequences."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select

from motcua_desktop.domain.codes import parse_dossier_code
from motcua_desktop.i18n import _
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.printing import all_documents
from motcua_desktop.store.db import head_revision
from motcua_desktop.store.models import Dossier, Sequence
from motcua_desktop.store.sequences import book_sequence_name, dossier_sequence_name


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


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
        for head, top in s.execute(
            select(prefix, func.max(cast(func.substr(Dossier.code, 22), Integer))).group_by(prefix)
        ):
            parsed = parse_dossier_code(f"{head}-{top:04d}")
            used[dossier_sequence_name(parsed.agency, parsed.day.strftime("%y%m%d"))] = parsed.seq
        for year, serial in s.execute(
            select(func.substr(Dossier.book_number, -4), func.max(Dossier.book_serial))
            .where(Dossier.book_serial > 0)
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


def run_checks(ctx: AppContext) -> list[CheckResult]:
    results = []
    for check in (_integrity, _foreign_keys, _schema, _documents, _sequences):
        try:
            results.append(check(ctx))
        except Exception as exc:  # a check that crashes is a failed check, reported, not raised
            results.append(CheckResult(check.__name__.strip("_"), False, str(exc)))
    return results


__all__ = ["CheckResult", "run_checks"]
