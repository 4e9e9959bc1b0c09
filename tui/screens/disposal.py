"""Disposing of a case's personal data from the case screen (`D`, for the Monitoring Officer and
deputies on an ended case): the same service and refusals as `casework dispose`, asked first."""

from casework.errors import UserError
from tui.screens.dialogs import Confirm


def open_disposal(screen) -> None:
    from casework.records.disposal import disposable, dispose

    ws, ref, login = screen.app.ws, screen.ref, screen.app.login
    try:
        shown = disposable(ws, ref, login)  # a held or undue case is refused before the question
    except UserError as exc:
        screen.notify(exc.message, severity="error")
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            screen.notify(f"nothing was disposed of: {shown} is as it was")
            return
        try:
            done = dispose(ws, ref, login)
        except UserError as exc:
            screen.notify(exc.message, severity="error")
            return
        screen.reload()
        screen.notify(f"{done.ref}: personal data disposed of; its certificate is kept with it "
                      f"(casework dispose {done.ref} --certificate --out FILE.pdf)")
        # The exported copies left to chase, with their paths (shown this once), and what the
        # database's administrator must still do.
        screen.notify("\n".join(done.lines()), severity="warning" if done.erased.get("exported_copies_left")
                      or done.database == "postgresql" else "information", timeout=60)

    screen.app.push_screen(Confirm(
        f"Erase the personal data of {shown}: names, notes, papers and the values beside its "
        "audit trail? Its skeleton stays for the statistics. This cannot be undone.",
        yes="Dispose", no="Keep"), answered)
