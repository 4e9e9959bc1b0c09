"""Finding people's names in what casework holds: the requester's, to find what is about them,
and everyone else's, to take third parties out of what is given (UK GDPR Art. 15(4)).

A name is matched whole, in any case, across line breaks (text drawn from a PDF breaks lines
where the page did), with and without a title: papers say "Ann Jones" and "Cllr Jones" of "Cllr
Ann Jones". Where a title and surname could be the requester's or another's, it is taken as the
requester's.
"""

import re

TITLES = ("cllr", "councillor", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
          "dame")
WITHHELD = "[withheld: third party]"
_MINE = "\x00{}\x00"  # stands in for the requester's own name while others' are taken out


# The titles papers put before a surname alone ("Cllr Jones", "Mr Smith").
SURNAME_TITLES = ("Cllr", "Councillor", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")


def variants(name: str) -> list[str]:
    """The name, the name without its titles, and its surname after each title: "Cllr Ann
    Jones", "Ann Jones", "Cllr Jones", "Mrs Jones"..."""
    words = name.split()
    while len(words) > 2 and words[0].rstrip(".").casefold() in TITLES:
        words = words[1:]
    out = [name]
    if " ".join(words).casefold() != " ".join(name.split()).casefold():
        out.append(" ".join(words))
    if len(words) > 1:
        out += [f"{title} {words[-1]}" for title in SURNAME_TITLES]
    return out


def _pattern(names: list[str]) -> re.Pattern | None:
    if not names:
        return None
    # Longest first, so "Cllr Tom Price" is taken whole before "Tom Price" is tried.
    alts = [r"\s+".join(re.escape(w) for w in n.split())
            for n in sorted(set(names), key=lambda n: (-len(n), n))]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


class Names:
    """The requester's names, and every third party's by the name that stands for them."""

    def __init__(self, mine: list[str], others: dict[str, list[str]]):
        own = {v.casefold() for n in mine for v in variants(n)}
        self._mine = _pattern([v for n in mine for v in variants(n)])
        self._who: dict[str, str] = {}
        for label, names in others.items():
            for n in names:
                for v in variants(n):
                    # A third party's bare name that is also the requester's stays the requester's.
                    if v.casefold() not in own:
                        self._who.setdefault(" ".join(v.split()).casefold(), label)
        self._others = _pattern(list(self._who))

    def about_requester(self, text: str) -> bool:
        return bool(self._mine and self._mine.search(text))

    def third_parties(self, text: str) -> list[str]:
        """Whom the text names, besides the requester, by their register names."""
        if self._others is None:
            return []
        masked = self._masked(text)[0]
        return sorted({self._label(m.group(0)) for m in self._others.finditer(masked)})

    def redact(self, text: str) -> tuple[str, int]:
        """The text with every third party's name withheld, and how many were."""
        if self._others is None:
            return text, 0
        masked, kept = self._masked(text)
        done, n = self._others.subn(WITHHELD, masked)
        for i, own in enumerate(kept):
            done = done.replace(_MINE.format(i), own)
        return done, n

    def _masked(self, text: str) -> tuple[str, list[str]]:
        kept: list[str] = []
        if self._mine is None:
            return text, kept

        def hold(m: re.Match) -> str:
            kept.append(m.group(0))
            return _MINE.format(len(kept) - 1)

        return self._mine.sub(hold, text), kept

    def _label(self, found: str) -> str:
        return self._who[" ".join(found.split()).casefold()]
