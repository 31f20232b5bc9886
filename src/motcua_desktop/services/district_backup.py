"""The district's side of a commune's encrypted backup copy: verify, decrypt, check, hand back.

When a commune's PC is replaced or broken, the district opens the ``.mcbak``
copy found on the commune's stick with its own private key, after checking
the signature with the commune's registered key, and gives the plain SQLite
file back for ``motcua restore`` (docs/operations.md, "A replaced PC").
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from motcua_desktop.domain.errors import BundleRejected, StorageError, ValidationError
from motcua_desktop.i18n import _
from motcua_desktop.services.backup import fsync_file, integrity_problems
from motcua_desktop.services.context import AppContext
from motcua_desktop.services.district_import import require_district
from motcua_desktop.store.models import Commune
from motcua_desktop.sync.backup_file import open_sealed, read_header
from motcua_desktop.sync.keys import load_or_create_identity

# Opening a commune's backup brings its personal data to the district's PC: logged.
audit = logging.getLogger("motcua.personal_data")


@dataclass(frozen=True)
class OpenedBackup:
    path: Path  # the plain SQLite file written
    agency_code: str
    commune_name: str
    created_at: str
    epoch: str
    size: int
    sha256: str


def _commune_key(ctx: AppContext, header: dict) -> tuple[str, str]:
    """(signing key, name) of the registered commune the header names; BundleRejected if none."""
    with ctx.db.session(readonly=True) as s:
        require_district(s)
        commune = s.scalar(select(Commune).where(Commune.agency_code == header["agency_code"]))
        if commune is None or not commune.sign_public_key:
            raise BundleRejected(
                _(
                    "This backup names commune {agency}, which is not registered here with a "
                    "signing key; it cannot be checked."
                ).format(agency=header["agency_code"] or "?"),
                "unknown-sender",
            )
        return commune.sign_public_key, commune.name


def open_backup(ctx: AppContext, source: str | Path, output: str | Path) -> OpenedBackup:
    """Verify and decrypt ``source`` into the SQLite file ``output`` (written whole or not at all).

    Raises BundleRejected when the file is not intact, not signed by the
    registered commune, or not for this district; StorageError when it cannot
    be read or written, or the result fails ``PRAGMA integrity_check``.
    """
    source, output = Path(source), Path(output)
    if output.exists():
        raise ValidationError(
            _("{path} already exists; choose a new file name.").format(path=output),
            field="output",
        )
    identity = load_or_create_identity(ctx)
    work = None
    try:
        with open(source, "rb") as src:
            header, _preamble = read_header(src)
            sign_pub, name = _commune_key(ctx, header)
            output.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{output.name}.", suffix=".partial", dir=output.parent
            )
            work = Path(tmp)
            with os.fdopen(fd, "wb") as out:
                open_sealed(src, out, sign_pub_b64=sign_pub, box_private=identity.box_private)
        fsync_file(work)
        problems = integrity_problems(work)
        if problems:
            raise StorageError(
                _("The decrypted backup fails its database check ({problems}).").format(
                    problems="; ".join(problems[:3])
                )
            )
        os.replace(work, output)
        work = None
    except OSError as exc:
        raise StorageError(
            _("The backup could not be opened into {path}: {error}").format(
                path=output, error=exc.strerror or exc
            )
        ) from exc
    finally:
        if work is not None:
            with contextlib.suppress(OSError):
                work.unlink()
    audit.info(
        "commune backup opened: %s (%s) from %s into %s",
        header["agency_code"], header["created_at"], source, output,
    )  # fmt: skip
    return OpenedBackup(
        output,
        header["agency_code"],
        str(header.get("commune_name") or name),
        header["created_at"],
        header["epoch"],
        header["plain_size"],
        header["plain_sha256"],
    )
