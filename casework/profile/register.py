"""Whom the council's public register of complaints about Members names, and where it links
each decision notice (`casework publish register`).

No statute says whom such a register names. The Localism Act 2011 leaves publication to the
council's arrangements, and in Wales SI 2001/2281 reg. 9(3) requires notice to the parties,
not publication to all. What the law does fix is applied whatever the profile says
(casework.publication.entries): exempt information under Schedule 12A to the Local Government
Act 1972 is never published, and complaints about Officers are never on the register.
So the names are the council's policy, and the defaults are the narrowest (UK GDPR art.
5(1)(c), data minimisation): complainants are never named, and the Member complained about
is named only where a breach was found and the decision notice stands published, which is
what the decision notice itself already made public.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import Any

# When the Member complained about is named on the register.
SUBJECT_RULES = {
    "never": "never",
    "breach": "where a breach was found and the decision notice is published",
    "notice": "wherever a decision notice is published, whatever it decided",
}


@dataclass(frozen=True)
class RegisterRules:
    name_subject: str = "breach"
    # Even when true, a complainant whose identity was withheld (requested, granted, an anonymous
    # complaint) is never named: that decision was the Monitoring Officer's on the case.
    name_complainants: bool = False
    # The address of each published decision notice on the council's website, with {ref}; the
    # register links there, or carries the notice's text when this is not set.
    notice_url: str | None = None

    def notice_link(self, ref: str) -> str | None:
        return self.notice_url.format(ref=ref) if self.notice_url else None


def parse_register(value: Any, check) -> RegisterRules:
    """`check` is the profile's checker: each fault is one line naming the key."""
    table = check.table(value, "register")
    check.unknown(table, "register", ["name_subject", "name_complainants", "notice_url"], "key of [register]")
    subject = check.choice(table.get("name_subject", "breach"), "register.name_subject", tuple(SUBJECT_RULES))
    complainants = table.get("name_complainants", False)
    if not isinstance(complainants, bool):
        check.fail(f"register.name_complainants must be true or false (got {check.shown(complainants)})")
    url = table.get("notice_url")
    if url is not None:
        url = _notice_url(check.text(url, "register.notice_url"), check)
    return RegisterRules(subject, complainants, url)


def _notice_url(url: str, check) -> str:
    example = 'for example "https://www.example.gov.uk/standards/notices/{ref}"'
    if not url.startswith("https://") or any(c.isspace() for c in url):
        check.fail(f"register.notice_url must be an https:// address without spaces; {example}")
    try:
        fields = [f for _, f, _, _ in Formatter().parse(url) if f is not None]
    except ValueError as exc:
        check.fail(f"register.notice_url is not a valid pattern ({exc}); {example}")
    if fields != ["ref"]:
        check.fail(f"register.notice_url must name {{ref}} once, and nothing else in braces; {example}")
    return url
