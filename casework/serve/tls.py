"""HTTPS for the browser view: the certificate and key a council's IT gives the server."""

import ssl

from casework.errors import UserError
from casework.outfile import user_path


def context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    if not cert and not key:
        return None
    if not (cert and key):
        raise UserError("give --cert and --key together: the certificate and its private key")
    made = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    made.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        made.load_cert_chain(user_path(cert), user_path(key))
    except FileNotFoundError as exc:
        raise UserError(f"{exc.filename or cert}: no such file; name the certificate and key files") from None
    except (ssl.SSLError, OSError) as exc:
        raise UserError(f"--cert {cert} and --key {key} are not a certificate and its key "
                        f"({getattr(exc, 'reason', None) or exc}); give the PEM files") from None
    return made
