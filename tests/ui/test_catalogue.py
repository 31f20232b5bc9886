"""The catalogue: the tree model headless, the filter through the service, local overrides."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from motcua_desktop.domain.calendar import processing_text
from motcua_desktop.domain.procedures import ComponentKind, TimeUnit
from motcua_desktop.services import catalogue as catalogue_service
from motcua_desktop.ui.catalogue_model import COL_CODE, COL_NAME, PROCEDURE_ROLE, CatalogueModel
from motcua_desktop.ui.catalogue_page import CataloguePage

from .conftest import type_text


def test_model_groups_by_field(qtbot, ctx):
    procedures = catalogue_service.list_procedures(ctx)
    model = CatalogueModel()
    model.set_procedures(procedures)
    assert model.rowCount() == len({p.field for p in procedures})
    assert sum(model.rowCount(model.index(r, 0)) for r in range(model.rowCount())) == len(
        procedures
    )
    field = model.index(0, 0)
    child = model.index(0, COL_CODE, field)
    assert model.parent(child) == field
    assert model.parent(field) == QModelIndex()
    p = model.data(child, PROCEDURE_ROLE)
    assert model.data(child, Qt.ItemDataRole.DisplayRole) == p.code
    assert model.rowCount(child) == 0


def test_model_with_khai_sinh_query(qtbot, ctx):
    model = CatalogueModel()
    model.set_procedures(catalogue_service.list_procedures(ctx, "khai sinh"))
    names = [
        model.data(model.index(r, COL_NAME, model.index(f, 0)))
        for f in range(model.rowCount())
        for r in range(model.rowCount(model.index(f, 0)))
    ]
    assert "Đăng ký khai sinh" in names
    assert all("khai sinh" in n.lower() for n in names)


def _page(qtbot, ctx, runner, user):
    page = CataloguePage(ctx, user, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded >= 1)
    return page


def test_filter_box_finds_birth_registration(qtbot, ctx, runner, users):
    page = _page(qtbot, ctx, runner, users.clerk)
    everything = page.model.procedure_count()
    page.filter.setFocus()
    type_text(page.filter, "khai sinh")
    qtbot.waitUntil(lambda: page.model.procedure_count() < everything)
    assert page.model.find("1.001193").isValid()
    assert page.current is not None
    assert "khai sinh" in page.current.name
    assert page.current.code in page.detail.toPlainText()
    assert not page.edit_button.isVisible()  # clerks only read


def test_edit_locally_saves_override_and_restore(qtbot, ctx, runner, users, monkeypatch):
    page = _page(qtbot, ctx, runner, users.admin)
    page.filter.setText("khai sinh")
    qtbot.waitUntil(lambda: page.loaded >= 2)
    page.tree.setCurrentIndex(page.model.find("1.001193"))
    assert page.current.code == "1.001193"
    assert page.edit_button.isEnabled() and not page.restore_button.isEnabled()

    def fill_and_accept(dialog):
        dialog.unit.setCurrentIndex(dialog.unit.findData(TimeUnit.WORKING_DAYS))
        dialog.amount.setValue(3)
        dialog.has_cutoff.setChecked(False)
        dialog.add_component()
        row = dialog.table.rowCount() - 1
        dialog.table.item(row, 0).setText("Sổ hộ khẩu")
        dialog.table.cellWidget(row, 1).setCurrentIndex(1)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr("motcua_desktop.ui.override_dialog.OverrideDialog.exec", fill_and_accept)
    page.edit_button.click()
    qtbot.waitUntil(lambda: catalogue_service.get_procedure(ctx, "1.001193").overridden)
    saved = catalogue_service.get_procedure(ctx, "1.001193")
    assert saved.processing.unit == TimeUnit.WORKING_DAYS and saved.processing.amount == 3
    assert saved.components[-1].name == "Sổ hộ khẩu"
    assert saved.components[-1].kind == ComponentKind.CERTIFIED_COPY
    qtbot.waitUntil(lambda: page.current is not None and page.current.overridden)
    assert page.restore_button.isEnabled()
    assert processing_text(saved.processing) in page.detail.toPlainText()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.restore_button.click()
    qtbot.waitUntil(lambda: not catalogue_service.get_procedure(ctx, "1.001193").overridden)
    qtbot.waitUntil(lambda: page.current is not None and not page.current.overridden)
    assert page.current.processing.unit == TimeUnit.SAME_DAY


def test_override_dialog_refuses_zero_days(qtbot, ctx):
    p = catalogue_service.get_procedure(ctx, "1.001193")
    from motcua_desktop.ui.override_dialog import OverrideDialog

    dialog = OverrideDialog(p)
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData(TimeUnit.WORKING_DAYS))
    dialog.amount.setValue(0)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text()
