"""Name normalisation: the keys the gazetteer is indexed by.

News spells the same place many ways: "Basrah", "Al Basrah", "BASRA",
"al-Basra", "Nassiriya" / "Nasiriyah", "Sāmarrā'". Two keys are kept:

* :func:`exact_key` folds case, diacritics and punctuation only. It decides
  ties: a candidate spelled exactly as the query beats a loose match.
* :func:`loose_key` additionally drops Arabic article forms and folds the
  transliteration variants that English-language news is inconsistent about
  (doubled consonants, a word-final "h" after a vowel). The index is on this
  key, so every variant above lands on the same rows.

Names in other scripts are kept as written, case-folded, with two
exceptions: Arabic-script names fold the variants that Arabic, Persian and
Urdu writers and typists mix (see :func:`fold_arabic`), and diacritics are
stripped only from Latin, Greek and Arabic letters, so "Київ" keeps its
"ї" and Japanese kana keep their voicing marks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "display_form",
    "exact_key",
    "fold_arabic",
    "loose_key",
    "strip_accents",
    "without_articles",
]

# Characters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "ʻ": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
        "‘": "",
        "’": "",
        "'": "",
        "`": "",
        "´": "",
    }
)
# Arabic-script variants that readers treat as one letter: alef forms,
# ta marbuta, alef maksura, Persian and Urdu kaf, yeh and heh, and the
# tatweel (a stretching stroke). Hamza carriers (أ إ ؤ ئ) and harakat are
# combining marks after NFKD and are stripped with the other diacritics.
_ARABIC = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0629": "\u0647",  # ta marbuta -> heh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Persian yeh -> Arabic yeh
        "\u06d2": "\u064a",  # Urdu yeh barree -> yeh
        "\u06a9": "\u0643",  # Persian keheh -> Arabic kaf
        "\u06c1": "\u0647",  # Urdu heh goal -> heh
        "\u06d5": "\u0647",  # ae (Kurdish, and ۀ after NFKD) -> heh
        "\u0640": "",  # tatweel
    }
)
# For display_form: letters NFKD leaves alone, and apostrophes made plain.
_DISPLAY = str.maketrans(
    {
        **{k: v for k, v in _SPECIAL.items() if v},
        ord("ʻ"): None,
        ord("ʼ"): None,
        ord("ʿ"): None,
        ord("ʾ"): None,
        ord("‘"): "'",
        ord("’"): "'",
        ord("ǝ"): "e",
    }
)
_LOOSE_APOSTROPHE = re.compile(r"'(?!\w)|(?<!\w)'")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Arabic definite article as transliterated in news: al-, el-, as-, ad-, ...
# Only as a separate word or hyphen-joined prefix, never inside a word.
_ARTICLE = re.compile(r"\b(?:al|el|ul|an|as|ad|ar|at|az|ash|ath|adh)\s+(?=\w{3})")
# The Arabic article is written joined to its word: "الموصل" is also "موصل".
_ARABIC_ARTICLE = re.compile(r"(?<!\w)\u0627\u0644(?=\w{3})")
_DOUBLE = re.compile(r"(\w)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")


def _folds_marks(base: str) -> bool:
    """Whether diacritics on this letter are dropped: Latin, Greek, Arabic."""
    return base < "\u0400" or "\u0600" <= base <= "\u08ff" or "\ufb50" <= base <= "\ufeff"


_HANGUL = re.compile("[\uac00-\ud7a3]+")


def strip_accents(text: str) -> str:
    """Remove diacritics, keeping the base letters ("Sāmarrā" -> "Samarra").

    Only from Latin, Greek and Arabic letters ("أريحا" -> "اريحا"); in other
    scripts a mark makes another letter (Ukrainian "ї", Japanese "ド") and
    stays.
    """
    # Lower-case first where the caller does, so 'ẞ' -> 'ß' -> 'ss' in one go.
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    if decomposed.isascii():
        return decomposed.translate(_SPECIAL)
    out = []
    kept = False
    fold = True
    for ch in decomposed:
        if unicodedata.combining(ch):
            if not fold:
                out.append(ch)
                kept = True
            continue
        fold = _folds_marks(ch)
        out.append(ch)
    text = "".join(out)
    if kept:
        # Recompose the letters a kept mark belongs to ("ї"), but leave
        # Hangul syllables decomposed, as NFKD gave them where no mark was
        # kept: one key for a name whatever marks stray into it, and the key
        # of a key is the key itself.
        text = _HANGUL.sub(
            lambda m: unicodedata.normalize("NFD", m.group()),
            unicodedata.normalize("NFC", text),
        )
    # Again after decomposing: 'ǽ' decomposes to 'æ', which needs the table.
    return text.translate(_SPECIAL)


def display_form(name: str) -> str:
    """The spelling shown to readers of English: "Rafaḩ" -> "Rafah".

    GeoNames and Natural Earth romanise with scholarly marks (ḩ, ī, ā, ş,
    ʿ) that English text does not use. A name with any letter beyond
    Latin-1 is shown without its diacritics when that leaves plain ASCII
    ("Arīḩā" -> "Ariha", "Rīga" -> "Riga", "Łódź" -> "Lodz"); a name whose
    accents are all Latin-1 ("São Paulo", "Zürich", "Bogotá") or that is in
    another script is shown as written. The key is unchanged either way.
    """
    if not any(ch > "\u00ff" and ch.isalpha() for ch in name):
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_DISPLAY))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Ayn and hamza marks go ("Karbalā’" -> "Karbala"); an apostrophe inside
    # a word stays ("Dar’ā" -> "Dar'a").
    folded = " ".join(_LOOSE_APOSTROPHE.sub("", folded.translate(_DISPLAY)).split())
    return folded if folded.isascii() and folded else name


def fold_arabic(text: str) -> str:
    """Fold Arabic-script letter variants (see ``_ARABIC``): "المَوْصِلَة" and
    "الموصله" get one key. Diacritics are left to :func:`strip_accents`."""
    return text.translate(_ARABIC)


@lru_cache(maxsize=65536)
def exact_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key.

    >>> exact_key("  Sāmarrā'  ")
    'samarra'
    >>> exact_key("St. John's")
    'st johns'
    """
    key = _key_once(name)
    # A mark kept for one letter can make Unicode recompose another next to
    # it, and dropping a symbol then changes what the next pass sees: repeat
    # until the key is its own key (plain ASCII is already).
    for _ in range(3):
        if key.isascii():
            break
        again = _key_once(key)
        if again == key:
            break
        key = again
    return key


def _key_once(name: str) -> str:
    # Lower-case before and after: NFKD turns some letters into capitals
    # (mathematical alphanumerics such as '𝚨').
    key = strip_accents(name.lower()).lower()
    if not key.isascii():
        key = fold_arabic(key)
    return _NON_WORD.sub(" ", key).strip()


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """The index key: :func:`exact_key` plus transliteration folding.

    >>> {loose_key(n) for n in ["Basrah", "Al Basrah", "BASRA", "al-Basra"]}
    {'basra'}
    >>> loose_key("Nassiriya") == loose_key("Nasiriyah")
    True
    """
    # Fold doubled letters first, so that folding cannot create a new
    # article ("all basra" -> "al basra"), then strip articles until none is
    # left ("al al basra"): the key of a key is the key itself.
    key = _DOUBLE.sub(r"\1", exact_key(name))
    while True:
        stripped = _ARTICLE.sub("", key).strip()
        # Never reduce a name to nothing: a name that *is* an article stays.
        if not stripped or stripped == key:
            break
        key = stripped
    if not key.isascii():
        key = _ARABIC_ARTICLE.sub("", key)
    return _FINAL_H.sub("", key)


def without_articles(key: str) -> str:
    """An :func:`exact_key` with its Arabic article forms dropped ("al basrah"
    -> "basrah"), as :func:`loose_key` drops them, but no other folding."""
    while True:
        stripped = _ARTICLE.sub("", key).strip()
        if not stripped or stripped == key:
            return key
        key = stripped
