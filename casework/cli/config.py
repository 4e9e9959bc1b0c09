"""The user's own settings file: where it is, what it sets, whether it is right."""

import click


@click.group("config")
def config_group():
    """Your settings file: database, user, profile, theme, mail server."""


@config_group.command("path")
def config_path():
    """Where the settings file is (CASEWORK_CONFIG names another)."""
    from casework.config import path

    click.echo(str(path()))


@config_group.command("show")
def config_show():
    """Each setting that is set, and whether the environment or the file sets it."""
    from casework.config import shown

    found = shown()
    for name, value, where in found:
        click.echo(f"{name:<15} {value:<40} ({where})")
    if not found:
        click.echo("nothing set; casework's defaults apply (casework config path says where a file would go)")


@config_group.command("check")
def config_check():
    """Check the settings file, naming the line of anything wrong."""
    from casework.config import load, path

    data = load()
    file = path()
    if not file.exists():
        click.echo(f"{file}: no settings file; casework's defaults apply")
        return
    theme = data.get("theme")
    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:
            from casework.errors import UserError

            raise UserError(f"{file}: theme {theme!r} is not a theme; use one of: "
                            + ", ".join(sorted(BUILTIN_THEMES)))
    click.echo(f"{file}: good ({len(data)} setting{'s' if len(data) != 1 else ''})")


COMMANDS = (config_group,)
