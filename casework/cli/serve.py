"""`casework serve`: the full-screen application in a web browser, for those without a terminal."""

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on; only this machine's own unless --allow-remote.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-remote", is_flag=True,
              help="Listen where other machines can reach (needs --cert and --key).")
@click.option("--allow-host", "hosts", multiple=True, metavar="NAME",
              help="A name the page is reached by from other machines (repeat for each); "
                   "requests under any other name are refused.")
@click.option("--cert", type=click.Path(dir_okay=False), metavar="FILE",
              help="Serve HTTPS with this certificate (PEM)...")
@click.option("--key", type=click.Path(dir_okay=False), metavar="FILE", help="... and its private key.")
@click.option("--trusted-header", metavar="NAME",
              help="Single sign-on: take the person from this header, set by the proxy in front "
                   "(e.g. X-Forwarded-User from oauth2-proxy)...")
@click.option("--trusted-proxy", "proxies", multiple=True, metavar="ADDRESS",
              help="... only on requests from this proxy's address (repeat for each).")
@click.option("--no-login", is_flag=True,
              help="No sign-in: every tab acts as the --as user. This machine only.")
@click.pass_context
def serve(ctx, host, port, allow_remote, hosts, cert, key, trusted_header, proxies, no_login):
    """Serve the application to a web browser: each person signs in with their own password and
    authenticator app (casework users reset LOGIN enrols them), and each tab acts as them.
    ctrl+c stops it."""
    from casework.errors import UserError
    from casework.serve import server as serving
    from casework.serve.tls import context as tls_context

    obj = ctx.obj
    ssl = tls_context(cert, key)
    trusted = serving.trusted_proxy(trusted_header, proxies, no_login)
    with serving.listen(host, port, allow_remote, tls=ssl is not None or trusted is not None,
                        login=not no_login, hosts=hosts) as where:
        if no_login:
            login, role = serving.check_user(obj.ws, obj.login)
            gate = None
        else:
            from casework.serve.logins import default_path
            from casework.serve.signin import Gate
            from casework.serve.uploads import confine_tabs

            login, role = None, None
            mode = serving.database_mode(obj.ws)
            if mode == "personal":
                raise UserError("your own database login cannot serve other people: serve with the "
                                "web role (casework_web) or the administrator's login")
            gate = Gate(obj.ws, default_path(), obj.ws.profile.council, secure=ssl is not None,
                        trusted=trusted, as_person=mode == "authenticator")
            uploads = confine_tabs()

        def command_for(person: str | None) -> str:
            return serving.app_command(obj.db, person or login or obj.login, obj.profile,
                                       set_role=gate is not None and gate.as_person)

        def announce() -> None:
            if gate is None:
                click.echo(f"Serving casework for {login} ({role}) on {where.url} — ctrl+c to stop")
            else:
                how = f"named by the proxy's {trusted[0]}" if trusted else "each person signs in"
                click.echo(f"Serving casework on {where.url}: {how} — ctrl+c to stop")
                click.echo(f"Papers attached from a browser come from {uploads}")

        serving.run(command_for, where, announce, gate, hosts, ssl)
    click.echo("Stopped serving.")


COMMANDS = (serve,)
