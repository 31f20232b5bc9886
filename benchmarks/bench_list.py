"""Benchmark: open the dossier list and scroll it on a million dossiers; memory with it open.

Targets (DESIGN.md): open (construct ``DossierListModel`` and get its first
page through the operation runner) ≤ 300 ms; scroll (the next page) ≤ 50 ms;
resident memory of a process with the list open ≤ 300 MB. Everything runs in
a child process so the memory figure is that of a clean desk process: Qt, the
program's modules, one open database and a table view with the list's rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _bigdb import ensure_database
from _common import machine, summary

OPENS = 10
SCROLLS = 30


def _child(data_dir: str) -> dict:
    import psutil
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication, QTableView

    from motcua_desktop.services.context import open_app
    from motcua_desktop.ui.dossier_list_model import DossierListModel
    from motcua_desktop.ui.operations import OpRunner

    app = QApplication([])
    ctx = open_app(data_dir)
    runner = OpRunner()

    def wait_for(model, pages: int) -> None:
        while model.pages_loaded < pages:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)

    def open_list(sort: str = "received_at", descending: bool = True):
        start = time.perf_counter()
        model = DossierListModel(ctx, runner)
        if (sort, descending) != (model.sort_key, model.descending):
            model.set_sort(sort, descending)
        else:
            model.refresh()
        wait_for(model, 1)
        return model, time.perf_counter() - start

    cold_model, cold = open_list()
    opens = [open_list()[1] for _ in range(OPENS)]
    by_name = [open_list("applicant_name", False)[1] for _ in range(3)]

    def scroll(model, n: int, done: int) -> list[float]:
        out = []
        for i in range(n):
            start = time.perf_counter()
            model.fetchMore()
            wait_for(model, done + i + 1)
            out.append(time.perf_counter() - start)
        return out

    scrolls = scroll(cold_model, SCROLLS, 1)
    # Then as the desk has it: the list in a table view on screen, scrolled further.
    view = QTableView()
    view.setModel(cold_model)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    with_view = scroll(cold_model, 10, 1 + SCROLLS)
    app.processEvents()
    rss = psutil.Process().memory_info().rss
    rows = cold_model.rowCount()
    runner.shutdown()
    ctx.close()
    return {
        "open_cold_ms": cold * 1000,
        "open": summary(opens),
        "open_sorted_by_name": summary(by_name),
        "scroll": summary(scrolls),
        "scroll_with_view": summary(with_view),
        "rows_held": rows,
        "rss_mb": rss / 2**20,
    }


def run(dossiers: int = 1_000_000) -> dict:
    folder, built = ensure_database(dossiers)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "benchmark": "dossier list: open, scroll, memory",
        "database_dossiers": dossiers,
        "database": built,
        **child,
        "target": "open <= 300 ms, scroll <= 50 ms, rss <= 300 MB",
        "machine": machine(),
    }


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2])))
    else:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
        print(json.dumps(run(n), indent=2, ensure_ascii=False))
