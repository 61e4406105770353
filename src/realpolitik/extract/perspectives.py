"""Perspectives: who (an actor, or the author) thinks what about whom.

Works over a spaCy dependency parse and the actor mentions of the same text, with
cue lexicons in ``data/perspectives/*.yaml``. See docs/perspectives_and_claims.md
for the rules (holder, target, stance, the author rule).

Mentions index the text the ``Doc`` was made from (for a one-sentence ``Doc`` that
is the sentence); the perspectives' offsets are sentence-relative.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.strings import get_string_id
from spacy.symbols import ADJ, ADV, AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from realpolitik.annotate import doc_text
from realpolitik.extract.claim_types import AUTHOR, Perspective
from realpolitik.extract.events import verb_intensity
from realpolitik.extract.genre import is_sports_doc
from realpolitik.extract.mention_context import (
    SUBJ_DEPS,
    Context,
    country,
    lemma,
)
from realpolitik.extract.mention_map import MentionMap
from realpolitik.extract.perspective_lexicon import Lexicon, cue_key, load_lexicon
from realpolitik.records import Mention
from realpolitik.token_view import token_view

OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "acomp", "xcomp", "ccomp", "pobj", "dative"})
CONTENT_PREPS = frozenset(
    {
        "about",
        "of",
        "on",
        "over",
        "with",
        "in",
        "to",
        "toward",
        "towards",
        "against",
        "as",
        "at",
        "from",
        "for",
    }
)
#: the words that can open a holder frame (step 1 of :func:`_sentence`), as string ids
FRAME_WORD_IDS = frozenset(get_string_id(w) for w in ("in", "from", "according", "for", "to"))
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "acl", "pcomp", "ccomp", "relcl"})


# --------------------------------------------------------------------------- mentions


# --------------------------------------------------------------------------- helpers


def _negated(tok: Token, lex: Lexicon) -> bool:
    kids = list(tok.children)
    if tok.head != tok and tok.dep_ in {"xcomp", "acomp"}:
        kids += [c for c in tok.head.children if c.dep_ in {"neg", "aux", "auxpass"}]
    return any(
        c.dep_ == "neg" or c.lower_ in lex.negators and c.dep_ in {"neg", "det", "advmod"}
        for c in kids
    )


def _passive(verb: Token) -> bool:
    """Whether ``verb`` is a passive participle with its own passive subject."""
    return verb.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in verb.children)


def _non_assertive(tok: Token, lex: Lexicon) -> bool:
    """True when ``tok`` sits in an if/whether clause (a view not asserted)."""
    cur = tok
    for _ in range(12):
        for c in cur.children:
            dep = c.dep_
            if dep == "mark" and c.lower_ in lex.non_assertive:
                return True
            # the main clause of a conditional is hypothetical too
            if dep == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in {"if", "unless"} for g in c.children
            ):
                return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _polarity(toks: Iterable[Token], lex: Lexicon) -> int:
    score = 0
    for t in toks:
        words = {t.lower_, lemma(t)}
        words |= {w for w in t.lower_.split("-") if w}
        val = 0
        if words & lex.negative:
            val = -1
        elif words & lex.positive:
            val = 1
        if val and (
            any(c.dep_ == "neg" for c in t.children)
            or any(c.dep_ == "neg" for c in t.head.children if t.dep_ in {"acomp", "attr", "dobj"})
        ):
            val = -val
        score += val
    return (score > 0) - (score < 0)


def _subtree_excluding(tok: Token, exclude: set[int]) -> list[Token]:
    return [t for t in tok.subtree if t.i not in exclude]


def _cut_whole(phrase: list[Token], limit: int) -> list[Token]:
    """``phrase`` (in order) cut to at most ``limit`` tokens without ending inside a
    constituent: the innermost phrase the cut would split ("the pipeline *that runs*
    | under the sea") is dropped whole, as long as two tokens remain."""
    kept = phrase[:limit]
    last = kept[-1].i
    split = [
        t.left_edge.i
        for t in kept[1:]
        if t.right_edge.i > last and t.left_edge.i > kept[0].i and t.dep_ != "ROOT"
    ]
    if not split:
        return kept
    edge = max(split)
    shorter = [t for t in kept if t.i < edge]
    return shorter if len(shorter) >= 2 else kept


def _trim_issue(toks: list[Token]) -> str | None:
    """The head noun phrase of a view's content ("missile defense systems by its allies")."""
    toks = sorted(toks, key=lambda t: t.i)
    if not toks:
        return None
    ids = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in ids or t.head == t]
    head: Token | None = None
    for t in tops:
        cand = t
        if cand.pos_ in {"ADP", "SCONJ"}:
            cand = next((c for c in cand.children if c.dep_ in {"pobj", "pcomp"}), cand)
        if cand.pos_ in {"VERB", "AUX"}:
            cand = next(
                (c for c in cand.children if c.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}), cand
            )
        if cand.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "ADJ"} or cand.pos_ == "VERB":
            head = cand
            break
    if head is None:
        head = tops[0]
    phrase = [t for t in head.subtree if t.i in ids or t.i == head.i]
    if head.pos_ in {"PRON", "DET"} or len(phrase) < 2:
        phrase = toks  # "sees this as ...": the phrase alone says nothing
    while phrase and (
        phrase[0].dep_ in {"det", "case", "cc", "mark", "aux", "prep"}
        or phrase[0].pos_ in {"ADP", "DET", "CCONJ", "PART", "PUNCT"}
        or (phrase[0].dep_ == "advmod" and phrase[0].head.i != phrase[0].i + 1)
    ):
        phrase = phrase[1:]
    while phrase and phrase[-1].pos_ in {"PUNCT", "ADP", "CCONJ", "DET"}:
        phrase = phrase[:-1]
    if not phrase:
        return None
    if len(phrase) > 12:
        phrase = _cut_whole(phrase, 12)
    while phrase and phrase[-1].pos_ in {"PUNCT", "ADP", "CCONJ", "DET", "PRON"}:
        phrase = phrase[:-1]
    if not phrase:
        return None
    doc = phrase[0].doc
    return doc_text(doc)[phrase[0].idx : phrase[-1].idx + len(phrase[-1].text)].strip() or None


def _span_bounds(sent: Span, toks: list[Token]) -> tuple[int, int]:
    if not toks:
        return 0, 0
    start = min(t.idx for t in toks) - sent.start_char
    end = max(t.idx + len(t.text) for t in toks) - sent.start_char
    return start, end


def _make(
    ctx: Context,
    sent: Span,
    sent_index: int,
    holders: list[str],
    targets: list[str],
    stance: float,
    cue: Token | Span,
    content: list[Token],
    confidence: float,
    negated: bool = False,
    allow_null: bool = False,
    issue_toks: list[Token] | None = None,
    local: dict[str, int] | None = None,
) -> list[Perspective]:
    out: list[Perspective] = []
    if isinstance(cue, Token):
        c0, c1 = cue.idx, cue.idx + len(cue.text)
    else:
        c0, c1 = cue.start_char, cue.end_char
    s0, s1 = _span_bounds(sent, content)
    issue = _trim_issue(issue_toks if issue_toks is not None else content)
    for h in holders:
        tg = [t for t in targets if country(t) != country(h)]
        seen: set[str] = set()
        tg = [t for t in tg if not (country(t) in seen or seen.add(country(t)))]  # type: ignore[func-returns-value]
        if not tg:
            if not allow_null:
                continue
            tg_opt: list[str | None] = [None]
        else:
            tg_opt = list(tg)
        for t in tg_opt:
            st = stance
            if (
                t is not None
                and local
                and country(t) in local
                and local[country(t)] < 0
                and st >= 0
            ):
                st = -1.0
            out.append(
                Perspective(
                    holder=h,
                    target=t,
                    issue=issue,
                    stance=st,
                    cue=doc_text(ctx.doc)[c0:c1],
                    cue_start=c0 - sent.start_char,
                    cue_end=c1 - sent.start_char,
                    span_start=s0,
                    span_end=s1,
                    confidence=confidence,
                    negated=negated,
                    sent_index=sent_index,
                    sent_start=sent.start_char,
                )
            )
    return out


def _local_polarity(ctx: Context, toks: list[Token]) -> dict[str, int]:
    """Actors marked by a negative word right above them ("the Chinese threat")."""
    out: dict[str, int] = {}
    for t in toks:
        codes = ctx.mm.at(t)
        if not codes:
            continue
        head = t
        for _ in range(2):
            if head.dep_ in {"poss", "compound", "amod", "pobj", "nmod"} and head.head != head:
                head = head.head if head.dep_ != "pobj" else head.head.head
                if _polarity([head], ctx.lex) < 0:
                    for c in codes:
                        out[country(c)] = -1
                    break
            else:
                break
    return out


def _content_of(verb: Token, exclude: set[int]) -> list[Token]:
    toks: list[Token] = []
    for c in verb.children:
        if (
            c.dep_ in OBJ_DEPS
            or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS)
            or c.dep_ in {"advcl"}
            and c.lower_ not in {"if"}
        ):
            if c.dep_ == "advcl":
                continue
            toks += _subtree_excluding(c, exclude)
    return sorted(toks, key=lambda t: t.i)


def _relcl_antecedent(verb: Token) -> Token | None:
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _is_place(tok: Token, lex: Lexicon) -> bool:
    """An actor name used as a place: the object of a locative preposition."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in {"compound", "conj", "flat", "appos"} and cur.head != cur:
            cur = cur.head
            continue
        break
    return cur.dep_ == "pobj" and cur.head.lower_ in lex.locative


def _targets_from(ctx: Context, content: list[Token], sent: Span, holders: list[str]) -> list[str]:
    """Actors the view is about: named in the content (not as places); for a relation
    noun with no actor named ("interested in dialogue"), the sentence's other actors."""
    lex = ctx.lex
    targets: list[str] = []
    for t in content:
        if _is_place(t, lex):
            continue
        targets += [c for c in ctx.mm.at(t) if c not in targets]
    if not targets and any(lemma(t) in lex.relational for t in content):
        hc = {country(h) for h in holders}
        targets = [c for c in ctx.mm.in_range(sent.start, sent.end) if country(c) not in hc]
        if not targets and len(holders) >= 2:
            targets = list(holders)
    return targets


def _aim_valence(volition: Token) -> int:
    """The sign of the event a volition verb's complement names ("tried to blow up" −1,
    "wants to meet" +1; 0 where it names none or a neutral one)."""
    for c in volition.children:
        if c.dep_ == "xcomp" and c.pos_ == "VERB":
            intensity = verb_intensity(c)
            if intensity is not None and abs(intensity) >= 1:
                return 1 if intensity > 0 else -1
    return 0


def _head_polarity(toks: list[Token], lex: Lexicon, *, whole: bool = True) -> int:
    """Polarity of a phrase's head (with its modifiers) first, then of the whole."""
    if not toks:
        return 0
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head == t]
    if any(h.lemma_ in {"be", "become", "remain", "seem"} for h in heads):
        heads += [c for h in heads for c in h.children if c.dep_ in {"attr", "acomp", "oprd"}]
    for h in heads:
        core = [h] + [
            c for c in h.children if c.dep_ in {"amod", "compound", "advmod", "neg", "npadvmod"}
        ]
        core += [
            g for c in core[1:] for g in c.children if g.dep_ in {"advmod", "amod", "npadvmod"}
        ]
        pol = _polarity(core, lex)
        if pol:
            return pol
    return _polarity(toks, lex) if whole else 0


# --------------------------------------------------------------------------- main


def extract_perspectives(
    doc: Doc,
    mentions: list[Mention],
    *,
    mention_offset: int = 0,
    extra_lexicons: tuple[str, ...] = (),
) -> list[Perspective]:
    """Perspectives stated in ``doc``, one per (holder, target, stance sign) and sentence.

    ``mentions`` are the actor mentions of ``doc``'s text (offset into ``doc.text``
    by ``mention_offset``). Returns records with sentence-relative spans.
    """
    if is_sports_doc(doc):
        return []  # teams named as states (realpolitik.extract.genre)
    lex = load_lexicon(tuple(extra_lexicons))
    ctx = Context(doc, MentionMap(doc, mentions, mention_offset), lex)
    frames, cues = _candidates(doc, lex)
    sents = list(doc.sents)
    out: list[Perspective] = []
    for si, sent in enumerate(sents):
        a, b = sent.start, sent.end
        found = _sentence(
            ctx, sent, si, [i for i in frames if a <= i < b], [i for i in cues if a <= i < b]
        )
        best: dict[tuple[str, str | None, int], Perspective] = {}
        for p in found:
            key = (country(p.holder), p.target and country(p.target), p.stance_sign)
            if key not in best or p.confidence > best[key].confidence:
                best[key] = p
        out += _without_neutral_reports(list(best.values()))
        if si + 1 < len(sents):  # for the next sentence's pronouns (the last has none)
            ctx.prev_subject = _subject_actors(ctx, sent) or ctx.prev_subject
            ctx.prev_actors = ctx.mm.in_range(a, b)
    return out


def _without_neutral_reports(views: list[Perspective]) -> list[Perspective]:
    """``views`` without a neutral report ("India says ...", stance 0) whose reported
    content states a signed view of the same holder about the same target ("... it
    opposes Pakistan's role"): the signed view says what the report says, with its
    valence."""

    def pair(p: Perspective) -> tuple[str, str | None]:
        return country(p.holder), p.target and country(p.target)

    signed = [p for p in views if p.stance_sign != 0]
    return [
        p
        for p in views
        if p.stance_sign != 0
        or not any(pair(q) == pair(p) and p.span_start <= q.cue_start < p.span_end for q in signed)
    ]


def _subject_actors(ctx: Context, sent: Span) -> list[str]:
    """The actors of the sentence's subject (not the author): a later pronoun's
    antecedent."""
    root = sent.root
    subj_codes, _ = ctx.subject_of(root)
    codes = [c for c in subj_codes if c != AUTHOR]
    if not codes:
        for c in root.children:
            if c.dep_ in SUBJ_DEPS:
                codes = ctx.mm.in_tokens(c.subtree)
    return codes


def _candidates(doc: Doc, lex: Lexicon) -> tuple[list[int], list[int]]:
    """The tokens that can open a holder frame, and those that can be a cue (their
    word and part of speech fit the tests of :func:`_sentence`, which no other token
    passes). Read from the token arrays once a document: each string property of a
    token is a look-up, and most tokens are neither."""
    view = token_view(doc)
    lowers, lemmas = view.lower, view.lemma
    frames: list[int] = []
    cues: list[int] = []
    for i, (pos, lower) in enumerate(zip(view.pos_id, view.lower_id, strict=True)):
        if lower in FRAME_WORD_IDS:
            frames.append(i)
        if pos in (VERB, AUX):
            fits = (
                lowers[i] in lex.verb_forms
                or lemmas[i] in lex.verb_keys
                or lowers[i] in lex.adjectives  # "is concerned about" parsed as VBN
            )
        elif pos == ADJ:
            fits = lemmas[i] in lex.adjectives
        elif pos in (NOUN, PROPN):
            fits = lemmas[i] in lex.nouns
        else:
            fits = pos == ADV and lowers[i] in lex.author_adverbs
        if fits:
            cues.append(i)
    return frames, cues


def _sentence(
    ctx: Context, sent: Span, si: int, frame_ids: list[int], cue_ids: list[int]
) -> list[Perspective]:
    """Perspectives of one sentence; ``frame_ids`` and ``cue_ids`` index its tokens
    that :func:`_candidates` found can open a frame or be a cue."""
    lex = ctx.lex
    doc = sent.doc
    out: list[Perspective] = []
    root = sent.root

    # 1. holder frames: "In X's eyes, ...", "From X's point of view", "According to X", "For X, ..."
    framed: set[int] = set()
    for tok in [doc[i] for i in frame_ids]:
        holder: list[str] = []
        frame_toks: list[Token] = []
        if tok.dep_ == "prep" and tok.lower_ in {"in", "from"}:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and (
                lemma(pobj) in lex.possessive_frames or pobj.lower_ == "point"
            ):
                poss_tok = next((c for c in pobj.children if c.dep_ == "poss"), None)
                if poss_tok is None and pobj.lower_ == "point":
                    # "point of view" with the possessor on "point"
                    poss_tok = next((c for c in pobj.subtree if c.dep_ == "poss"), None)
                if poss_tok is not None:
                    phrase = sent.doc[poss_tok.left_edge.i : pobj.i + 1].text.lower()
                    if poss_tok.lower_ in lex.author_pronouns or any(
                        ph.split()[-1] in phrase and "author" in phrase for ph in lex.author_phrases
                    ):
                        holder = [AUTHOR]
                    else:
                        holder = ctx.actors_of_np(poss_tok)
                    frame_toks = list(tok.subtree)
        elif (
            tok.dep_ == "prep"
            and tok.lower_ == "according"
            or (tok.lower_ == "to" and tok.head.lower_ == "according")
        ):
            pobj = next((c for c in tok.subtree if c.dep_ == "pobj"), None)
            if pobj is not None:
                holder = ctx.actors_of_np(pobj)
                frame_toks = list(tok.subtree)
        elif tok.dep_ == "prep" and tok.lower_ == "for" and tok.head == root and tok.i < root.i:
            after = sent.doc[tok.right_edge.i + 1] if tok.right_edge.i + 1 < sent.end else None
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            # "For Moscow, ...", not the idiom "for their part" (as for them: no view)
            if (
                after is not None
                and after.text == ","
                and pobj is not None
                and pobj.lemma_ != "part"
            ):
                holder = ctx.actors_of_np(pobj)
                frame_toks = list(tok.subtree)
        if not holder or not frame_toks:
            continue
        excl = {t.i for t in frame_toks}
        framed |= excl
        content = [t for t in sent if t.i not in excl and not t.is_punct]
        # actors holding their own views inside the frame are not its targets
        own = [
            c
            for t in content
            if lemma(t) in lex.nouns
            for p in t.children
            if p.dep_ == "poss"
            for c in ctx.mm.at(p)
        ]
        targets = [c for c in _targets_from(ctx, content, sent, holder) if c not in own]
        frame_stance = float(_head_polarity(content, lex))
        out += _make(
            ctx,
            sent,
            si,
            holder,
            targets,
            frame_stance,
            sent.doc[tok.i : frame_toks[-1].i + 1],
            content,
            0.75,
            local=_local_polarity(ctx, content),
        )

    for tok in [doc[i] for i in cue_ids]:
        if tok.i in framed:
            continue
        lem = lemma(tok)
        # a participle complement ("is concerned about Y", tagged VBN) is an adjective
        participle = tok.tag_ == "VBN" and tok.dep_ in {"acomp", "oprd"}
        if participle and tok.lower_ in lex.adjectives:
            lem = tok.lower_
        # 2. verb cues
        if (
            tok.pos_ in {"VERB", "AUX"}
            and not (participle and lem in lex.adjectives)
            and (key := cue_key(tok, lex.verbs, lex.volition, lex.experiencer))
        ):
            if _non_assertive(tok, lex):
                continue
            out += _verb_cue(ctx, sent, si, tok, key)
        # 3. adjective cues: "X is concerned about Y"
        elif (
            (tok.pos_ == "ADJ" or participle)
            and lem in lex.adjectives
            and tok.dep_ in {"acomp", "oprd", "amod"}
        ):
            if _non_assertive(tok, lex) or tok.dep_ == "amod":
                continue
            holders, _ = ctx.subject_of(tok.head)
            content = [
                t for c in tok.children if c.dep_ in {"prep", "xcomp", "ccomp"} for t in c.subtree
            ]
            neg = _negated(tok, lex) or _negated(tok.head, lex)
            stance = lex.adjectives[lem] * (-1 if neg else 1)
            targets = _targets_from(ctx, content, sent, holders)
            out += _make(
                ctx, sent, si, holders, targets, stance, tok, content, 0.7, neg, allow_null=False
            )
        # 4. noun cues
        elif tok.pos_ in {"NOUN", "PROPN"} and lem in lex.nouns:
            if _non_assertive(tok, lex):
                continue
            out += _noun_cue(ctx, sent, si, tok)
        # 5. author-stance adverbs: "Washington rightly believes ..."
        elif tok.pos_ == "ADV" and tok.lower_ in lex.author_adverbs and tok.dep_ == "advmod":
            verb = tok.head
            targets, _ = ctx.subject_of(verb)
            agents = [
                c
                for ch in verb.children
                if ch.dep_ == "agent"
                for c in ctx.mm.in_tokens(ch.subtree)
            ]
            targets = agents or targets
            content = list(verb.subtree)
            out += _make(
                ctx, sent, si, [AUTHOR], targets, lex.author_adverbs[tok.lower_], tok, content, 0.6
            )
    return out


def _depth_to(tok: Token, anchor: Token, limit: int) -> int | None:
    cur, d = tok, 0
    while d <= limit:
        if cur == anchor:
            return d
        if cur.head == cur:
            return None
        cur, d = cur.head, d + 1
    return None


def _near(anchor: Token, toks: list[Token], limit: int = 3) -> list[Token]:
    return [t for t in toks if (_depth_to(t, anchor, limit) or 0) > 0]


def _np_core_actors(ctx: Context, head: Token) -> list[str]:
    """Actors in an NP leaving out its clauses (acl/relcl)."""
    skip = {t.i for c in head.children if c.dep_ in {"acl", "relcl", "advcl"} for t in c.subtree}
    return ctx.mm.in_tokens(t for t in head.subtree if t.i not in skip)


def _verb_cue(ctx: Context, sent: Span, si: int, tok: Token, lem: str) -> list[Perspective]:
    """The view a verb states; ``lem`` is its key in the verb tables (``cue_key``)."""
    lex = ctx.lex
    clause = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
    if lem in lex.clause_only and not clause:
        return []  # "Japan held talks": no view
    senses = lex.other_senses.get(lem)
    if senses and any(
        c.dep_ in {"dobj", "obj"}
        and (c.lemma_.lower() in senses or (c.ent_type_ == "PERSON" and "person" in senses))
        for c in tok.children
    ):
        return []  # "Paris recalled its ambassador" states no memory
    neg = _negated(tok, lex)
    subj_codes, subj_tok = ctx.subject_of(tok)
    subj_excl = (
        {t.i for t in subj_tok.subtree} if subj_tok is not None and subj_tok.head == tok else set()
    )
    content = _content_of(tok, subj_excl | {tok.i})
    if lem in lex.clause_only:
        content = sorted(clause[0].subtree, key=lambda t: t.i)  # the that-clause alone
    if lem in lex.experiencer and tok.pos_ == "VERB" and _passive(tok):
        # "Poland is alarmed by X": the passive subject holds the view, the agent
        # (or "about"/"over" object) is what it is about
        stimulus = [
            t
            for c in tok.children
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in lex.stimulus_preps)
            for t in c.subtree
        ]
        if not subj_codes or not stimulus:
            return []
        stance = lex.experiencer[lem] * (-1 if neg else 1)
        about_codes = _targets_from(ctx, stimulus, sent, subj_codes)
        return _make(ctx, sent, si, subj_codes, about_codes, stance, tok, stimulus, 0.6, neg)
    if lem in lex.experiencer and tok.pos_ == "VERB":
        objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        holders = [c for o in objs for c in ctx.actors_of_np(o)]
        if not holders:
            return []
        stance = lex.experiencer[lem] * (-1 if neg else 1)
        about = sorted(subj_tok.subtree, key=lambda t: t.i) if subj_tok is not None else content
        return _make(ctx, sent, si, holders, subj_codes, stance, tok, about, 0.6, neg)
    if tok.pos_ == "AUX" and lem not in lex.volition:
        return []
    holders = subj_codes
    if not holders:
        return []
    if lem in lex.volition:
        # volition verbs are transparent: "seeks to limit Y" is a view against Y
        objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        obj_actors = [c for o in objs for c in _np_core_actors(ctx, o)]
        inner = any(t.pos_ == "VERB" and lex.verbs.get(lemma(t), 0) != 0 for t in content)
        if inner and not obj_actors:
            return []
        own = lex.volition[lem]
        if not inner:
            # the aim's own valence, where the event lexicon knows it: "tried to blow
            # up a bus station in Haifa" is hostile, "wants to meet Tokyo" friendly
            own = _aim_valence(tok) or own
    else:
        own = lex.verbs[lem]
        outer = tok.head
        # an outer stance verb owns this one ("avoid limiting ...")
        if (
            tok.dep_ in {"xcomp", "ccomp", "pcomp"}
            and outer != tok
            and lex.verbs.get(lemma(outer), 0) != 0
        ):
            return []
    if tok.dep_ == "relcl" and any(
        c.dep_ in {"dobj", "obj"} and c.tag_ in {"WDT", "WP"} for c in tok.children
    ):
        ante = tok.head
        while ante.dep_ == "conj" and ante.head != ante:
            ante = ante.head
        inside = {x.i for x in tok.subtree}
        content = [t for t in ante.subtree if t.i not in inside] + content
    # "sees X as Y": the head of the "as" complement decides a neutral cue's stance
    as_comp = [
        t
        for c in tok.children
        if c.dep_ in {"prep", "oprd"} and c.lower_ == "as"
        for t in c.subtree
    ]
    as_comp += [t for c in tok.children if c.dep_ in {"oprd", "acomp"} for t in c.subtree]
    as_comp += [
        t
        for c in tok.children
        if c.dep_ in {"xcomp", "ccomp"} and not any(g.dep_ in SUBJ_DEPS for g in c.children)
        for g in c.children
        if g.dep_ in {"attr", "acomp", "oprd"}
        for t in g.subtree
    ]
    if own != 0:
        stance = own
        conf = 0.7
    else:
        pol = _head_polarity(as_comp, lex) if as_comp else 0
        if pol == 0:
            pol = _polarity(content, lex)
        stance = float(pol)
        conf = 0.55
    if neg:
        stance = -stance
    # a clausal complement's view is about the clause's subject first
    targets: list[str] = []
    for c in tok.children:
        if c.dep_ == "ccomp":
            subj = [t for x in c.children if x.dep_ in SUBJ_DEPS for t in x.subtree]
            targets += _targets_from(ctx, subj, sent, holders) if subj else []
    if not targets:
        targets = _targets_from(ctx, content, sent, holders)
    local = _local_polarity(ctx, content) if own == 0 or stance > 0 else None
    return _make(ctx, sent, si, holders, targets, stance, tok, content, conf, neg, local=local)


def _governing_verb(tok: Token) -> Token | None:
    cur = tok
    for _ in range(6):
        if cur.head == cur:
            return cur if cur.pos_ in {"VERB", "AUX"} else None
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
    return None


def _noun_cue(ctx: Context, sent: Span, si: int, tok: Token) -> list[Perspective]:
    lex = ctx.lex
    lem = lemma(tok)
    own = lex.nouns[lem]
    if lem in lex.singular_only and tok.tag_ in {"NNS", "NNPS"}:
        return []
    holders: list[str] = []
    holder_toks: set[int] = set()
    pron_owner: list[Token] = []
    for c in tok.children:
        if c.dep_ in {"poss", "compound", "amod", "nmod"}:
            if c.pos_ == "PRON" and not ctx.mm.at(c):
                pron_owner.append(c)
                continue
            found = ctx.actors_of_np(c)
            holders += found
            if found:
                holder_toks |= {t.i for t in c.subtree}
    if not holders and lem in lex.goal_nouns:
        # "the purpose of the Japan-U.S. alliance": the goal is the alliance's partners'
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and ctx.actors_of_np(p):
                        holders += ctx.actors_of_np(p)
                        holder_toks |= {t.i for t in c.subtree}
    # "a nightmare for Japan", "a threat to Japanese interests", "presents a dilemma to Russia"
    pp_hosts = [tok]
    if tok.dep_ in {"dobj", "obj"} and lemma(tok.head) in lex.presenting:
        pp_hosts.append(tok.head)
    for host in pp_hosts:
        if holders:
            break
        for c in host.children:
            if c.dep_ in {"prep", "dative"} and c.lower_ in {"for", "to"}:
                for p in c.children:
                    if p.dep_ == "pobj":
                        holders += ctx.actors_of_np(p)
                        holder_toks |= {t.i for t in c.subtree}
    if not holders:
        # "an opportunity for Japan to diversify ..."
        for c in tok.children:
            if c.dep_ in {"acl", "advcl", "relcl"}:
                for g in c.children:
                    if g.dep_ in SUBJ_DEPS and ctx.mm.at(g):
                        holders += ctx.mm.at(g)
                        holder_toks |= {g.i} | {m.i for m in c.children if m.dep_ == "mark"}
    if not holders:
        for c in pron_owner:
            holders += ctx.actors_of_np(c)
    verb = _governing_verb(tok)
    if verb is not None and tok.dep_ in {"dobj", "obj"} and lex.verbs.get(lemma(verb)) == 0:
        return []  # "considers Washington's priorities as ...": the topic of another's view
    if (
        not holders
        and verb is not None
        and tok.dep_ in {"dobj", "obj"}
        and lemma(verb) in lex.having
    ):
        holders, _ = ctx.subject_of(verb)
    if not holders:
        return []
    own_content = [
        t
        for c in tok.children
        if (c.dep_ in {"prep", "acl", "relcl", "xcomp", "advcl"} and c.lower_ not in {"for", "to"})
        for t in c.subtree
        if t.i not in holder_toks
    ]
    clause: list[Token] = []
    if verb is not None:
        subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
        in_subject = any(tok.i in {t.i for t in s.subtree} for s in subjects)
        if in_subject:
            clause = [
                t
                for c in verb.children
                if c.dep_ not in SUBJ_DEPS and c.dep_ != "punct" and c.dep_ != "aux"
                for t in c.subtree
            ]
        elif (own != 0 and lemma(verb) in lex.presenting) or (
            own == 0 and lemma(verb) not in lex.meta and tok.dep_ in {"dobj", "obj"}
        ):
            host = verb
            for _ in range(3):
                subs = [c for c in host.children if c.dep_ in SUBJ_DEPS]
                # a parse that left the subject unlabelled: a nominal "dep" before the verb
                subs = subs or [
                    c
                    for c in host.lefts
                    if c.dep_ in {"dep", "nmod"} and c.pos_ in {"NOUN", "PROPN"}
                ]
                if subs or host.dep_ not in {"advcl", "xcomp", "conj"} or host.head == host:
                    break
                host = host.head
            clause = [t for sb in subs for t in sb.subtree]
    if own == 0 and (not clause or _polarity(clause, lex) == 0):
        return []  # a view named ("Russia's assessment"), not stated
    if own != 0 and not own_content and not clause:
        return []
    content = own_content or clause
    targets = _targets_from(ctx, own_content, sent, holders) or _targets_from(
        ctx, clause, sent, holders
    )
    if own != 0:
        stance = float(own)
        if lem in lex.goal_nouns and (
            _polarity(_near(tok, own_content, 3), lex) < 0
            or _head_polarity(clause, lex, whole=False) < 0
        ):
            stance = -1.0  # "the goal of containing X", "the desire ... is the prevention of X"
    else:
        stance = float(_polarity(clause + own_content, lex))
    if _negated(tok, lex):
        stance = -stance
    return _make(
        ctx,
        sent,
        si,
        holders,
        targets,
        stance,
        tok,
        content or [tok],
        0.55,
        allow_null=own != 0
        and lem in lex.null_target_nouns
        and verb is not None
        and lemma(verb) == "be",
        issue_toks=content,
        local=_local_polarity(ctx, content),
    )
