"""Reading fields of a parsed JSON document with errors that name the field's path.

Shared by the survey and checklist template readers: ``fail`` makes the
reader's own error type, e.g. "template.json: questions[3].scale: missing".
"""

from __future__ import annotations

import re
from typing import Any

from motcua_desktop.i18n import _


def is_unicode(value: str) -> bool:
    """False for text with a lone surrogate (from a JSON escape), which cannot be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class FieldReader:
    """Reads one document, raising ``error(message, field=path)`` at the first fault."""

    def __init__(self, source: str, error: type[Exception]) -> None:
        self.source = source
        self.error = error

    def fail(self, path: str, problem: str) -> Exception:
        message = _("{source}: {field}: {problem}").format(
            source=self.source, field=path, problem=problem
        )
        return self.error(message, field=path)

    def get(self, obj: Any, key: str, path: str, kind: type | tuple, *, required: bool = True):
        where = f"{path}.{key}" if path else key
        if not isinstance(obj, dict):
            raise self.fail(path or "(top)", _("must be an object"))
        if key not in obj or obj[key] is None:
            if required:
                raise self.fail(where, _("missing"))
            return None
        value = obj[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self.fail(where, _("has the wrong type"))
        if isinstance(value, str) and not is_unicode(value):
            raise self.fail(
                where, _("holds a broken character (an unpaired UTF-16 surrogate escape)")
            )
        if isinstance(value, str) and required and not value.strip():
            raise self.fail(where, _("is empty"))
        return value

    def text(self, obj: Any, key: str, path: str, *, required: bool = True) -> str:
        value = self.get(obj, key, path, str, required=required)
        return value.strip() if value else ""

    def ident(self, obj: Any, path: str, seen: set[str], pattern: re.Pattern) -> str:
        value = self.text(obj, "id", path)
        if not pattern.match(value):
            raise self.fail(f"{path}.id", _("“{value}” is not a valid id").format(value=value))
        if value in seen:
            raise self.fail(f"{path}.id", _("“{value}” is used twice").format(value=value))
        seen.add(value)
        return value

    def items(self, obj: Any, key: str, path: str, *, required: bool = True) -> list:
        value = self.get(obj, key, path, list, required=required) or []
        if required and not value:
            raise self.fail(f"{path}.{key}" if path else key, _("is empty"))
        return value
