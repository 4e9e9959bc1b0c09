"""A database others can read is named as the application opens (issue 17, item 1)."""

from driving import settle

from tui.app import CaseworkApp


async def test_the_application_opens_with_the_warning_in_view(council):
    app = CaseworkApp(council, "mo", offer_demo=False)
    app.startup_warning = "/srv/casework.db can be read by every account on this machine (mode 0644)"
    shown = []
    notify = app.notify

    def seen(message, **kwargs):
        shown.append((message, kwargs.get("severity")))
        return notify(message, **kwargs)

    app.notify = seen
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    assert (app.startup_warning, "warning") in shown
