"""The Public Services Ombudsman for Wales: its name and where to reach it, in English and in
Welsh, held once for every letter that refers someone to the Ombudsman or is sent to it.

The office is the one established by the Public Services Ombudsman (Wales) Act 2005, s.1; its
Welsh name is the one the office and the Welsh text of the legislation use. The address,
telephone number and websites are the Ombudsman's own published contact details (ombudsman.wales,
ombwdsmon.cymru; the number as in its privacy notice, checked December 2026). A fact, not a
council's choice: if the office moves, change it here, once.
"""

NAME = {"en": "Public Services Ombudsman for Wales", "cy": "Ombwdsmon Gwasanaethau Cyhoeddus Cymru"}
# A Welsh place name, the same in both languages.
POSTAL = ("1 Ffordd yr Hen Gae", "Pencoed", "CF35 5LJ")
TELEPHONE = "0300 790 0203"
WEBSITE = {"en": "www.ombudsman.wales", "cy": "www.ombwdsmon.cymru"}
_SAID = {"en": ("Telephone", "Website"), "cy": ("Ffôn", "Gwefan")}


def address(language: str = "en") -> str:
    """Where to write, telephone and the website, a line each (a letter keeps short lines)."""
    phone, web = _SAID[language]
    return "\n".join((*POSTAL, f"{phone}: {TELEPHONE}", f"{web}: {WEBSITE[language]}"))


def mentions(text: str) -> bool:
    """Whether a letter's text refers to the Ombudsman, in either language."""
    low = text.casefold()
    return "ombudsman" in low or "ombwdsmon" in low
