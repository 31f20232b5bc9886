"""The dossier actions as the clerk meets them: keys, button labels, the slip each leaves, its dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from motcua_desktop.domain.dossier import Status
from motcua_desktop.domain.lifecycle import Action
from motcua_desktop.i18n import N_, _
from motcua_desktop.ui import dossier_actions as dialogs

# Stable keys, whatever the state: a clerk learns F2 = start, F9 = finish.
ACTION_KEYS = {
    Action.START_PROCESSING: "F2",
    Action.HAND_OVER: "F3",
    Action.REQUEST_SUPPLEMENT: "F4",
    Action.RESUBMIT: "F6",
    Action.AWAIT_PAYMENT: "F7",
    Action.PAYMENT_RECEIVED: "F8",
    Action.FINISH: "F9",
    Action.RETURN_RESULT: "F10",
    Action.EXTEND: "Ctrl+E",
    Action.WITHDRAW: "Ctrl+Shift+W",
    Action.STOP: "Ctrl+Shift+S",
}
ACTION_LABELS = {
    Action.START_PROCESSING: N_("Start processing"),
    Action.HAND_OVER: N_("Hand over"),
    Action.REQUEST_SUPPLEMENT: N_("Request a supplement (form 02)"),
    Action.RESUBMIT: N_("Supplement handed in"),
    Action.AWAIT_PAYMENT: N_("Await payment"),
    Action.PAYMENT_RECEIVED: N_("Payment received"),
    Action.FINISH: N_("Finish"),
    Action.RETURN_RESULT: N_("Return the result"),
    Action.EXTEND: N_("Apologise and extend (form 04)"),
    Action.WITHDRAW: N_("Withdraw"),
    Action.STOP: N_("Stop (form 05)"),
}
# The slip each action leaves behind, printed and previewed at once.
ACTION_SLIPS = {
    Action.REQUEST_SUPPLEMENT: "supplement",
    Action.STOP: "stop",
    Action.EXTEND: "apology",
}
# Đánh giá hồ sơ: not a step of the lifecycle, offered once the result is returned.
EVALUATE_KEY = "Ctrl+G"
EVALUATE_LABEL = N_("Evaluate the dossier")


def can_evaluate(snap) -> bool:
    """The evaluation is taken when the citizen collects the result (and may be redone)."""
    return snap is not None and snap.record.status == Status.RESULT_RETURNED


def open_evaluation_for(view: QWidget, code: str, *, after_return: bool = False) -> None:
    """Show the evaluation dialog of ``code`` over ``view`` (a window with ctx, user and runner)."""
    from motcua_desktop.ui.evaluation_dialog import open_evaluation

    runner = getattr(view, "runner", None)
    if runner is None:
        return
    open_evaluation(view, view.ctx, view.user, runner, code, only_if_returned=after_return)


def offer_evaluation_after(dialog: dialogs.ReturnResultDialog, view: QWidget, code: str) -> None:
    """Once the return dialog is confirmed, open the evaluation if the clerk left it ticked.

    The view queues the return itself when the same ``accepted`` signal reaches it; one
    turn of the event loop later our read is queued behind it on the single worker, so
    it sees the returned dossier (and opens nothing if the return was refused).
    """

    def accepted() -> None:
        if dialog.wants_evaluation():
            QTimer.singleShot(0, view, lambda: open_evaluation_for(view, code, after_return=True))

    dialog.accepted.connect(accepted)


def make_dialog(action: Action, snap, me, parent: QWidget) -> dialogs.ActionDialog:
    """The small dialog that takes the inputs of ``action`` for the dossier in ``snap``."""
    record = snap.record
    if action is Action.START_PROCESSING:
        return dialogs.StartProcessingDialog(snap.users, me, record.handling_unit, parent)
    if action is Action.HAND_OVER:
        return dialogs.HandOverDialog(snap.users, record.handling_unit, parent)
    if action is Action.REQUEST_SUPPLEMENT:
        name = me.full_name or me.username
        return dialogs.SupplementDialog(record.components, name, snap.contact_phone, parent)
    if action is Action.RETURN_RESULT:
        dialog = dialogs.ReturnResultDialog(record, snap.now, parent)
        offer_evaluation_after(dialog, parent, record.code)
        return dialog
    if action is Action.EXTEND:
        return dialogs.ExtendDialog(record, snap.calendar, snap.original_due, snap.now, parent)
    title = _(ACTION_LABELS[action])
    if action in (Action.WITHDRAW, Action.STOP):
        intro = (
            _("The applicant withdraws the dossier.")
            if action is Action.WITHDRAW
            else _("Processing stops; form 05 is printed for the applicant.")
        )
        return dialogs.NoteDialog(
            title, intro, _("Reason"), required=True, parent=parent, key="reason"
        )
    if action in (Action.AWAIT_PAYMENT, Action.FINISH):
        intro = (
            _("The applicant must pay the financial obligations before the result.")
            if action is Action.AWAIT_PAYMENT
            else _("The result is ready to return.")
        )
        return dialogs.NoteDialog(title, intro, _("Note"), required=False, parent=parent)
    intro = (
        _("The applicant has handed in the missing components.")
        if action is Action.RESUBMIT
        else _("The applicant has paid.")
    )
    return dialogs.ConfirmDialog(title, intro, parent)
