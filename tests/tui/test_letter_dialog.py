"""Letters from the case screen (`l`): the Monitoring Officer picks the notice to the subject
member, reads it as it will go, and issues it; the case's papers show it filed; a letter that
needs what only the person issuing it knows says so in the preview and is not filed."""

from driving import settle, type_text
from textual.widgets import Select

from casework.cases.opening import open_case
from casework.cases.views import show_case
from tui.app import CaseworkApp


def _preview(app) -> str:
    return str(app.screen.query_one("#preview").render())


async def _open_letters(app, pilot, ref):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen.ref == ref
    await pilot.press("l")
    await settle(pilot)


async def test_the_monitoring_officer_previews_and_issues_a_letter(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at an officer in the planning meeting", "2026-11-02")
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_letters(app, pilot, ref)
        which = app.screen.query_one("#which", Select)
        labels = [label for _, _, label in app.screen.choices]  # what the list offers
        assert any("Notice of the complaint" in label for label in labels)
        assert not any("disciplinary" in label for label in labels)  # the officer route's are not offered
        which.value = "subject-notice:subject"
        await settle(pilot)
        shown = _preview(app)
        assert "Dear Cllr Ann Jones" in shown and "Shouted at an officer" in shown
        assert "4 December 2026" in shown  # comments by: ten working days from Friday 20 November
        which.value = "hearing-notice:subject"
        await settle(pilot)
        assert "Not ready to issue" in _preview(app) and "--text" in _preview(app)
        app.screen.query_one("#text").focus()
        await type_text(pilot, "On 14 January 2027 at 10am in Committee Room 2.")
        await settle(pilot)
        assert "Committee Room 2" in _preview(app)
        which.value = "subject-notice:subject"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.ref == ref  # back on the case
        docs = str(app.screen.query_one("#docs").get_row_at(0))
        assert f"{ref}-subject-notice-subject-2026-11-20.pdf" in docs
    [doc] = show_case(council, ref, "mo")["documents"]
    assert doc["section"] == "subject-notice" and doc["filename"].endswith(".pdf")


async def test_the_letter_key_is_only_for_those_who_may_file(council):
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02",
                    confidential=False)
    app = CaseworkApp(council, "view", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.ref == ref
        assert app.screen.check_action("letter", ()) is False
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.ref == ref  # no dialog opened


async def test_the_queue_counts_letters_not_sent(council, monkeypatch):
    from casework.letters.issue import issue_letter
    from casework.letters.pending import unsent_count
    from casework.people.addresses import set_person_email

    for name, value in {"CASEWORK_SMTP_HOST": "127.0.0.1", "CASEWORK_SMTP_PORT": "1",
                        "CASEWORK_SMTP_SECURITY": "none",
                        "CASEWORK_SMTP_FROM": "standards@example.gov.uk"}.items():
        monkeypatch.setenv(name, value)  # a server nobody runs: the letter is filed, not sent
    ref = open_case(council, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-02",
                    confidential=True)
    set_person_email(council, "mo", "Bob Smith", "bob@example.gov.uk")
    assert issue_letter(council, ref, "acknowledgement", "mo", send=True).not_sent
    assert unsent_count(council, "mo") == 1
    assert unsent_count(council, "view") == 0  # a restricted case the viewer cannot see
    app = CaseworkApp(council, "mo", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for _ in range(100):  # counted in the background
            if "1 letter not sent" in str(app.screen.query_one("#status").render()):
                break
            await pilot.pause(0.02)
        assert "1 letter not sent" in str(app.screen.query_one("#status").render())
