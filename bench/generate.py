"""A generator of synthetic corpora about relations between states, for benchmarks.

Every document is written from templates and word lists of our own: news reports,
op-eds, think-tank briefs (Markdown, with footnotes and references) and web pages
(HTML with navigation, share links and a footer). Documents name many actors in
many ways (country names, capitals, institutions, demonyms, compound dyads), carry
cooperation and conflict verbs, dates, quotes, perspectives, causal claims, some
boilerplate, a little OCR damage, and now and then restate a passage of an earlier
document (near-duplicates, as an abstract restates a chapter).

The output is deterministic for a seed, and streamed: each file is written as soon
as it is generated and only a small, bounded window of recent paragraphs is kept
(for near-duplicates), so a million documents need no more memory than ten.

    python bench/generate.py OUT --docs 1000 --seed 1
"""

from __future__ import annotations

import argparse
import html
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --- actors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    name: str
    capital: str
    adjective: str
    institution: str  # metonym for the government ("the Kremlin"), or "" if none


_STATES: tuple[Actor, ...] = tuple(
    Actor(*row)
    for row in (
        ("Japan", "Tokyo", "Japanese", "the Diet"),
        ("Russia", "Moscow", "Russian", "the Kremlin"),
        ("the United States", "Washington", "American", "the White House"),
        ("China", "Beijing", "Chinese", "Zhongnanhai"),
        ("South Korea", "Seoul", "South Korean", "the Blue House"),
        ("North Korea", "Pyongyang", "North Korean", ""),
        ("India", "New Delhi", "Indian", "South Block"),
        ("Pakistan", "Islamabad", "Pakistani", ""),
        ("Germany", "Berlin", "German", "the Chancellery"),
        ("France", "Paris", "French", "the Elysee"),
        ("the United Kingdom", "London", "British", "Downing Street"),
        ("Turkey", "Ankara", "Turkish", ""),
        ("Iran", "Tehran", "Iranian", ""),
        ("Saudi Arabia", "Riyadh", "Saudi", ""),
        ("Israel", "Jerusalem", "Israeli", ""),
        ("Egypt", "Cairo", "Egyptian", ""),
        ("Brazil", "Brasilia", "Brazilian", "the Planalto"),
        ("Argentina", "Buenos Aires", "Argentine", "the Casa Rosada"),
        ("Mexico", "Mexico City", "Mexican", ""),
        ("Canada", "Ottawa", "Canadian", ""),
        ("Australia", "Canberra", "Australian", ""),
        ("Indonesia", "Jakarta", "Indonesian", ""),
        ("Vietnam", "Hanoi", "Vietnamese", ""),
        ("the Philippines", "Manila", "Philippine", "Malacanang"),
        ("Thailand", "Bangkok", "Thai", ""),
        ("Malaysia", "Kuala Lumpur", "Malaysian", ""),
        ("Singapore", "Singapore", "Singaporean", ""),
        ("Ukraine", "Kyiv", "Ukrainian", ""),
        ("Poland", "Warsaw", "Polish", ""),
        ("Kazakhstan", "Astana", "Kazakh", "Akorda"),
        ("Mongolia", "Ulaanbaatar", "Mongolian", ""),
        ("Nigeria", "Abuja", "Nigerian", ""),
        ("South Africa", "Pretoria", "South African", "the Union Buildings"),
        ("Ethiopia", "Addis Ababa", "Ethiopian", ""),
        ("Kenya", "Nairobi", "Kenyan", ""),
        ("Italy", "Rome", "Italian", "Palazzo Chigi"),
        ("Spain", "Madrid", "Spanish", "La Moncloa"),
        ("Norway", "Oslo", "Norwegian", ""),
        ("Sweden", "Stockholm", "Swedish", ""),
        ("Qatar", "Doha", "Qatari", ""),
    )
)
_ORGS: tuple[str, ...] = (
    "NATO",
    "the United Nations",
    "ASEAN",
    "the European Union",
    "the African Union",
    "the Shanghai Cooperation Organisation",
    "the G7",
    "the IAEA",
    "the World Trade Organization",
)
_ROLES: tuple[str, ...] = (
    "foreign minister",
    "defence minister",
    "prime minister",
    "president",
    "trade minister",
    "chief negotiator",
    "ambassador",
    "deputy foreign minister",
    "national security adviser",
    "finance minister",
    "government spokesperson",
    "senior diplomat",
)
_SECTORS: tuple[str, ...] = (
    "officials",
    "diplomats",
    "military officers",
    "lawmakers",
    "negotiators",
    "analysts",
    "business leaders",
    "coast guard officers",
    "energy executives",
    "defence planners",
)

# --- verbs and objects ----------------------------------------------------------------

_COOPERATION: tuple[str, ...] = (
    "signed a trade agreement with",
    "held talks with",
    "agreed to cooperate with",
    "expanded energy ties with",
    "pledged aid to",
    "hosted a delegation from",
    "reached a memorandum of understanding with",
    "resumed dialogue with",
    "welcomed the proposal of",
    "conducted joint exercises with",
    "extended a credit line to",
    "praised the restraint of",
    "opened a consulate in",
    "eased visa rules for",
    "sought closer security ties with",
    "offered to mediate between the factions in",
    "lifted export restrictions on",
    "renewed a fisheries accord with",
    "announced a strategic partnership with",
    "exchanged prisoners with",
)
_CONFLICT: tuple[str, ...] = (
    "criticised",
    "imposed tariffs on",
    "expelled diplomats from",
    "warned",
    "accused",
    "threatened sanctions against",
    "protested to",
    "suspended talks with",
    "condemned",
    "recalled its ambassador from",
    "blocked a resolution drafted by",
    "seized a vessel belonging to",
    "froze the assets of",
    "rejected the claims of",
    "staged naval drills near",
    "cut gas supplies to",
    "demanded an apology from",
    "banned imports from",
    "restricted overflight rights for",
    "issued an ultimatum to",
)
_TOPICS: tuple[str, ...] = (
    "fisheries",
    "rare earths",
    "naval patrols",
    "grain exports",
    "pipeline tariffs",
    "visa rules",
    "border trade",
    "satellite launches",
    "port access",
    "missile defense",
    "the disputed islands",
    "nuclear enrichment",
    "cyber intrusions",
    "refugee flows",
    "steel quotas",
    "semiconductor exports",
    "a hydropower dam",
    "overflight rights",
    "the peace treaty",
    "airspace violations",
    "liquefied natural gas",
    "debt relief",
    "arms sales",
    "the maritime boundary",
    "student exchanges",
    "a rail corridor",
    "wheat shipments",
    "sanctions relief",
    "election interference",
    "a free trade zone",
    "Arctic shipping lanes",
    "undersea cables",
    "vaccine supplies",
    "oil prices",
    "the ceasefire line",
    "customs procedures",
    "investment screening",
    "the naval base",
)
_REGIONS: tuple[str, ...] = (
    "the Korean Peninsula",
    "the South China Sea",
    "the Black Sea",
    "the Baltic",
    "the Arctic",
    "Central Asia",
    "the Gulf",
    "the Horn of Africa",
    "the Indo-Pacific",
    "the Taiwan Strait",
    "the Eastern Mediterranean",
    "the Caucasus",
    "the Sahel",
)
_ADVERBS: tuple[str, ...] = (
    "quietly",
    "publicly",
    "abruptly",
    "once again",
    "for the first time",
    "reluctantly",
    "unexpectedly",
    "formally",
    "cautiously",
    "repeatedly",
)
_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_TRENDS: tuple[str, ...] = (
    "moving in a positive direction",
    "deteriorating",
    "at their lowest point in a decade",
    "stable but cool",
    "warmer than at any time since the Cold War",
    "strained",
    "improving slowly",
    "frozen",
)
_STANCES: tuple[str, ...] = (
    "a threat to its security",
    "a useful counterweight",
    "an unreliable partner",
    "an indispensable ally",
    "a rival for influence",
    "a source of investment",
    "an obstacle to a settlement",
    "a partner of convenience",
)
_CAUSES: tuple[str, ...] = (
    "the deployment of missile defense systems",
    "falling energy prices",
    "a new round of sanctions",
    "the modernisation of the navy",
    "rising food prices",
    "a change of government",
    "the expansion of the alliance",
    "a surge in migration",
    "the collapse of the arms control regime",
    "growing trade dependence",
    "a dispute over fishing rights",
    "the construction of the pipeline",
)
_EFFECTS: tuple[str, ...] = (
    "closer military coordination",
    "a hardening of positions",
    "a freeze in talks",
    "new investment flows",
    "an arms race",
    "a rapprochement",
    "higher defence spending",
    "a search for new partners",
    "domestic pressure on the government",
    "a realignment of the region",
    "a slowdown in trade",
    "the resumption of dialogue",
)
_QUOTES: tuple[str, ...] = (
    "We are ready to deepen our partnership on {topic}",
    "Nobody should doubt our resolve over {topic}",
    "The door to dialogue remains open",
    "This decision was taken without consultation and we regret it",
    "Our relations are {trend}",
    "We will respond in a proportionate manner",
    "There can be no settlement on {topic} without mutual trust",
    "We see no alternative to negotiations",
    "These measures are unacceptable and counterproductive",
    "Cooperation on {topic} serves both our peoples",
)
_OUTLETS: tuple[str, ...] = (
    "The Meridian Review",
    "Global Affairs Daily",
    "The Strait Times Online",
    "Eurasia Monitor",
    "Pacific Ledger",
    "The Northern Courier",
    "World Desk",
    "Atlas Policy Forum",
)
_FIRST: tuple[str, ...] = (
    "Anna",
    "Kenji",
    "Olga",
    "David",
    "Mei",
    "Rahul",
    "Sofia",
    "Tomas",
    "Aiko",
    "Pavel",
    "Laura",
    "Hyun-woo",
    "Amara",
    "Lukas",
    "Nadia",
    "Samuel",
    "Yuki",
    "Irina",
    "Carlos",
    "Leila",
)
_LAST: tuple[str, ...] = (
    "Ivanova",
    "Tanaka",
    "Morris",
    "Chen",
    "Sharma",
    "Novak",
    "Kowalski",
    "Sato",
    "Petrov",
    "Garcia",
    "Kim",
    "Okafor",
    "Berg",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Yamamoto",
    "Silva",
)
_BOILERPLATE: tuple[str, ...] = (
    "Also read: {title}",
    "Download this publication (PDF, 1.2 MB)",
    "The views expressed in this article are the author's own and do not reflect the editorial position of {outlet}.",
    "Subscribe to our newsletter for weekly analysis.",
    "Share this article: Facebook | Twitter | LinkedIn | Email",
    "Copyright © {year} {outlet}. All rights reserved.",
    "Follow us on social media for the latest updates.",
    "Related: {title}",
)
_OCR_DAMAGE: tuple[tuple[str, str], ...] = (
    ("gradually", "pradually"),
    ("relations", "re- lations"),
    ("government", "govemment"),
    ("military", "rnilitary"),
    ("agreement", "agree-\nment"),
    ("the", "tbe"),
    ("security", "securiry"),
    ("minister", "rninister"),
)


# --- sentences ------------------------------------------------------------------------


class _Writer:
    """Sentence and paragraph generator around one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # Each document is "about" a few actors, so that its sentences cohere.
        self.cast: list[Actor] = rng.sample(_STATES, rng.randint(2, 5))

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def actor(self) -> Actor:
        rng = self.rng
        return rng.choice(self.cast) if rng.random() < 0.8 else rng.choice(_STATES)

    def pair(self) -> tuple[Actor, Actor]:
        a = self.actor()
        b = self.actor()
        while b is a:
            b = self.rng.choice(_STATES)
        return a, b

    def name(self, actor: Actor, *, subject: bool = True) -> str:
        """The actor, named one of several ways (country, capital, institution, people)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            text = actor.name
        elif roll < 0.7:
            text = actor.capital
        elif roll < 0.8 and actor.institution:
            text = actor.institution
        elif roll < 0.92:
            text = f"the {actor.adjective} government"
        else:
            text = f"{actor.adjective} {self.pick(_SECTORS)}"
        return text[0].upper() + text[1:] if subject else text

    def date(self) -> str:
        rng = self.rng
        roll = rng.random()
        year = rng.randint(1992, 2025)
        if roll < 0.4:
            return f"on {rng.randint(1, 28)} {self.pick(_MONTHS)} {year}"
        if roll < 0.65:
            return f"in {self.pick(_MONTHS)} {year}"
        if roll < 0.85:
            return f"on {self.pick(_WEEKDAYS)}"
        return f"in {year}"

    def person(self) -> str:
        return f"{self.pick(_FIRST)} {self.pick(_LAST)}"

    def sentence(self) -> str:
        return self.rng.choice(_TEMPLATES)(self)

    def paragraph(self, n: int | None = None) -> str:
        count = n if n is not None else self.rng.randint(3, 7)
        return " ".join(self.sentence() for _ in range(count))


_TAILS: tuple[str, ...] = (
    ", a move that {analyst} called {judgement}",
    ", according to {outlet}",
    ", despite objections from {other}",
    ", weeks after {other} raised concerns about {topic2}",
    ", in what {analyst} described as {judgement}",
    ", ahead of a summit in {city}",
    ", the {nth} such step this year",
    ", citing {topic2}",
    ", a decision welcomed in {city} but criticised in {city2}",
    ", raising questions about {topic2}",
    ", as {count} {sector} looked on",
)
_JUDGEMENTS: tuple[str, ...] = (
    "a calculated gamble",
    "long overdue",
    "a dangerous escalation",
    "largely symbolic",
    "a turning point",
    "a warning shot",
    "a sign of growing confidence",
    "a tactical retreat",
    "an overreaction",
    "a pragmatic compromise",
    "a test of the alliance",
    "a diplomatic coup",
)
_NTH: tuple[str, ...] = ("second", "third", "fourth", "fifth", "latest")


def _tail(w: _Writer) -> str:
    if w.rng.random() < 0.45:
        return ""
    return w.pick(_TAILS).format(
        analyst=w.person() if w.rng.random() < 0.5 else f"one {w.actor().adjective} analyst",
        judgement=w.pick(_JUDGEMENTS),
        outlet=w.pick(_OUTLETS),
        other=w.name(w.rng.choice(_STATES), subject=False),
        topic2=w.pick(_TOPICS),
        city=w.rng.choice(_STATES).capital,
        city2=w.rng.choice(_STATES).capital,
        nth=w.pick(_NTH),
        count=w.rng.randint(3, 400),
        sector=w.pick(_SECTORS),
    )


def _event(w: _Writer) -> str:
    a, b = w.pair()
    verb = w.pick(_COOPERATION if w.rng.random() < 0.55 else _CONFLICT)
    adverb = f" {w.pick(_ADVERBS)}" if w.rng.random() < 0.3 else ""
    when = w.date()
    topic = w.pick(_TOPICS)
    if w.rng.random() < 0.5:
        return f"{when[0].upper()}{when[1:]}, {w.name(a, subject=False)}{adverb} {verb} {w.name(b, subject=False)} over {topic}{_tail(w)}."
    return f"{w.name(a)}{adverb} {verb} {w.name(b, subject=False)} over {topic} {when}{_tail(w)}."


def _reported(w: _Writer) -> str:
    a, b = w.pair()
    verb = w.pick(_COOPERATION + _CONFLICT)
    return (
        f"{a.adjective} {w.pick(_SECTORS)} said {w.date()} that {w.name(a, subject=False)} "
        f"{verb} {w.name(b, subject=False)}{_tail(w) or ', citing ' + w.pick(_TOPICS)}."
    )


def _quote(w: _Writer) -> str:
    a = w.actor()
    text = w.pick(_QUOTES).format(topic=w.pick(_TOPICS), trend=w.pick(_TRENDS))
    who = f"the {a.adjective} {w.pick(_ROLES)}"
    if w.rng.random() < 0.5:
        where = w.pick(("told reporters in", "said in", "told a news conference in", "wrote from"))
        return f"\u201c{text},\u201d {who} {where} {w.rng.choice(_STATES).capital} {w.date()}."
    return f"{who[0].upper()}{who[1:]}, {w.person()}, said: \u201c{text}.\u201d"


def _relation(w: _Writer) -> str:
    a, b = w.pair()
    forms = (
        f"Relations between {a.name} and {b.name} are {w.pick(_TRENDS)}{_tail(w)}.",
        f"The {a.adjective}-{b.adjective} relationship has been {w.pick(_TRENDS)} since {w.rng.randint(1991, 2022)}.",
        f"The dispute between {a.capital} and {b.capital} over {w.pick(_TOPICS)} remains unresolved{_tail(w)}.",
        f"{a.capital}\u2013{b.capital} ties over {w.pick(_TOPICS)} have been {w.pick(_TRENDS)} for years.",
    )
    return w.rng.choice(forms)


def _perspective(w: _Writer) -> str:
    a, b = w.pair()
    forms = (
        f"In {a.capital}'s eyes, {b.name} is {w.pick(_STANCES)}{_tail(w)}.",
        f"{w.name(a)} will continue to see {w.name(b, subject=False)} as {w.pick(_STANCES)}.",
        f"{w.name(a)} categorically opposes {w.pick(_CAUSES)} in {w.pick(_REGIONS)}{_tail(w)}.",
        f"Seen from {a.capital}, the {b.adjective} position on {w.pick(_TOPICS)} looks like {w.pick(_JUDGEMENTS)}.",
        f"For many in {a.capital}, {w.pick(_TOPICS)} is a test of {b.adjective} intentions.",
    )
    return w.rng.choice(forms)


def _causal(w: _Writer) -> str:
    a, b = w.pair()
    cause, effect = w.pick(_CAUSES), w.pick(_EFFECTS)
    if w.rng.random() < 0.5:
        cause = f"{cause} in {w.pick(_REGIONS)}"
    forms = (
        f"Because of {cause}, {w.name(a, subject=False)} is likely to seek {effect} with {w.name(b, subject=False)}{_tail(w)}.",
        f"If {b.name} pushes ahead with {cause}, {a.name} may respond with {effect}{_tail(w)}.",
        f"{cause[0].upper()}{cause[1:]} has led to {effect} between {a.name} and {b.name}{_tail(w)}.",
        f"{w.person()} of {w.pick(_OUTLETS)} expects {cause} to bring about {effect} by {w.rng.randint(2025, 2040)}.",
        f"Few in {a.capital} doubt that {cause} will mean {effect}{_tail(w)}.",
    )
    return w.rng.choice(forms)


def _context(w: _Writer) -> str:
    a, b = w.pair()
    org = w.pick(_ORGS)
    forms = (
        f"The talks took place on the sidelines of a {org.removeprefix('the ')} meeting in {w.rng.choice(_STATES).capital}.",
        f"Both {a.name} and {b.name} are members of {org}, which has urged restraint in {w.pick(_REGIONS)}{_tail(w)}.",
        f"Trade between {a.name} and {b.name} reached {w.rng.randint(2, 380)}.{w.rng.randint(0, 9)} billion dollars in {w.rng.randint(2001, 2024)}, {w.pick(('up', 'down'))} {w.rng.randint(1, 40)} percent{_tail(w)}.",
        f"The {a.adjective} and {b.adjective} leaders last met {w.date()}, in {w.pick(_REGIONS)} talks hosted by {org}.",
        f"Security in {w.pick(_REGIONS)} has become a concern for {a.name}, {b.name} and {org} alike.",
    )
    return w.rng.choice(forms)


_TEMPLATES: tuple[Callable[[_Writer], str], ...] = (
    _event,
    _event,
    _event,
    _reported,
    _quote,
    _relation,
    _perspective,
    _causal,
    _causal,
    _context,
)


# --- documents ---------------------------------------------------------------------------


def _title(w: _Writer) -> str:
    a, b = w.pair()
    forms = (
        f"{a.name.removeprefix('the ')} and {b.name.removeprefix('the ')}: {w.pick(_TOPICS)} in focus",
        f"Why {a.capital} is rethinking its approach to {b.capital}",
        f"{a.adjective}-{b.adjective} relations after the {w.pick(_TOPICS)} row",
        f"The {w.pick(_REGIONS).removeprefix('the ')} and the limits of {a.adjective} power",
        f"{a.name.removeprefix('the ')} {w.pick(_CONFLICT + _COOPERATION).split(' ')[0]} {b.name.removeprefix('the ')}",
    )
    title = w.rng.choice(forms)
    return title[0].upper() + title[1:]


def _body(w: _Writer, words: int, recent: deque[str]) -> list[str]:
    """Paragraphs up to about ``words`` words; sometimes restating a recent paragraph."""
    paragraphs: list[str] = []
    total = 0
    while total < words:
        if recent and w.rng.random() < 0.04:
            paragraphs.append(_restate(w, w.rng.choice(recent)))
        else:
            paragraphs.append(w.paragraph())
        total += len(paragraphs[-1].split())
    return paragraphs


def _restate(w: _Writer, paragraph: str) -> str:
    """A near-duplicate of ``paragraph``: same sentences, lightly reworded, some dropped."""
    sentences = paragraph.split(". ")
    kept = [s for s in sentences if w.rng.random() < 0.85] or sentences[:1]
    text = ". ".join(kept)
    for before, after in (("said", "stated"), ("Analysts", "Observers"), ("talks", "negotiations")):
        if w.rng.random() < 0.5:
            text = text.replace(before, after, 1)
    return text


def _damage(w: _Writer, text: str) -> str:
    """A little OCR damage, as in scanned chapters."""
    for right, wrong in _OCR_DAMAGE:
        if right in text and w.rng.random() < 0.3:
            text = text.replace(right, wrong, 1)
    return text


def _news(w: _Writer, words: int, recent: deque[str]) -> tuple[str, str]:
    outlet = w.pick(_OUTLETS)
    title = _title(w)
    city = w.actor().capital.upper()
    paragraphs = _body(w, words, recent)
    paragraphs[0] = f"{city} \u2014 {paragraphs[0]}"
    lines = [title, f"By {w.person()}, {outlet}", "", *_spaced(paragraphs)]
    if w.rng.random() < 0.6:
        lines += ["", _boiler(w, outlet), _boiler(w, outlet)]
    return "txt", "\n".join(lines) + "\n"


def _oped(w: _Writer, words: int, recent: deque[str]) -> tuple[str, str]:
    outlet = w.pick(_OUTLETS)
    title = _title(w)
    paragraphs = _body(w, words, recent)
    pulled = paragraphs[min(1, len(paragraphs) - 1)].split(". ")[0].rstrip(".") + "."
    a = w.actor()
    caption = f"Photo: The {a.adjective} {w.pick(_ROLES)} arrives in {w.actor().capital}. ({w.pick(_OUTLETS)} / {w.person()})"
    lines = [title, "", f"Opinion | {w.person()}", "", caption, ""]
    for index, paragraph in enumerate(paragraphs):
        lines += [paragraph, ""]
        if index == 2:
            lines += [pulled, ""]
    lines += [_boiler(w, outlet), "", f"{w.person()} is a senior fellow at {w.pick(_OUTLETS)}."]
    return "txt", "\n".join(lines) + "\n"


def _chapter(w: _Writer, words: int, recent: deque[str]) -> tuple[str, str]:
    title = _title(w)
    paragraphs = [_damage(w, p) for p in _body(w, words, recent)]
    header = title.upper()
    lines = [f"CHAPTER {w.rng.randint(1, 12)}", "", title, ""]
    for index, paragraph in enumerate(paragraphs):
        lines += [_wrap(paragraph, w.rng.randint(60, 80)), ""]
        if index % 3 == 2:
            lines += [f"{w.rng.randint(20, 300)}    {header}", ""]
    return "txt", "\n".join(lines) + "\n"


def _brief(w: _Writer, words: int, recent: deque[str]) -> tuple[str, str]:
    title = _title(w)
    paragraphs = _body(w, words, recent)
    lines = [f"# {title}", "", f"*{w.person()} and {w.person()}, {w.pick(_OUTLETS)}*", ""]
    sections = ("Summary", "Background", "Analysis", "Outlook", "Recommendations")
    notes: list[int] = []
    for index, paragraph in enumerate(paragraphs):
        if index % 2 == 0 and index // 2 < len(sections):
            lines += [f"## {sections[index // 2]}", ""]
        if w.rng.random() < 0.4:
            notes.append(len(notes) + 1)
            paragraph = f"{paragraph}[^{notes[-1]}]"
        lines += [paragraph, ""]
    if notes:
        lines += ["## Notes", ""]
        for number in notes:
            lines.append(
                f"[^{number}]: {w.person()}, \u201c{_title(w)},\u201d {w.pick(_OUTLETS)}, "
                f"{w.rng.randint(1995, 2025)}, p. {w.rng.randint(3, 240)}."
            )
    lines += ["", _boiler(w, w.pick(_OUTLETS))]
    return "md", "\n".join(lines) + "\n"


def _page(w: _Writer, words: int, recent: deque[str]) -> tuple[str, str]:
    outlet = w.pick(_OUTLETS)
    title = _title(w)
    paragraphs = _body(w, words, recent)
    esc = html.escape
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>'
        for s in ("Home", "Regions", "Topics", "Events", "About")
    )
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | {esc(outlet)}</title>
<meta name="author" content="{esc(w.person())}"></head>
<body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>{esc(title)}</h1>
<p class="byline">By {esc(w.person())}</p>
{body}
<div class="share">Share: Facebook Twitter LinkedIn</div>
</article></main>
<aside><h3>Also read</h3><ul><li><a href="/a">{esc(_title(w))}</a></li><li><a href="/b">{esc(_title(w))}</a></li></ul></aside>
<footer><p>{esc(_boiler(w, outlet))}</p><p>Privacy policy | Terms of use | Contact</p></footer>
</body></html>
"""
    return "html", page


def _spaced(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        out += [paragraph, ""]
    return out


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _boiler(w: _Writer, outlet: str) -> str:
    return w.pick(_BOILERPLATE).format(
        title=_title(w), outlet=outlet, year=w.rng.randint(2000, 2025)
    )


_KINDS: tuple[tuple[float, Callable[[_Writer, int, deque[str]], tuple[str, str]]], ...] = (
    (0.45, _news),
    (0.20, _oped),
    (0.15, _chapter),
    (0.12, _brief),
    (0.08, _page),
)

#: How many recent paragraphs are kept to restate (bounded: memory stays flat).
RECENT = 64
#: Files per sub-folder.
PER_FOLDER = 500


def _pick_kind(roll: float) -> Callable[[_Writer, int, deque[str]], tuple[str, str]]:
    for share, make in _KINDS:
        if roll < share:
            return make
        roll -= share
    return _KINDS[-1][1]


def document(index: int, seed: int, recent: deque[str]) -> tuple[str, str]:
    """Document ``index`` of the corpus for ``seed``: (suffix, text)."""
    rng = random.Random(f"{seed}:{index}")
    writer = _Writer(rng)
    make = _pick_kind(rng.random())
    suffix, text = make(writer, rng.randint(300, 900), recent)
    return suffix, text


def generate(folder: Path, n_docs: int, seed: int = 1) -> int:
    """Write ``n_docs`` documents under ``folder`` (sub-folders of 500); return how many.

    Deterministic for ``seed``: the same call writes the same bytes.
    """
    folder = Path(folder)
    recent: deque[str] = deque(maxlen=RECENT)
    for index in range(n_docs):
        suffix, text = document(index, seed, recent)
        sub = folder / f"{index // PER_FOLDER:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"doc_{index:07d}.{suffix}"
        path.write_text(text, encoding="utf-8")
        # Remember a paragraph or two for later near-duplicates.
        paragraphs = [p for p in text.split("\n\n") if len(p.split()) > 40 and "<" not in p]
        if paragraphs:
            recent.append(random.Random(f"{seed}:{index}:r").choice(paragraphs))
    return n_docs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("--docs", type=int, default=100, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    count = generate(args.out, args.docs, args.seed)
    print(f"wrote {count} documents to {args.out}")


if __name__ == "__main__":
    main()
