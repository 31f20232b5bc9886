"""The survey arithmetic: satisfaction rates with their counts, reasons ranked, evaluation grades.

Satisfaction rate = (answers at level 4 "Hài lòng" + level 5 "Rất hài lòng")
/ answers given × 100 (DOMAIN.md, "Citizen evaluation and satisfaction");
blank answers count in neither. The overall rate takes every answer of every
question; a factor's rate the answers to its questions; a procedure's or an
official's rate every answer on the forms linked to them. Each figure carries
the number of forms behind it, and ``small_sample`` when that is under
``SMALL_SAMPLE`` forms (too few to mean much: the report says so).

Evaluation points: the sum of the indicators scored (0/1/2 each, 18 at most
when all nine are scored). The period's grade comes from the share of points
obtained, against ``DEFAULT_GRADE_BANDS``. Those bands are this program's
default, not a legal scale: no national rule grades the 18-point total, so a
commune or district may set its own (``services.survey_report`` reads them
from the "evaluation_grades" setting).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from motcua_desktop.i18n import N_, _

SATISFIED_LEVELS = frozenset({4, 5})
SMALL_SAMPLE = 30
# (lowest share of points in %, grade key): the first band reached is the grade.
DEFAULT_GRADE_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "good"),
    (75.0, "fair"),
    (50.0, "average"),
    (0.0, "poor"),
)
GRADE_LABELS = {
    "good": N_("Good"),
    "fair": N_("Fair"),
    "average": N_("Average"),
    "poor": N_("Poor"),
}


def percent(part: int, whole: int) -> float | None:
    """``part / whole × 100`` to two decimals; None when there is nothing to divide."""
    return round(part * 100 / whole, 2) if whole else None


@dataclass(frozen=True)
class Rate:
    """One satisfaction figure: ``levels[i]`` is the number of answers at level ``i + 1``."""

    key: str
    label: str
    forms: int
    levels: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)

    @property
    def answered(self) -> int:
        return sum(self.levels)

    @property
    def satisfied(self) -> int:
        return sum(n for i, n in enumerate(self.levels) if i + 1 in SATISFIED_LEVELS)

    @property
    def rate(self) -> float | None:
        return percent(self.satisfied, self.answered)

    @property
    def small_sample(self) -> bool:
        return self.forms < SMALL_SAMPLE

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "forms": self.forms,
            "answered": self.answered,
            "satisfied": self.satisfied,
            "levels": list(self.levels),
            "rate": self.rate,
            "small_sample": self.small_sample,
        }


class RateTally:
    """Counts answers per level and the forms that gave at least one answer."""

    def __init__(self, key: str, label: str) -> None:
        self.key, self.label = key, label
        self.levels = [0, 0, 0, 0, 0]
        self.forms = 0

    def add_form(self, levels: Iterable[int | None]) -> None:
        self.forms += 1
        for level in levels:
            if level is not None and 1 <= level <= 5:
                self.levels[level - 1] += 1

    def result(self) -> Rate:
        return Rate(self.key, self.label, self.forms, tuple(self.levels))  # type: ignore[arg-type]


def rate_of(levels: Iterable[int | None], *, forms: int = 0, key="", label="") -> Rate:
    """The rate of a flat list of answers (None = left blank)."""
    tally = RateTally(key, label)
    tally.add_form(levels)
    tally.forms = forms
    return tally.result()


@dataclass(frozen=True)
class ReasonCount:
    id: str
    text: str
    count: int
    share: float | None  # % of the forms in the period

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "count": self.count, "share": self.share}


def rank_reasons(
    chosen: Iterable[Iterable[str]], texts: Mapping[str, str], forms: int
) -> list[ReasonCount]:
    """Reasons by how often they were ticked, most first; ties in the template's order."""
    counts = Counter(r for reasons in chosen for r in set(reasons))
    order = {rid: i for i, rid in enumerate(texts)}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
    return [ReasonCount(rid, texts.get(rid, rid), n, percent(n, forms)) for rid, n in ranked]


def evaluation_points(scores: Mapping[str, int | None]) -> tuple[int, int]:
    """(points, max points) of one evaluation: unscored indicators count in neither."""
    given = [v for v in scores.values() if v is not None]
    return sum(given), 2 * len(given)


def grade(share: float | None, bands: Sequence[tuple[float, str]] = DEFAULT_GRADE_BANDS) -> str:
    """The grade key for a share of points (%); "" when nothing was scored."""
    if share is None:
        return ""
    for lowest, key in sorted(bands, key=lambda b: -b[0]):
        if share >= lowest:
            return key
    return ""


def grade_label(key: str) -> str:
    return _(GRADE_LABELS[key]) if key in GRADE_LABELS else key


@dataclass(frozen=True)
class EvaluationLine:
    dossier_code: str
    procedure_name: str
    official_name: str
    points: int
    max_points: int
    item10: int | None = None
    item11: int | None = None
    source: str = "desk"

    def as_dict(self) -> dict:
        return {
            "dossier_code": self.dossier_code,
            "procedure_name": self.procedure_name,
            "official_name": self.official_name,
            "points": self.points,
            "max_points": self.max_points,
            "item10": self.item10,
            "item11": self.item11,
            "source": self.source,
        }


@dataclass(frozen=True)
class EvaluationSummary:
    """The period's evaluations: average points, share of points, grade, items 10–11 counted.

    ``item10``/``item11`` count the answers per level: 3 Rất hài lòng, 2 Hài
    lòng, 1 Không hài lòng.
    """

    lines: tuple[EvaluationLine, ...]
    bands: tuple[tuple[float, str], ...] = DEFAULT_GRADE_BANDS
    item10: Mapping[int, int] = field(default_factory=dict)
    item11: Mapping[int, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def average_points(self) -> float | None:
        return round(sum(x.points for x in self.lines) / self.count, 2) if self.lines else None

    @property
    def average_max(self) -> float | None:
        return round(sum(x.max_points for x in self.lines) / self.count, 2) if self.lines else None

    @property
    def share(self) -> float | None:
        """Points obtained as a % of the points possible on the indicators scored."""
        return percent(sum(x.points for x in self.lines), sum(x.max_points for x in self.lines))

    @property
    def grade(self) -> str:
        return grade(self.share, self.bands)

    @property
    def small_sample(self) -> bool:
        return self.count < SMALL_SAMPLE

    def as_dict(self) -> dict:
        return {
            "count": self.count,
            "average_points": self.average_points,
            "average_max": self.average_max,
            "share": self.share,
            "grade": self.grade,
            "small_sample": self.small_sample,
            "bands": [[lowest, key] for lowest, key in self.bands],
            "item10": {str(k): v for k, v in sorted(self.item10.items())},
            "item11": {str(k): v for k, v in sorted(self.item11.items())},
            "lines": [x.as_dict() for x in self.lines],
        }


def summarise_evaluations(
    lines: Iterable[EvaluationLine], bands: Sequence[tuple[float, str]] = DEFAULT_GRADE_BANDS
) -> EvaluationSummary:
    lines = tuple(lines)
    return EvaluationSummary(
        lines,
        tuple(bands),
        dict(Counter(x.item10 for x in lines if x.item10 is not None)),
        dict(Counter(x.item11 for x in lines if x.item11 is not None)),
    )
