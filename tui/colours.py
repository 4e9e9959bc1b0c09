"""Colours from the theme the person chose ($error, $warning, $success, $accent...), never fixed
ones, so a light theme is as readable as a dark one."""

# A case's stages, told apart in the stage bar; in the theme's own colours, in this order.
STAGE_TONES = ("primary", "success", "warning", "secondary", "accent", "primary-lighten-2")


def tone(app, name: str) -> str:
    """The theme's colour `name` (a CSS variable without its $), for a Rich style."""
    return app.get_css_variables()[name]


def tones(app, *names: str) -> dict[str, str]:
    """Worked out once a theme: Textual derives every variable of the theme on each call (about
    a millisecond), and the queue asks on every keystroke's page."""
    kept = vars(app).setdefault("casework_tones", {})
    key = (app.theme, names)
    if key not in kept:
        variables = app.get_css_variables()
        kept[key] = {name: variables[name] for name in names}
    return kept[key]
