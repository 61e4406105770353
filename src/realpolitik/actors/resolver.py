"""Resolve actor mentions in an annotated sentence (or small document) to codes.

One pass over a spaCy ``Doc``:

1. candidates from the registry: a case-sensitive ``PhraseMatcher`` over every form
   (names, adjectives, capitals, institutions, organisations, places, leaders' names),
   plus the parts of tokens joined by dashes ("U.S.-Japan", "U.S.-") and combining
   forms before a dash ("Sino-", "Russo-");
2. longest match wins; a registry form buried in a longer organisation or person name
   ("Sasakawa USA", "Jordan Peterson") is dropped;
3. a state followed by a sector noun becomes a sector actor ("Russian navy" -> RUSMIL,
   "the Japanese prime minister" -> JPNGOV, resolved to the office holder on ``date``);
4. leaders' names by their terms of office; bare titles ("the prime minister") from the
   one state in context;
5. plural references ("both countries", "the two sides", "all three countries", "both")
   and a subject "it" taken from the preceding sentences or from ``context_actors``;
6. NER GPE/ORG/NORP entities the registry does not know are kept as ``unresolved``.

``Mention.via`` is ``name``, ``demonym``, ``capital``, ``institution``, ``organisation``,
``historic``, ``combining``, ``location``, ``user``, ``context``, ``leader:<name>``
(a leader's name) or ``title:<name>`` (a title resolved by date to its holder).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from realpolitik.actors.registry import Entry, Leader, Registry, load_registry
from realpolitik.annotate import doc_text as annotated_text
from realpolitik.records import Mention
from realpolitik.token_view import token_view

DASHES = "-–—‐‑‒―−"
_DASH_SPLIT = re.compile(f"([{DASHES}]+)")
_POSSESSIVE = {"'s", "’s", "'", "’"}
#: words that may sit inside an organisation or person entity next to a state name
#: without making the state part of a proper name ("Japanese Prime Minister Abe").
_TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emperor",
        "crown",
        "prince",
        "foreign",
        "defense",
        "defence",
        "secretary",
        "state",
        "general",
        "chairman",
        "leader",
        "supreme",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "former",
        "vice",
        "deputy",
        "acting",
        "ambassador",
        "envoy",
        "minister's",
        "president's",
        "government",
        "ministry",
        "administration",
        "the",
        "of",
        "and",
        "for",
        "'s",
        "’s",
    ]
)
_ENTITY_DROP_LABELS = frozenset({"ORG", "FAC", "PERSON", "WORK_OF_ART", "PRODUCT"})
_UNRESOLVED_LABELS = frozenset({"GPE", "ORG", "NORP"})
_STATE_VIAS = frozenset({"name", "demonym", "capital", "historic", "combining", "user"})
#: role phrases (lowercase) -> role names used in leaders.csv, tried in order
_ROLES: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "prime minister": ("prime minister", "premier"),
    "premier": ("premier", "prime minister"),
    "chancellor": ("chancellor",),
    "emperor": ("emperor",),
    "king": ("king",),
    "queen": ("queen",),
    "supreme leader": ("supreme leader",),
    "general secretary": ("general secretary",),
    "foreign minister": ("foreign minister",),
    "leader": ("supreme leader", "president", "general secretary", "paramount leader"),
}
_NUMBERS = {"two": 2, "both": 2, "three": 3, "all three": 3, "four": 4, "all four": 4}
_GROUP_NOUNS = frozenset(
    [
        "countries",
        "nations",
        "states",
        "sides",
        "governments",
        "powers",
        "neighbors",
        "neighbours",
        "allies",
        "partners",
        "capitals",
        "leaders",
        "parties",
    ]
)
_TITLE_TRIGGERS = frozenset(
    {"president", "prime", "premier", "chancellor", "emperor", "king", "queen"}
)
_REFERENCE_TRIGGERS = frozenset({"both", "two", "three", "four", "allies", "it"})
_COORD = re.compile(r"^[\s,&/" + DASHES + r"]*(?:(?:and|or|as well as)\s*)?[\s,]*$")


@dataclass(frozen=True)
class _Cand:
    start: int  # character offsets into doc.text
    end: int
    tok_start: int
    tok_end: int
    entry: Entry | None
    leaders: tuple[Leader, ...] = ()
    dashed: bool = False  # part of a dash-joined compound

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Resolver:
    registry: Registry
    matcher: PhraseMatcher
    max_sector_len: int
    first_words: frozenset[str]


_CACHE: dict[tuple[int, int], _Resolver] = {}


def _get_resolver(nlp_vocab_owner: Doc, registry: Registry) -> _Resolver:
    key = (id(registry), id(nlp_vocab_owner.vocab))
    cached = _CACHE.get(key)
    if cached is not None and cached.registry is registry:
        return cached
    from realpolitik.annotate import load_nlp

    nlp: Language = load_nlp()
    matcher = PhraseMatcher(nlp_vocab_owner.vocab, attr="ORTH")
    forms = set(registry.forms) | set(registry.leader_forms)
    patterns = [nlp.make_doc(form) for form in sorted(forms)]
    matcher.add("FORM", patterns)
    max_len = max((len(s.split()) for s in registry.sectors), default=1)
    first = frozenset(s.split()[0] for s in registry.sectors)
    resolver = _Resolver(registry, matcher, max_len, first)
    _CACHE[key] = resolver
    return resolver


def _norm(text: str) -> str:
    return " ".join(text.split())


def _is_shouting(span: Span) -> bool:
    letters = [t for t in span if t.is_alpha]
    return len(letters) >= 4 and sum(t.is_upper for t in letters) > 0.6 * len(letters)


def _lookup(reg: Registry, text: str) -> tuple[Entry | None, tuple[Leader, ...]]:
    entry = reg.forms.get(text)
    leaders = tuple(reg.leader_forms.get(text, ()))
    if entry is None and not leaders and text.endswith(".") is False and text + "." in reg.forms:
        # "U.S" cut from "U.S." by a tokenizer split at a line end
        entry = reg.forms.get(text + ".")
    return entry, leaders


def _candidates(doc: Doc, res: _Resolver) -> list[_Cand]:
    reg = res.registry
    cands: list[_Cand] = []
    # a match's offsets and text from the token view and the doc's text (as Span's own
    # start_char, end_char and text are), without making a Span for each match
    view = token_view(doc)
    text = annotated_text(doc)
    for _, s, e in res.matcher(doc):
        start, end = view.idx[s], view.idx[e - 1] + view.length[e - 1]
        entry, leaders = _lookup(reg, _norm(text[start:end]))
        if entry is not None or leaders:
            cands.append(_Cand(start, end, s, e, entry, leaders))
    if not any(dash in text for dash in DASHES):
        return cands  # the forms below all touch a dash: "Sino-", "U.S.-Japan"
    for tok in doc:
        text = tok.text
        # combining forms as their own token: "Sino" "-" "Russian"
        if text in reg.combining:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text and nxt.text[0] in DASHES:
                code = reg.combining[text]
                cands.append(
                    _Cand(
                        tok.idx,
                        tok.idx + len(text),
                        tok.i,
                        tok.i + 1,
                        Entry(code, "actor", "combining"),
                        dashed=True,
                    )
                )
            continue
        if len(text) < 3 or not any(c in DASHES for c in text):
            continue
        if text in reg.forms:
            continue
        # split "U.S.-Japan", "U.S.-", "Sino-", "Japan–Russia" into parts
        parts = _DASH_SPLIT.split(text)
        offset = tok.idx
        for k, part in enumerate(parts):
            start = offset
            offset += len(part)
            if not part or part[0] in DASHES:
                continue
            before_dash = k + 1 < len(parts) and bool(parts[k + 1])
            part_entry: Entry | None
            part_leaders: tuple[Leader, ...]
            if part in reg.combining and (before_dash or k + 1 == len(parts) - 1):
                part_entry, part_leaders = Entry(reg.combining[part], "actor", "combining"), ()
            else:
                part_entry, part_leaders = _lookup(reg, part)
            if part_entry is not None or part_leaders:
                cands.append(
                    _Cand(
                        start,
                        start + len(part),
                        tok.i,
                        tok.i + 1,
                        part_entry,
                        part_leaders,
                        dashed=True,
                    )
                )
    return cands


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match wins; ties go to the earlier match."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-c.length, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _inside_foreign_name(doc: Doc, c: _Cand, covered: set[int], ents: list[Span]) -> bool:
    """Whether the candidate is a piece of a longer organisation/person name."""
    if c.dashed:
        return False
    tok = doc[c.tok_start]
    if not tok.ent_type_ or tok.ent_type_ not in _ENTITY_DROP_LABELS:
        return False
    ent = next((e for e in ents if e.start <= c.tok_start < e.end), None)
    if ent is None or (ent.start_char >= c.start and ent.end_char <= c.end):
        return False
    first = next((t for t in ent if t.lower_ not in ("the", "a")), ent[0])
    if (
        ent.label_ != "PERSON"
        and first.i == c.tok_start
        and c.entry is not None
        and c.entry.via in ("name", "demonym", "institution", "organisation")
    ):
        return False  # a state modifying a name: "U.S. Patriot missiles", "Russian Navy"
    for t in ent:
        if t.i in covered or not (t.is_title or t.is_upper) or t.is_punct:
            continue
        if t.lower_ in _TITLE_WORDS:
            continue
        return True
    return False


def _bare_surname(doc: Doc, c: _Cand) -> bool:
    """Whether ``c`` is one word known only as a leader's name ("Sato", "Putin")."""
    return c.entry is None and bool(c.leaders) and c.tok_end - c.tok_start == 1


def _given_name_before(doc: Doc, i: int) -> bool:
    """Whether the token before ``doc[i]`` reads as a given name: a capitalised proper
    noun, right before it, that is no title ("Prime Minister Sato" keeps the leader)."""
    if i == 0:
        return False
    prev = doc[i - 1]
    if not prev.is_title or prev.lower_ in _TITLE_WORDS or prev.whitespace_ != " ":
        return False
    return prev.pos_ == "PROPN" or prev.ent_type_ == "PERSON" or prev.ent_iob_ == "B"


def _sector_after(lows: list[str], tok_end: int, res: _Resolver) -> tuple[str, int] | None:
    """A sector noun right after a state (skipping a possessive): (suffix, new tok_end)."""
    i = tok_end
    if i < len(lows) and lows[i] in _POSSESSIVE:
        i += 1
    if i >= len(lows) or lows[i] not in res.first_words:
        return None
    for n in range(res.max_sector_len, 0, -1):
        if i + n > len(lows):
            continue
        phrase = " ".join(lows[i : i + n])
        suffix = res.registry.sectors.get(phrase)
        if suffix is not None:
            return suffix, i + n
    return None


def _role_of(phrase: str) -> tuple[str, ...] | None:
    return _ROLES.get(phrase)


def _holder(reg: Registry, country: str, roles: Iterable[str], date: str) -> Leader | None:
    for role in roles:
        holder = reg.office_holder(country, role, date)
        if holder is not None:
            return holder
    return None


def _state_of(m: Mention) -> str | None:
    if m.kind != "actor" or m.code is None:
        return None
    code = m.code
    return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3].isupper() else None


def _unique(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _countries(reg: Registry, codes: Iterable[str]) -> list[str]:
    """State codes among ``codes`` (country level), deduplicated, ordered by their last
    occurrence, so that the most recently seen states come last."""
    out = [code[:3] for code in codes if code[:3] in reg.states]
    return _unique(reversed(out))[::-1]


def _groups(doc: Doc, ms: list[Mention], reg: Registry) -> list[list[str]]:
    """Runs of state mentions joined only by "and", commas or dashes, in order."""
    groups: list[list[Mention]] = []
    doc_text = annotated_text(doc)
    for m in ms:
        if _state_of(m) is None or m.code is None or m.code[:3] not in reg.states:
            continue
        if groups and _COORD.match(doc_text[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return [_unique(m.code[:3] for m in g if m.code) for g in groups]


def _antecedents(
    n: int | None, prior: list[tuple[list[Mention], list[list[str]]]], context_codes: list[str]
) -> list[str]:
    """The ``n`` states a plural reference points back to (all of a group if n is None)."""
    for sent_mentions, groups in reversed(prior):
        states = _unique(m.code[:3] for m in sent_mentions if _state_of(m) and m.code)
        if n is None:
            if len(states) >= 2:
                return states
            continue
        if len(states) < n:
            continue
        for g in reversed(groups):
            if len(g) == n:
                return g
        if len(states) == n:
            return states
        return states[-n:]
    if n is None:
        return context_codes if len(context_codes) >= 2 else []
    if len(context_codes) >= n:
        return context_codes[-n:]
    return []


def _plural_refs(sent: Span) -> list[tuple[int, int, int | None]]:
    """(token start, token end, number) of plural references to states in ``sent``."""
    out: list[tuple[int, int, int | None]] = []
    toks = list(sent)
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.lower_
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        nxt2 = toks[i + 2] if i + 2 < len(toks) else None
        if low == "both":
            if nxt is not None and nxt.lower_ in _GROUP_NOUNS:
                out.append((t.i, nxt.i + 1, 2))
                i += 2
                continue
            if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and (
                nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "DET")
            ):
                out.append((t.i, t.i + 1, 2))
        elif low in ("the", "all") and nxt is not None and nxt.lower_ in ("two", "three", "four"):
            n = _NUMBERS[nxt.lower_]
            if nxt2 is not None and nxt2.lower_ in _GROUP_NOUNS:
                out.append((t.i, nxt2.i + 1, n))
                i += 3
                continue
            if (
                low == "the"
                and nxt.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                and (nxt2 is None or nxt2.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"))
            ):
                out.append((t.i, nxt.i + 1, n))
                i += 2
                continue
        elif low == "the" and nxt is not None and nxt.lower_ in ("allies",):
            out.append((t.i, nxt.i + 1, None))
        i += 1
    return out


def _subject_state(doc: Doc, sent: Span, ms: list[Mention]) -> str | None:
    """The state that is the (last) grammatical subject of ``sent``, if any."""
    subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subj = subjects[-1]
    for m in ms:
        state = _state_of(m)
        if (
            state
            and m.start <= subj.idx < m.end
            and m.via.split(":")[0] in ("name", "capital", "context", "user", "historic")
        ):
            return state
    return None


def resolve_doc(
    doc: Doc,
    *,
    date: str | None = None,
    context_actors: Sequence[str] = (),
    registry: Registry | None = None,
) -> list[Mention]:
    """Actor, location and unresolved mentions in ``doc``, in text order.

    ``date`` (ISO) selects office holders for titles and ambiguous leader names;
    ``context_actors`` are codes seen in earlier sentences of the same document (they
    resolve "both countries", "the two sides", a subject "it", a bare "the president").
    Offsets index ``doc.text``.
    """
    reg = registry or load_registry()
    res = _get_resolver(doc, reg)
    context_codes = _countries(reg, context_actors)
    chosen = _select(_candidates(doc, res))
    covered: set[int] = set()
    for c in chosen:
        if not _bare_surname(doc, c):  # weak: "Sato" may be anyone called Sato
            covered.update(range(c.tok_start, c.tok_end))

    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    ents = list(doc.ents)
    lows = token_view(doc).lower
    doc_text = annotated_text(doc)
    has_pos = doc.has_annotation("POS") or doc.has_annotation("ENT_IOB")
    mentions: list[Mention] = []
    used_tokens: set[int] = set()
    shouting: dict[int, bool] = {}
    for c in chosen:
        tok = doc[c.tok_start]
        text = doc_text[c.start : c.end]
        if _inside_foreign_name(doc, c, covered, ents):
            continue
        if len(text) <= 3 and text.isupper():
            sent = next(s for s in sents if s.start <= c.tok_start < s.end)
            key = sent.start
            if key not in shouting:
                shouting[key] = _is_shouting(sent)
            if shouting[key]:
                continue
        entry = c.entry
        if entry is not None and (len(_norm(text).split()) >= 2 or not c.leaders):
            if entry.kind == "ignore":
                used_tokens.update(range(c.tok_start, c.tok_end))
                continue
            if entry.kind == "location":
                mentions.append(Mention(c.start, c.end, text, entry.code, "location", "location"))
                used_tokens.update(range(c.tok_start, c.tok_end))
                continue
            if "+" in entry.code:  # a group form naming several states ("the two Koreas")
                for part in entry.code.split("+"):
                    mentions.append(Mention(c.start, c.end, text, part, "actor", entry.via))
                used_tokens.update(range(c.tok_start, c.tok_end))
                continue
            if (
                entry.via == "capital"
                and c.tok_end < len(doc)
                and doc[c.tok_end].text in reg.name_heads
            ):
                used_tokens.update(range(c.tok_start, c.tok_end + 1))
                continue  # "the Paris Agreement", "the Minsk agreements"
            code, via, end, tok_end = entry.code, entry.via, c.end, c.tok_end
            is_state = entry.via in _STATE_VIAS and code in reg.states
            if is_state and not c.dashed:
                sector = _sector_after(lows, c.tok_end, res)
                if sector is not None and not any(
                    k in covered for k in range(c.tok_end, sector[1])
                ):
                    suffix, tok_end = sector
                    phrase = " ".join(
                        t.lower_ for t in doc[c.tok_end : tok_end] if t.text not in _POSSESSIVE
                    )
                    code = code + suffix
                    end = doc[tok_end - 1].idx + len(doc[tok_end - 1].text)
                    roles = _role_of(phrase)
                    if roles and date:
                        holder = _holder(reg, entry.code, roles, date)
                        if holder is not None:
                            via = f"title:{holder.name}"
            mentions.append(Mention(c.start, end, doc_text[c.start : end], code, "actor", via))
            used_tokens.update(range(c.tok_start, tok_end))
            continue
        # a leader's name
        leaders = list(c.leaders)
        if not leaders:
            continue
        full_name = len(_norm(text).split()) >= 2
        if not full_name and has_pos and not (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"):
            continue
        if not full_name and _given_name_before(doc, c.tok_start):
            continue  # "Sofia Sato": another person with a leader's surname
        if date:
            dated = [lead for lead in leaders if lead.in_office(date)]
            if dated:
                leaders = dated
        countries = _unique(lead.country for lead in leaders)
        if len(countries) > 1 and context_codes:
            in_ctx = [k for k in countries if k in context_codes]
            if len(in_ctx) == 1:
                countries = in_ctx
                leaders = [lead for lead in leaders if lead.country == in_ctx[0]]
        if len(countries) == 1:
            names = _unique(lead.name for lead in leaders)
            mentions.append(
                Mention(c.start, c.end, text, f"{countries[0]}GOV", "actor", f"leader:{names[-1]}")
            )
        else:
            mentions.append(
                Mention(c.start, c.end, text, None, "unresolved", "leader", confidence=0.3)
            )
        used_tokens.update(range(c.tok_start, c.tok_end))

    mentions = _merge_title_and_name(doc, mentions)
    present = set(lows)
    if present & _TITLE_TRIGGERS:
        mentions = _resolve_titles(doc, sents, mentions, used_tokens, reg, date, context_codes)
    if present & _REFERENCE_TRIGGERS:
        mentions = _resolve_references(doc, sents, mentions, reg, context_codes)
    # NER entities the registry does not know
    for ent in ents:
        if ent.label_ not in _UNRESOLVED_LABELS or ent.text.islower():
            continue
        if any(i in used_tokens for i in range(ent.start, ent.end)):
            continue
        if any(m.start < ent.end_char and ent.start_char < m.end for m in mentions):
            continue
        mentions.append(
            Mention(
                ent.start_char,
                ent.end_char,
                ent.text,
                None,
                "unresolved",
                f"ner:{ent.label_}",
                confidence=0.5,
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _merge_title_and_name(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "German Chancellor Olaf Scholz" is one mention: the name decides the holder."""
    out: list[Mention] = []
    doc_text = annotated_text(doc)
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.via.startswith("leader:")
            and prev.code == m.code
            and prev.kind == "actor"
            and not prev.via.startswith("leader:")
            and not doc_text[prev.end : m.start].strip()
        ):
            out[-1] = Mention(
                prev.start, m.end, doc_text[prev.start : m.end], m.code, "actor", m.via
            )
            continue
        out.append(m)
    return out


def _resolve_titles(
    doc: Doc,
    sents: list[Span],
    mentions: list[Mention],
    used: set[int],
    reg: Registry,
    date: str | None,
    context_codes: list[str],
) -> list[Mention]:
    """Bare titles ("the prime minister", "the president of Russia") to governments."""
    out = list(mentions)
    for sent in sents:
        toks = list(sent)
        for k, t in enumerate(toks):
            if t.i in used or t.lower_ not in (
                "president",
                "prime",
                "premier",
                "chancellor",
                "emperor",
                "king",
                "queen",
            ):
                continue
            if t.lower_ == "prime":
                if k + 1 >= len(toks) or toks[k + 1].lower_ != "minister":
                    continue
                phrase, last = "prime minister", k + 1
            else:
                phrase, last = t.lower_, k
            roles = _ROLES[phrase]
            after = toks[last + 1] if last + 1 < len(toks) else None
            start_tok = toks[k - 1] if k > 0 and toks[k - 1].lower_ == "the" else t
            country: str | None = None
            end_tok = toks[last]
            if after is not None and after.lower_ == "of" and last + 2 < len(toks):
                target = next(
                    (
                        m
                        for m in mentions
                        if m.start == toks[last + 2].idx
                        or (
                            toks[last + 2].lower_ == "the"
                            and last + 3 < len(toks)
                            and m.start == toks[last + 3].idx
                        )
                    ),
                    None,
                )
                state = _state_of(target) if target else None
                if target is not None and state and state in reg.states:
                    country = state
                    out.remove(target)
                    end_char = target.end
                    via = "title"
                    if date:
                        holder = _holder(reg, state, roles, date)
                        if holder is not None:
                            via = f"title:{holder.name}"
                    out.append(
                        Mention(
                            start_tok.idx,
                            end_char,
                            annotated_text(doc)[start_tok.idx : end_char],
                            f"{state}GOV",
                            "actor",
                            via,
                        )
                    )
                    continue
            if start_tok is t or after is not None and after.pos_ == "PROPN":
                continue  # "President Putin": the name resolves; capitalised alone: skip
            if not date:
                continue
            # the one state in the preceding context (earlier sentences, context_actors)
            earlier = _unique(
                [
                    *context_codes,
                    *(
                        st
                        for m in out
                        if m.end <= sent.start_char
                        and (st := _state_of(m)) is not None
                        and st in reg.states
                    ),
                ]
            )
            if len(earlier) != 1:
                continue
            country = earlier[0]
            holder = _holder(reg, country, roles, date)
            if holder is None:
                continue
            end_char = end_tok.idx + len(end_tok.text)
            out.append(
                Mention(
                    start_tok.idx,
                    end_char,
                    annotated_text(doc)[start_tok.idx : end_char],
                    f"{country}GOV",
                    "actor",
                    f"title:{holder.name}",
                    confidence=0.7,
                )
            )
    return out


def _resolve_references(
    doc: Doc, sents: list[Span], mentions: list[Mention], reg: Registry, context_codes: list[str]
) -> list[Mention]:
    """Plural references and a subject "it" resolved from the preceding sentences."""
    out = list(mentions)
    prior: list[tuple[list[Mention], list[list[str]]]] = []
    prev_sent: Span | None = None
    prev_ms: list[Mention] = []
    for sent in sents:
        ms = [m for m in out if sent.start_char <= m.start < sent.end_char]
        added: list[Mention] = []
        for s, e, n in _plural_refs(sent):
            span = doc[s:e]
            if any(m.start < span.end_char and span.start_char < m.end for m in ms):
                continue
            codes = _antecedents(n, prior, context_codes)
            if n is not None and len(codes) != n:
                continue
            for code in codes:
                added.append(
                    Mention(
                        span.start_char,
                        span.end_char,
                        span.text,
                        code,
                        "actor",
                        "context",
                        confidence=0.7,
                    )
                )
        for t in sent:
            if t.lower_ != "it" or t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if t.i != sent.start and not (t.i == sent.start + 1 and doc[t.i - 1].is_punct):
                continue  # only a sentence-initial subject "It" reaches back
            state = _subject_state(doc, prev_sent, prev_ms) if prev_sent is not None else None
            if state is None and prev_sent is None and len(context_codes) == 1:
                state = None  # a bare context list does not tell what the subject was
            if state is not None:
                added.append(
                    Mention(
                        t.idx,
                        t.idx + len(t.text),
                        t.text,
                        state,
                        "actor",
                        "context",
                        confidence=0.6,
                    )
                )
        out.extend(added)
        ms = sorted(ms + added, key=lambda m: m.start)
        prior.append((ms, _groups(doc, ms, reg)))
        prev_sent, prev_ms = sent, ms
    return out


def resolve_text(
    text: str,
    date: str | None = None,
    *,
    context_actors: Sequence[str] = (),
    registry: Registry | None = None,
) -> list[Mention]:
    """Convenience: annotate ``text`` with the shared pipeline and resolve it."""
    from realpolitik.annotate import load_nlp

    return resolve_doc(
        load_nlp()(text), date=date, context_actors=context_actors, registry=registry
    )


def actor_codes(mentions: Iterable[Mention]) -> list[str]:
    """Codes of actor mentions, deduplicated, in order of appearance."""
    return _unique(m.code for m in mentions if m.kind == "actor" and m.code)


def with_offset(mentions: Iterable[Mention], offset: int) -> list[Mention]:
    """Shift mention offsets (e.g. from a document back to one of its sentences)."""
    return [replace(m, start=m.start - offset, end=m.end - offset) for m in mentions]
