"""`casework serve`: the full-screen application in a web browser, for those without a terminal."""

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on; only this machine's own unless --allow-remote.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-remote", is_flag=True,
              help="Listen where other machines can reach: anyone who can open the page acts "
                   "as the --as user, with no login.")
@click.pass_context
def serve(ctx, host, port, allow_remote):
    """Serve the application to a web browser on this machine; each tab acts as the --as user
    (default: your OS login). ctrl+c stops it."""
    from casework.serve import server as serving

    obj = ctx.obj
    with serving.listen(host, port, allow_remote) as where:
        login, role = serving.check_user(obj.ws, obj.login)
        obj.close()  # each tab opens the database for itself; the server holds nothing open
        command = serving.app_command(obj.db, login, obj.profile)

        def announce() -> None:
            click.echo(f"Serving casework for {login} ({role}) on {where.url} — ctrl+c to stop")
            if where.remote:
                click.echo(f"Anyone who can reach {where.url} acts as {login}, with no login.")

        serving.run(command, where, announce)
    click.echo("Stopped serving.")


COMMANDS = (serve,)
