"""The demo year of surveys: monthly batches, realistic rates, linked to real demo dossiers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from motcua_desktop.domain.periods import date_range
from motcua_desktop.services.demo import seed_demo
from motcua_desktop.services.demo_surveys import seed_surveys
from motcua_desktop.services.survey_report import satisfaction_report
from motcua_desktop.store.models import Change, Dossier, SurveyForm

TODAY = date(2026, 5, 20)


def test_a_year_of_demo_surveys(ctx):
    seed_demo(ctx, 600, today=TODAY)
    made = seed_surveys(ctx, today=TODAY, seed=3)
    assert made.batches == 12 and 12 * 80 <= made.forms <= 12 * 120 and made.evaluations > 0
    with ctx.db.session(readonly=True) as s:
        per_month = s.execute(select(func.count()).select_from(SurveyForm)
                              .group_by(SurveyForm.batch_id)).scalars().all()  # fmt: skip
        linked = s.execute(select(SurveyForm.dossier_code, Dossier.code)
                           .join(Dossier, Dossier.id == SurveyForm.dossier_id)).all()  # fmt: skip
        logged = s.scalar(select(func.count()).where(Change.table_name == "survey_forms"))
    assert all(80 <= n <= 120 for n in per_month)
    assert linked and all(a == b for a, b in linked)
    assert logged == made.forms  # they travel like typed ones
    r = satisfaction_report(ctx, date_range(date(2025, 5, 1), TODAY))
    assert r.summary.forms == made.forms
    assert 90 <= r.summary.overall.rate <= 99
    assert r.summary.reasons and r.summary.blank_forms < made.forms * 0.05
    assert r.evaluations.count == made.evaluations
    assert seed_surveys(ctx, today=TODAY).forms == 0  # once only
