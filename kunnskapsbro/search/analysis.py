"""Norwegian text analysis for search: the same terms for the index and for the query.

The database does not analyse text. Both backends (SQLite FTS5 and PostgreSQL with the
``simple`` configuration) only split our already-analysed, space-separated terms and match
them, so a word is found on SQLite exactly when it is found on PostgreSQL. PostgreSQL's own
``norwegian`` configuration would stem differently from what SQLite can do, knows no nynorsk
spellings and does not split compounds.

A text goes through these steps, in this order:

1. **Normalise.** Unicode NFC, case-folded; accents are removed (``idé`` → ``ide``) except on
   the Norwegian letters æ, ø and å, which are letters of their own. Swedish/German ``ä``/``ö``
   become ``æ``/``ø``.
2. **Tokenise** on anything that is not a letter or digit. One-letter tokens and tokens longer
   than :data:`MAX_TOKEN_LENGTH` are dropped.
3. **Stop words** (bokmål, nynorsk and English; small lists below) are dropped.
4. **Spelling variants** are folded to one spelling by :data:`SPELLING_VARIANTS` (nynorsk and
   alternative bokmål forms: ``ferje`` → ``ferge``, ``skule`` → ``skole``, ``sjukeheim`` →
   ``sykehjem``). The table is applied to substrings, so it also reaches the variant inside a
   compound (``byferja`` → ``byferga``).
5. **Stem** with the Snowball Norwegian stemmer, then undo the doubled final ``m`` that
   Norwegian spelling adds before an ending (``sykehjemmet`` → ``sykehjemm`` → ``sykehjem``).
   Snowball is Martin Porter's family of suffix-stripping stemmers: a word loses the longest
   inflectional ending found in its "R1" region, so ``kommunene`` and nynorsk ``kommunane``
   both become ``kommun``. The English Snowball stem is added when it differs, so English
   titles and summaries are found by English words (``ferry`` and ``ferries`` → ``ferri``).
   (An English stem that only extends the Norwegian one is left out: it adds nothing.)
6. **Split compounds.** Norwegian writes compounds as one word (``sykehjemsprosjektet``), so a
   search for the second part would otherwise miss them. Like the dictionary-based
   decompounders used by search engines for Germanic languages, we look the word up in a
   lexicon of known words (``data/lexicon.txt``): if it can be cut into known words, optionally
   joined by the linking letters ``-s-`` or ``-e-`` (``sykehjem·s·prosjektet``,
   ``folk·e·helse``), the stems of the parts are emitted beside the stem of the whole. Only
   the last part carries the inflection, so the whole is stemmed through it
   (``folkehelse`` → ``folkehels``). The longest known first part wins, a word whose stem is
   itself a lexicon entry is not split (``sykehjemmet`` stays ``sykehjem``), and a cut is only
   made when every piece is known, which keeps false splits rare.

Matching (see ``search.backends``): a query term matches any indexed term that *starts with*
it (``skol`` matches ``skolestart``); terms shorter than :data:`MIN_PREFIX_LENGTH` must match
exactly. Each query word becomes a group of alternatives (its stems and compound parts, any one
of which may match: ``sykehjemsbeboere`` finds a text about ``sykehjem``); all groups must match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

MAX_TOKEN_LENGTH = 60
# Prefix matching on one- or two-letter stems ("by*") would match a large part of the index.
MIN_PREFIX_LENGTH = 3
# Only words at least this long are tried as compounds; shorter ones are almost never compounds.
MIN_COMPOUND_LENGTH = 6
LINKING_LETTERS = ("", "s", "e")

# Bokmål and nynorsk function words (after the Snowball Norwegian list, trimmed of words that
# are also meaningful nouns here) and a short English list. Applied to normalised tokens.
NORWEGIAN_STOP_WORDS = frozenset(
    """
    og i jeg det at en et ett den til er som på de med han av ikke ikkje der så var meg seg men
    har om vi min mitt ha hadde hun nå over da ved fra du ut sin sitt sine dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være vært
    noen noe ville dere deres kun ja etter ned skulle denne deg si mot å meget hvorfor dette disse
    uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår vårt våre hver
    hvem hvis både bare enn fordi før også slik begge siden mer mest mye dens dets hennes henne
    dykk dykkar dei deira deim di då eg ein eit elles ho hjå ingi inkje korleis kva kvar kven
    kvifor me medan mi mine mykje nokon noka nokre noko sidan somme um upp vere vore verte vart
    """.split()
)
ENGLISH_STOP_WORDS = frozenset(
    """
    the a an and or of to in on at for with from is are was were be been being this that these
    those it its as not no but we our us their they them which who whom how what when where
    into than then there also can will would should has have had do does did such via about
    """.split()
)
STOP_WORDS = NORWEGIAN_STOP_WORDS | ENGLISH_STOP_WORDS

# Spelling variants folded to one form before stemming: nynorsk → bokmål and alternative
# bokmål spellings → the one in the lexicon. Keys are replaced wherever they occur in a token,
# so they reach inflected forms and compounds alike ("ferj" covers ferje, ferja, ferjene,
# ferjesamband, byferje). Because the same folding runs on the index and on the query, a key
# that also occurs inside an unrelated word only changes how that word is spelled internally,
# never what it matches; still, keep keys at least four letters long.
SPELLING_VARIANTS = {
    "ferj": "ferg",  # ferje/ferja/ferjer/ferjene ~ ferge/ferga/ferger/fergene
    "høgskule": "høyskole",
    "høgskol": "høyskol",
    "skule": "skole",  # nn skule, grunnskule
    "sjuk": "syk",  # nn sjuk, sjukehus, sjukepleiar
    "heim": "hjem",  # nn heim, sjukeheim, heimeteneste
    "teneste": "tjeneste",  # nn teneste, helsetenester
    "verksemd": "virksomhet",
    "kyrkje": "kirke",
    "kvardag": "hverdag",  # kvardagsrehabilitering
    "pleiar": "pleier",
    "lærar": "lærer",
    "forskar": "forsker",
    "brukar": "bruker",
    "innbyggjar": "innbygger",
    "innbyggar": "innbygger",
    "medverknad": "medvirkning",
    "verknad": "virkning",
    "berekraft": "bærekraft",
    "busetjing": "bosetting",
    "bustad": "bolig",
    "ikkje": "ikke",
}
_VARIANT_RE = re.compile(
    "|".join(re.escape(key) for key in sorted(SPELLING_VARIANTS, key=len, reverse=True))
)

_TOKEN_RE = re.compile(r"[^\W_]+")
_KEEP_AS_IS = frozenset("æøå")
_FOREIGN_LETTERS = str.maketrans({"ä": "æ", "ö": "ø"})

_norwegian = snowballstemmer.stemmer("norwegian")
_english = snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """Case-fold and strip accents, keeping æ, ø and å."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOREIGN_LETTERS)
    if text.isascii():
        return text
    out = []
    for char in text:
        if char.isascii() or char in _KEEP_AS_IS:
            out.append(char)
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def tokenize(text: str) -> list[str]:
    """Words of ``text`` after normalisation, without stop words."""
    return [
        token
        for token in _TOKEN_RE.findall(normalize(text))
        if (len(token) > 1 or token.isdigit())
        and len(token) <= MAX_TOKEN_LENGTH
        and token not in STOP_WORDS
    ]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    stem = _norwegian.stemWord(word)
    # Words ending in -m double it before an ending (hjem → hjemmet); Snowball keeps "mm".
    if stem.endswith("mm"):
        stem = stem[:-1]
    return stem


def _load_lexicon() -> dict[str, str]:
    """Map each lexicon word and its stem to the stem that compound parts are emitted as."""
    path = Path(__file__).with_name("data") / "lexicon.txt"
    forms: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        word = _VARIANT_RE.sub(lambda m: SPELLING_VARIANTS[m.group(0)], normalize(word))
        stem = _stem(word)
        forms.setdefault(word, stem)
        forms.setdefault(stem, stem)
    return forms


LEXICON = _load_lexicon()


def _split(word: str, depth: int = 0) -> list[str] | None:
    """Cut ``word`` into known words, longest first part first: the modifiers as written and
    the inflected last part (``sykehjemsprosjektet`` → ``sykehjem``, ``prosjektet``)."""
    for cut in range(len(word) - 2, 1, -1):
        head = word[:cut]
        if head not in LEXICON:
            continue
        rest = word[cut:]
        for link in LINKING_LETTERS:
            if not rest.startswith(link):
                continue
            tail = rest[len(link) :]
            if len(tail) < 2:
                continue
            if _stem(tail) in LEXICON:
                return [head, tail]
            if depth < 2 and (parts := _split(tail, depth + 1)):
                return [head, *parts]
    return None


@lru_cache(maxsize=100_000)
def token_terms(token: str) -> tuple[str, ...]:
    """Terms for one normalised token: its stem, English stem and compound parts."""
    word = _VARIANT_RE.sub(lambda m: SPELLING_VARIANTS[m.group(0)], token)
    stem = _stem(word)
    parts: list[str] = []
    if len(word) >= MIN_COMPOUND_LENGTH and stem not in LEXICON and (pieces := _split(word)):
        # Stem a compound by its last part: Snowball, seeing the whole long word, can strip
        # more than it would from the last part alone (folkehelse → folkeh, but helse → hels).
        last = _stem(pieces[-1])
        stem = word[: len(word) - len(pieces[-1])] + last
        parts = [LEXICON[piece] for piece in pieces[:-1]] + [LEXICON.get(last, last)]
    terms = [stem]
    # Words with æ, ø or å are not English. An English stem that merely extends the Norwegian
    # one adds nothing to prefix matching.
    if word.isascii() and not (english := _english.stemWord(word)).startswith(stem):
        terms.append(english)
    terms.extend(part for part in dict.fromkeys(parts) if part not in terms)
    return tuple(terms)


def index_terms(text: str) -> list[str]:
    """All terms to index for ``text``, in order, repeated as often as they occur."""
    return [term for token in tokenize(text) for term in token_terms(token)]


def query_groups(q: str) -> list[list[str]]:
    """One group of alternative terms per query word; a document must match every group."""
    groups: list[list[str]] = []
    for token in dict.fromkeys(tokenize(q)):
        group = list(token_terms(token))
        if group not in groups:
            groups.append(group)
    return groups


def query_terms(q: str) -> list[str]:
    """The distinct terms of a query (flattened :func:`query_groups`)."""
    return list(dict.fromkeys(term for group in query_groups(q) for term in group))
