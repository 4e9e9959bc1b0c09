"""The browser view's own pages: signing in, enrolling (password and authenticator app), signed
out. Plain HTML from Jinja2 with autoescaping, no script, nothing fetched from elsewhere."""

import jinja2
import segno
from markupsafe import Markup

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

# The pages run no script and load nothing; the application's page has its own policy (web.py).
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'")

_PAGE = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · casework</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1d2329; margin: 0; }
main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 6px;
       box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } .council { color: #555; margin: 0 0 1.5rem; }
label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #1f5fa8; color: #fff;
         border: 0; border-radius: 4px; cursor: pointer; }
.said { background: #fdecea; color: #8a1c12; padding: .75rem; border-radius: 4px; }
.done { background: #e8f5e9; color: #1b5e20; padding: .75rem; border-radius: 4px; }
.secret { font-family: monospace; word-break: break-all; } svg { display: block; margin: 1rem auto; }
</style></head>
<body><main><h1>{{ title }}</h1><p class="council">casework · {{ council }}</p>
{% if said %}<p class="said" role="alert">{{ said }}</p>{% endif %}
{% if done %}<p class="done" role="status">{{ done }}</p>{% endif %}
{{ body }}</main></body></html>""")

_SIGN_IN = _ENV.from_string("""<form method="post" action="/signin">
<label for="login">Login</label><input id="login" name="login" autocomplete="username" required value="{{ login }}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<label for="code">Code from your authenticator app</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Sign in</button></form>
<p>First time here? <a href="/enrol">Set your password</a> with the one-time code the Monitoring Officer gave you.</p>""")

_ENROL = _ENV.from_string("""<form method="post" action="/enrol">
<label for="login">Login</label><input id="login" name="login" autocomplete="username" required value="{{ login }}">
<label for="code">One-time code from the Monitoring Officer</label><input id="code" name="code" required>
<label for="password">Choose a password (at least 12 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required>
<label for="again">The same password again</label><input id="again" name="again" type="password" autocomplete="new-password" required>
<button type="submit">Next</button></form>""")

_SCAN = _ENV.from_string("""<p>Scan this with your authenticator app (Microsoft Authenticator, Google Authenticator,
or any TOTP app). It is shown only now.</p>{{ qr }}
<p>Or type this key into the app: <span class="secret">{{ secret }}</span></p>
<form method="post" action="/enrol/confirm"><input type="hidden" name="token" value="{{ token }}">
<label for="totp">The six digits the app shows now</label><input id="totp" name="totp" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Finish</button></form>""")


def page(title: str, council: str, body: Markup, said: str = "", done: str = "") -> str:
    # casework's refusals are written to follow "casework: "; on a page they begin a sentence.
    return _PAGE.render(title=title, council=council, body=body, said=said[:1].upper() + said[1:],
                        done=done)


def sign_in(council: str, said: str = "", done: str = "", login: str = "") -> str:
    return page("Sign in", council, Markup(_SIGN_IN.render(login=login)), said, done)


def enrol(council: str, said: str = "", login: str = "") -> str:
    return page("Set your password", council, Markup(_ENROL.render(login=login)), said)


def scan(council: str, uri: str, secret: str, token: str, said: str = "") -> str:
    # segno writes the code as SVG markup of its own making, not from anything typed.
    qr = Markup(segno.make(uri, error="m").svg_inline(scale=5, border=2))
    return page("Your authenticator app", council,
                Markup(_SCAN.render(qr=qr, secret=secret, token=token)), said)

