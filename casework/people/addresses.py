"""Email addresses of people in the register and of users, where casework sends letters."""

from email.errors import HeaderParseError
from email.headerregistry import Address

from sqlmodel import Session, select

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.errors import NotFound, UserError, has_bidi_control, has_control, quote
from casework.people.directory import find_person
from casework.transaction import write
from casework.workspace import Workspace
from db.models import User


def clean_address(text: str) -> str:
    """One plain address, as name@example.gov.uk; refused in one line otherwise."""
    given = (text or "").strip()
    try:
        address = Address(addr_spec=given)
    except (HeaderParseError, ValueError, IndexError):
        address = None
    if (address is None or not address.username or "." not in address.domain or has_control(given)
            or has_bidi_control(given) or " " in given or len(given) > 254):
        raise UserError(f"{quote(given[:80])} is not an email address; write it as name@example.gov.uk")
    return address.addr_spec


def set_person_email(ws: Workspace, login: str, name: str, address: str) -> str:
    address = clean_address(address)

    def change(s: Session) -> str:
        require(acting_user(s, login), "people", "change the register")
        person = find_person(s, name, "NAME")
        person.email = address
        s.add(person)
        # The trail says whose address changed, not the address itself.
        audit.append(s, login, "person-email", None, None, None, {"person_id": person.id})
        return person.name

    return write(ws.engine, change)


LANGUAGES = {"cy": "Welsh", "en": "English"}


def set_person_language(ws: Workspace, login: str, name: str, language: str) -> str:
    """The language NAME asked for their letters in; Welsh ones come with English beside them."""
    language = (language or "").strip().lower()
    if language not in LANGUAGES:
        raise UserError(f"{quote(language)} is not a language casework writes letters in; use cy "
                        "(Welsh) or en (English)")

    def change(s: Session) -> str:
        require(acting_user(s, login), "people", "change the register")
        person = find_person(s, name, "NAME")
        person.language = None if language == "en" else language
        s.add(person)
        audit.append(s, login, "person-language", None, None, None,
                     {"person_id": person.id, "language": language})
        return person.name

    return write(ws.engine, change)


def set_user_email(ws: Workspace, login: str, who: str, address: str) -> str:
    address = clean_address(address)

    def change(s: Session) -> str:
        require(acting_user(s, login), "users", "change users")
        user = s.execute(select(User).where(User.login == who)).scalar_one_or_none()
        if user is None:
            raise NotFound(f"no user {quote(who)}; casework users list shows who there is")
        user.email = address
        s.add(user)
        audit.append(s, login, "user-email", None, None, None, {"user_id": user.id})
        return user.login

    return write(ws.engine, change)
