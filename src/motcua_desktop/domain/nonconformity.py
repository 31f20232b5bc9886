"""Nonconformities and corrective actions (sự không phù hợp, hành động khắc phục; ISO 9001 10.2).

The rules the register follows, without storage:

- status moves ``open → action_done → verified`` when the check finds the
  action effective, or ``action_done → reopened`` when it does not; a reopened
  finding goes back to ``action_done`` once the new action is taken. Verified
  is final.
- an action is overdue when its due date has passed (``due_on < today``) and
  it is not verified;
- findings of the annual inspection (Circular 26/2014/TT-BKHCN art. 36) must
  have their corrective action reported within two calendar months:
  ``report_due_on`` = found_on + 2 months (31/12 → 28 or 29/02), and the
  finding is "report overdue" after that day until ``reported_on`` is set;
- numbers are ``NC-<year>-<nnn>``, counted per year of ``found_on``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import N_, _

STATUSES = ("open", "action_done", "verified", "reopened")
SOURCES = ("checklist", "complaint", "manual")
SEVERITIES = ("minor", "major")
REPORT_MONTHS = 2
STATUS_LABELS = {
    "open": N_("Open"),
    "action_done": N_("Action taken"),
    "verified": N_("Verified effective"),
    "reopened": N_("Reopened"),
}
_NUMBER = re.compile(r"^NC-(\d{4})-(\d{3,})$")


class TransitionNotAllowed(MotcuaError):
    """A status change the register's rules do not permit (e.g. verifying an open finding)."""


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def report_due(found_on: date) -> date:
    """The last day to report the corrective action of an annual-inspection finding."""
    return add_months(found_on, REPORT_MONTHS)


def format_number(year: int, serial: int) -> str:
    return f"NC-{year:04d}-{serial:03d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """``(year, serial)`` of "NC-2026-007"; None for anything else."""
    m = _NUMBER.match(text or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def is_overdue(nc: NonconformityView | object, today: date) -> bool:
    """The corrective action's due date has passed and the finding is not verified."""
    due = getattr(nc, "due_on", None)
    return due is not None and due < today and getattr(nc, "status", "") != "verified"


def is_report_overdue(nc: NonconformityView | object, today: date) -> bool:
    """An annual-inspection finding whose report is past its two-month limit and not yet sent."""
    due = getattr(nc, "report_due_on", None)
    return due is not None and getattr(nc, "reported_on", None) is None and due < today


def check_transition(current: str, target: str) -> None:
    """Raise TransitionNotAllowed when the register's rules forbid ``current → target``."""
    allowed = {
        "open": {"action_done"},
        "reopened": {"action_done"},
        "action_done": {"verified", "reopened"},
        "verified": set(),
    }
    if target not in allowed.get(current, set()):
        raise TransitionNotAllowed(
            _("A finding that is “{current}” cannot become “{target}”.").format(
                current=_(STATUS_LABELS.get(current, current)),
                target=_(STATUS_LABELS.get(target, target)),
            ),
            field="status",
        )


@dataclass(frozen=True)
class NonconformityView:
    """One line of the register, as plain values."""

    id: str
    number: str
    source: str
    found_on: date
    severity: str
    description: str
    cause: str = ""
    correction: str = ""
    corrective_action: str = ""
    owner_name: str = ""
    due_on: date | None = None
    status: str = "open"
    done_on: date | None = None
    verified_on: date | None = None
    verified_by_name: str = ""
    effective: bool | None = None
    verification_note: str = ""
    report_due_on: date | None = None
    reported_on: date | None = None
    run_id: str | None = None
    item_id: str = ""
    origin_id: str | None = None

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS.get(self.status, self.status))

    def overdue(self, today: date) -> bool:
        return is_overdue(self, today)

    def report_overdue(self, today: date) -> bool:
        return is_report_overdue(self, today)

    def as_dict(self, today: date | None = None) -> dict:
        out = {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in self.__dict__.items()
            if k != "origin_id"
        }
        if today is not None:
            out["overdue"] = self.overdue(today)
            out["report_overdue"] = self.report_overdue(today)
        return out
