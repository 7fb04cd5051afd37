"""Text compared as people mean it: "Perú", "peru" and "PERU " are one word."""

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(value: str) -> str:
    """Casefolded, accents stripped, punctuation and runs of whitespace made one space."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped).split())
