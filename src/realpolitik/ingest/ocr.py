"""OCR repair of a body or heading segment, with a map back to the original offsets.

:func:`repair_span` reads ``text[start:end]`` and returns a :class:`RepairedText`:
the repaired string, ``offsets`` (for each repaired character, its index in the
original ``text``) and the :class:`~realpolitik.records.Repair` records, whose spans
index the original ``text``. The steps, in order:

1. line joins: a white space run (newlines included) becomes one space, leading and
   trailing white space is dropped (mapped, not recorded);
2. hyphens at line breaks: a word broken across lines is joined ("gradu-\\nally"),
   a real hyphen is kept without a space ("U.S.-\\nChina", "anti-\\nRussian");
3. word fixes: a lowercase token the dictionary does not know, one edit (preferably an
   OCR confusion such as rn/m, cl/d, p/g) away from a single frequent word;
4. acronyms: an unknown all-caps token one OCR confusion away from exactly one known
   acronym ("JSDI" -> "JSDF");
5. lost punctuation: compounds that always take a hyphen ("so called") and a lost dash
   between two actor names before a relation noun ("US Japan alliance").

The word lists are data files in ``realpolitik/ingest/data``. The dictionary is
``wordfreq``'s English list, loaded on first use and cached.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from realpolitik.records import Repair

#: A source of actor name forms: lowercased names, short names, adjectives, capitals.
SurfaceForms = Callable[[], frozenset[str]]

_DATA = "realpolitik.ingest.data"

# --- data -------------------------------------------------------------------------------


@cache
def _data_lines(name: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of a data file."""
    raw = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    lines = (line.strip() for line in raw.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def _confusions() -> dict[str, frozenset[str]]:
    """OCR confusions, both directions: printed string -> strings the OCR may read."""
    pairs: dict[str, set[str]] = {}
    for line in _data_lines("ocr_confusions.tsv"):
        left, right = line.split("\t")
        pairs.setdefault(left, set()).add(right)
        pairs.setdefault(right, set()).add(left)
    return {key: frozenset(value) for key, value in pairs.items()}


@cache
def _acronyms() -> frozenset[str]:
    return frozenset(_data_lines("acronyms.txt"))


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(_data_lines("hyphen_prefixes.txt"))


@cache
def _compounds() -> re.Pattern[str]:
    words = sorted(_data_lines("hyphenated_compounds.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", " ") for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@cache
def _compound_blockers() -> frozenset[str]:
    return frozenset(_data_lines("compound_blockers.txt"))


@cache
def _relation_nouns() -> frozenset[str]:
    return frozenset(_data_lines("relation_nouns.txt"))


@cache
def _relation_modifiers() -> frozenset[str]:
    return frozenset(_data_lines("relation_modifiers.txt"))


@cache
def _frequencies() -> dict[str, float]:
    """wordfreq's English word list as word -> frequency (loaded once, ~0.3 s)."""
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("en", wordlist="best"))


def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` (log10 per billion words); 0.0 when unknown."""
    frequency = _frequencies().get(word.lower())
    return math.log10(frequency * 1e9) if frequency else 0.0


@cache
def fallback_surface_forms() -> frozenset[str]:
    """Actor name forms without the registry: pycountry names plus a data list."""
    import pycountry

    forms: set[str] = {line.lower() for line in _data_lines("demonyms.txt")}
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value and "(" not in value:
                forms.add(value.lower())
    return frozenset(forms)


@cache
def _registry_forms() -> SurfaceForms:
    """The actor registry's ``surface_forms`` when the registry exists, else the fallback."""
    try:
        from realpolitik.actors.registry import surface_forms
    except ImportError:
        return fallback_surface_forms
    return surface_forms


def default_surface_forms() -> frozenset[str]:
    """The actor registry's surface forms, or :func:`fallback_surface_forms`."""
    return _registry_forms()()


# --- result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RepairedText:
    """A repaired span of a document and the map back to the original text.

    ``offsets[i]`` is the index in the original document text of repaired character
    ``i``; ``offsets[len(text)]`` is the end of the original span. Offsets never
    decrease.
    """

    text: str
    offsets: list[int]
    repairs: list[Repair]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span ``[a, b)`` of the repaired span ``[start, end)``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside 0..{len(self.text)}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


# --- step 1 and 2: white space and line-break hyphens ---------------------------------

_HYPHENS = "-\u2010\u00ad\u00ac"  # hyphen-minus, hyphen, soft hyphen, OCR's "not" sign
_SOFT = "\u00ad\u00ac"
_DASHES = "\u2011\u2012\u2013\u2014\u2015"
_LAYOUT = re.compile(
    rf"(?P<hyphen>[{_HYPHENS}{_DASHES}])[ \t]*(?:\r\n|\r|\n)[ \t]*(?=\S)"
    r"|(?P<space>\s{2,}|[^\S ])"  # a single space stays as it is
    r"|(?P<soft>\u00ad)"
)
_COMMON = 4.0  # Zipf: a common word ("prevent", "something")
_WORD = 3.0  # Zipf: a word in its own right


class _Builder:
    """Repaired text under construction, each character with its original offset."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, chunk: str, first: int) -> None:
        self.chars.append(chunk)
        self.offsets.extend(range(first, first + len(chunk)))

    def add_mapped(self, chunk: str, original: Sequence[int]) -> None:
        """``chunk`` replacing original characters ``original`` (any lengths)."""
        self.chars.append(chunk)
        if not chunk:
            return
        if len(chunk) == len(original):
            self.offsets.extend(original)
            return
        last = len(chunk) - 1
        for i in range(len(chunk)):
            # spread the new characters over the old ones, last onto last
            j = i * (len(original) - 1) // last if last else 0
            self.offsets.append(original[j])

    def text(self) -> str:
        return "".join(self.chars)


def _alpha_before(text: str, index: int, floor: int) -> int:
    """Start of the run of letters that ends at ``index``."""
    while index > floor and text[index - 1].isalpha():
        index -= 1
    return index


def _alpha_after(text: str, index: int, ceiling: int) -> int:
    """End of the run of letters that starts at ``index``."""
    while index < ceiling and text[index].isalpha():
        index += 1
    return index


def _keep_hyphen(left: str, right: str) -> bool:
    """Whether a hyphen at a line break between ``left`` and ``right`` is a real one."""
    if not left or not right or not right[0].islower():
        return True  # "U.S.-China", "anti-Russian", "F-\n35", "-\n(": a real hyphen
    lower_left = left.lower()
    joined = lower_left + right
    if zipf(joined) >= _COMMON:
        return False  # "pre-\nvent", "some-\nthing": a common word broken at a syllable
    if lower_left in _prefixes():
        return True  # "anti-\nwar", "non-\nproliferation"
    # "long-\nterm": both halves words; "gradu-\nally", "jeong-\nchaek": a broken word
    return zipf(lower_left) >= _WORD and zipf(right) >= _WORD


def _layout(text: str, start: int, end: int, repairs: list[Repair]) -> tuple[str, list[int]]:
    """Steps 1 and 2: fold white space, resolve hyphens at line breaks."""
    out = _Builder()
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    position = start
    for match in _LAYOUT.finditer(text, start, stop):
        out.add(text[position : match.start()], position)
        position = match.end()
        if match.lastgroup == "space":
            out.add(" ", match.start())
            continue
        if match.lastgroup == "soft":
            continue
        mark = match.start()
        hyphen = text[mark]
        free_standing = mark == start or text[mark - 1].isspace()
        if hyphen in _DASHES or free_standing:
            out.add(hyphen, mark)  # a dash at a line end: a space after it only if before
            if free_standing:
                out.add(" ", mark + 1)
            continue
        left_start = _alpha_before(text, mark, start)
        right_end = _alpha_after(text, match.end(), stop)
        left, right = text[left_start:mark], text[match.end() : right_end]
        keep = hyphen not in _SOFT and _keep_hyphen(left, right)
        if keep:
            out.add(hyphen, mark)
        word_start = left_start
        while word_start > start and not text[word_start - 1].isspace():
            word_start -= 1
        before = text[word_start:right_end]
        after = text[word_start:mark] + (hyphen if keep else "") + right
        repairs.append(Repair(word_start, right_end, before, after, kind="dehyphenation"))
    out.add(text[position:stop], position)
    return out.text(), out.offsets


# --- step 3 and 4: words and acronyms -------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:[01][^\W\d_]+)?")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_MIN_LENGTH = 4
_TARGET = 3.0  # Zipf a correction must reach
_GENERAL_TARGET = 3.5  # ... when the edit is not an OCR confusion
_MARGIN = 1.0  # Zipf lead of the best candidate over the next
_RARE = 1.8  # a known token this rare may still be an OCR error ...
_RARE_TARGET = 5.0  # ... of a very common word, through an OCR confusion
_URLISH = re.compile(r"[/\\@_:.]\w")


def _ocr_candidates(word: str) -> set[str]:
    """Strings one OCR confusion away from ``word`` (the printed forms it may stand for)."""
    found: set[str] = set()
    confusions = _confusions()
    for read, printed_forms in confusions.items():
        at = word.find(read)
        while at >= 0:
            for printed in printed_forms:
                found.add(word[:at] + printed + word[at + len(read) :])
            at = word.find(read, at + 1)
    found.discard(word)
    return found


def _edit_candidates(word: str) -> set[str]:
    """Strings one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    found.discard(word)
    return found


def _best(candidates: Iterable[str], target: float) -> str | None:
    """The single candidate at or above ``target`` that clearly leads the others."""
    scored = sorted(((zipf(c), c) for c in candidates), reverse=True)
    scored = [(score, c) for score, c in scored if score > 0]
    if not scored or scored[0][0] < target:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MARGIN:
        return None
    return scored[0][1]


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str | None:
    """The correction of a lowercase token, or ``None`` to leave it as it is."""
    if len(word) < _MIN_LENGTH or not word.isascii():
        return None
    plain = word.replace("0", "o").replace("1", "l")
    if plain != word:
        return plain if zipf(plain) >= _TARGET else None
    if not word.isalpha() or not word.islower():
        return None
    score = zipf(word)
    if score >= _RARE:
        return None
    ocr = _best(_ocr_candidates(word), _RARE_TARGET if score else _TARGET)
    if ocr is not None or score:
        return ocr
    # not OCR-plausible: only a single frequent word one edit away, nothing else near
    return _best(_edit_candidates(word), _GENERAL_TARGET)


@lru_cache(maxsize=1024)
def correct_acronym(token: str) -> str | None:
    """The known acronym an unknown all-caps token is one OCR confusion from, if single."""
    known = _acronyms()
    if token in known or not 3 <= len(token) <= 6 or sum(c.isalpha() for c in token) < 2:
        return None
    if zipf(token) >= _WORD and token.isalpha():
        return None  # a word in capitals ("PART", "WAR")
    matches = {c for c in _ocr_candidates(token) if c in known}
    return matches.pop() if len(matches) == 1 else None


_ACRONYM = re.compile(r"(?<![\w.-])[A-Z0-9]{3,6}(?![\w-])")


def _word_edits(folded: str) -> list[tuple[int, int, str, str]]:
    edits: list[tuple[int, int, str, str]] = []
    for match in _TOKEN.finditer(folded):
        word = match.group()
        if not word[0].islower():
            continue
        fixed = correct_word(word)
        if fixed is None:
            continue
        a, b = match.span()
        if (a and (folded[a - 1].isdigit() or _URLISH.match(folded, a - 1))) or (
            b < len(folded) and (folded[b].isdigit() or _URLISH.match(folded, b))
        ):
            continue
        if a and folded[a - 1] in "'\u2019" or "://" in folded[max(0, a - 8) : b]:
            continue
        if not _in_name_compound(folded, a, b):
            edits.append((a, b, fixed, "word"))
    for match in _ACRONYM.finditer(folded):
        token = match.group()
        if not any(c.isalpha() for c in token) or _all_caps_context(folded, *match.span()):
            continue
        fixed = correct_acronym(token)
        if fixed is not None:
            edits.append((match.start(), match.end(), fixed, "word"))
    return edits


def _in_name_compound(folded: str, a: int, b: int) -> bool:
    """Whether the token is part of a hyphenated name ("Jeong-chaek", "Kim Jong-un")."""
    left = folded.rfind(" ", 0, a) + 1
    right = folded.find(" ", b)
    chunk = folded[left : right if right >= 0 else len(folded)]
    if "-" not in chunk:
        return False
    return any(part[:1].isupper() for part in re.split(r"[-\W]+", chunk) if part)


def _all_caps_context(folded: str, a: int, b: int) -> bool:
    """Whether the token stands in a run of capitals (a heading set in capitals)."""
    before = folded[max(0, a - 30) : a].split()
    after = folded[b : b + 30].split()
    neighbours = before[-1:] + after[:1]
    return bool(neighbours) and all(n.isupper() and len(n) > 1 for n in neighbours)


# --- step 5: lost punctuation ---------------------------------------------------------

_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'\u2019](?=[^\W\d_]))*\.?")
_CAPITALISED = re.compile(r"(?<![\w.'\u2019])[A-Z\u00c0-\u00de]")
_DASH_CHARS = set("-\u2010\u2011\u2012\u2013\u2014")


def _compound_edits(folded: str) -> list[tuple[int, int, str, str]]:
    edits: list[tuple[int, int, str, str]] = []
    blockers = _compound_blockers()
    for match in _compounds().finditer(folded):
        following = folded[match.end() :].split(maxsplit=1)
        if following and following[0].strip(".,;:").lower() in blockers:
            continue
        edits.append((match.start(), match.end(), match.group().replace(" ", "-"), "punctuation"))
    return edits


@lru_cache(maxsize=8)
def _forms_index(forms: frozenset[str]) -> dict[str, tuple[int, frozenset[tuple[str, ...]]]]:
    """First word -> (the most words in a name form that starts with it, those forms
    as word tuples)."""
    index: dict[str, set[tuple[str, ...]]] = {}
    for form in forms:
        words = tuple(form.lower().split())
        if words and len(words) <= 4:
            index.setdefault(words[0], set()).add(words)
    return {k: (max(map(len, v)), frozenset(v)) for k, v in index.items()}


def _relation_word(word: str) -> str | None:
    """The relation noun ``word`` is (singular or plural), if any."""
    nouns = _relation_nouns()
    lower = word.lower()
    for candidate in (lower, lower[:-1], lower[:-2]):
        if candidate in nouns and (candidate == lower or lower.endswith("s")):
            return candidate
    return None


def _actor_dash_edits(folded: str, forms: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """Two adjacent actor names before a relation noun: "US Japan alliance" -> "US–Japan"."""
    index = _forms_index(forms)
    modifiers = _relation_modifiers()

    def token_after(end: int) -> re.Match[str] | None:
        """The name token one space after ``end``, if any."""
        if end < len(folded) and folded[end] == " ":
            return _NAME_TOKEN.match(folded, end + 1)
        return None

    def actor_at(first: re.Match[str]) -> int:
        """End of the longest actor name starting with token ``first`` (0: none)."""
        word = first.group()
        if not word[0].isupper():
            return 0
        lower = word.lower()
        stem = lower.rstrip(".")
        if lower not in index and stem not in index:
            return 0  # the common case: a capitalised word that starts no name
        tokens: list[re.Match[str]] = []
        for key in dict.fromkeys((lower, stem)):
            if key not in index:
                continue
            longest, names = index[key]
            if not tokens:  # the capitalised tokens that follow, as many as needed
                token: re.Match[str] | None = first
                while token is not None and token.group()[0].isupper():
                    tokens.append(token)
                    if len(tokens) == longest:
                        break
                    token = token_after(token.end())
            lowered = [t.group().lower() for t in tokens]
            # The longest name the tokens begin with; its last word may lose a full
            # stop ("Korea." ends a sentence).
            for n in range(len(lowered), 0, -1):
                head = tuple(lowered[: n - 1])
                last = lowered[n - 1]
                if head + (last,) in names or head + (last.rstrip("."),) in names:
                    return tokens[n - 1].end()
        return 0

    edits: list[tuple[int, int, str, str]] = []
    position = 0
    for capital in _CAPITALISED.finditer(folded):
        a_start = capital.start()
        if a_start < position or (a_start and folded[a_start - 1] in _DASH_CHARS):
            continue
        first = _NAME_TOKEN.match(folded, a_start)
        a_end = actor_at(first) if first else 0
        if not a_end:
            continue
        if folded[a_end - 1] == "." and folded[a_start:a_end].lower() not in forms:
            continue  # a sentence ends after the first name
        second = token_after(a_end)
        b_end = actor_at(second) if second else 0
        if not second or not b_end:
            continue
        if b_end < len(folded) and folded[b_end] in _DASH_CHARS:
            continue
        first_name, second_name = folded[a_start:a_end], folded[second.start() : b_end]
        if first_name.lower() == second_name.lower():
            continue
        following = token_after(b_end)
        for _ in range(3):
            if following is None or not following.group().rstrip(".").islower():
                break
            word = following.group().rstrip(".")
            if _relation_word(word) is not None:
                dashed = first_name + "\u2013" + second_name
                edits.append((a_start, b_end, dashed, "punctuation"))
                position = b_end
                break
            if word not in modifiers:
                break
            following = token_after(following.end())
    return edits


# --- assembly -------------------------------------------------------------------------


def repair_span(
    text: str,
    start: int,
    end: int,
    *,
    surface_forms: SurfaceForms | None = None,
) -> RepairedText:
    """Repair ``text[start:end]``; offsets and :class:`Repair` spans index ``text``.

    ``surface_forms`` gives the actor name forms used to restore a lost dash between
    two actor names; by default the actor registry's (or a fallback list).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) outside the text of length {len(text)}")
    repairs: list[Repair] = []
    folded, offsets = _layout(text, start, end, repairs)
    forms = (surface_forms or default_surface_forms)()
    edits = _word_edits(folded) + _compound_edits(folded) + _actor_dash_edits(folded, forms)
    edits.sort(key=lambda edit: (edit[0], -edit[1]))
    out = _Builder()
    position = 0
    for a, b, after, kind in edits:
        if a < position:
            continue  # overlaps an earlier edit
        out.add_mapped(folded[position:a], offsets[position:a])
        out.add_mapped(after, offsets[a:b])
        original_start, original_end = offsets[a], offsets[b - 1] + 1
        before = text[original_start:original_end]
        repairs.append(Repair(original_start, original_end, before, after, kind=kind))
        position = b
    out.add_mapped(folded[position:], offsets[position:])
    repairs.sort(key=lambda r: (r.start, r.end))
    return RepairedText(text=out.text(), offsets=[*out.offsets, end], repairs=repairs)
