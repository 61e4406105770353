"""The actor registry: states, organisations, institutions, leaders and places, as data.

Everything here is read from the files in ``realpolitik/actors/data`` (and, optionally,
a user YAML file), so the registry can be corrected or extended without touching code.
See ``docs/actors.md`` for the formats.

Surface forms are case-sensitive ("US" is the United States, "us" is a pronoun;
"Turkey" is a state, "turkey" a bird); :func:`surface_forms` gives them lowercased for
helpers (such as OCR repair) that only need a vocabulary.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import pycountry

from realpolitik.yamlfile import read_yaml

EntryKind = Literal["actor", "location", "ignore"]

#: How an entry was found; also :attr:`realpolitik.records.Mention.via`.
VIAS = (
    "name",
    "capital",
    "demonym",
    "institution",
    "organisation",
    "leader",
    "historic",
    "combining",
    "location",
    "user",
)


@dataclass(frozen=True)
class Entry:
    """What a surface form refers to."""

    code: str  # actor code (RUS, JPNGOV, NATO) or, for locations, the place's name
    kind: EntryKind = "actor"
    via: str = "name"


@dataclass(frozen=True)
class Leader:
    """A term of office: one row of ``leaders.csv``."""

    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    start: str
    end: str | None = None

    def in_office(self, date: str) -> bool:
        """Whether ``date`` (ISO, any precision ``YYYY[-MM[-DD]]``) falls in this term."""
        d = _pad_date(date)
        return self.start <= d and (self.end is None or d < self.end)

    @property
    def code(self) -> str:
        """The actor code of a head of state or government: the state's government."""
        return f"{self.country}GOV"


@dataclass(frozen=True)
class State:
    """A state (current or historical) with its names."""

    code: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    start: str | None = None
    end: str | None = None
    successor: str | None = None


@dataclass
class Registry:
    """All surface forms and what they mean. Build with :func:`load_registry`."""

    forms: dict[str, Entry] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)  # code -> display name
    leaders: list[Leader] = field(default_factory=list)
    leader_forms: dict[str, list[Leader]] = field(default_factory=dict)
    combining: dict[str, str] = field(default_factory=dict)  # "Sino" -> CHN (before a dash)
    sectors: dict[str, str] = field(default_factory=dict)  # "foreign ministry" -> GOV
    territories: dict[str, str] = field(default_factory=dict)  # ISO code -> place name
    name_heads: frozenset[str] = frozenset()  # "Agreement": "Paris Agreement" is no actor
    version: str = "builtin"

    def add(self, form: str, entry: Entry, *, override: bool = False) -> None:
        """Register ``form``; an existing form keeps its first meaning unless ``override``."""
        form = _norm_space(form)
        if not form:
            return
        if override or form not in self.forms:
            self.forms[form] = entry

    def add_leader(self, leader: Leader) -> None:
        self.leaders.append(leader)
        for form in (leader.name, *leader.aliases):
            form = _norm_space(form)
            if form:
                bucket = self.leader_forms.setdefault(form, [])
                if leader not in bucket:
                    bucket.append(leader)

    def lookup(self, form: str) -> Entry | None:
        return self.forms.get(form)

    def leaders_for(self, form: str, date: str | None = None) -> list[Leader]:
        """Terms matching a name form, narrowed to ``date`` when one is given and fits."""
        terms = self.leader_forms.get(form, [])
        if date and terms:
            dated = [t for t in terms if t.in_office(date)]
            if dated:
                return dated
        return terms

    def office_holder(self, country: str, role: str, date: str) -> Leader | None:
        """Who held ``role`` (``president``, ``prime minister``, ...) in ``country`` on ``date``."""
        for leader in self.leaders:
            if leader.country == country and leader.role == role and leader.in_office(date):
                return leader
        return None

    def roles(self) -> frozenset[str]:
        return frozenset(leader.role for leader in self.leaders)

    def state_name(self, code: str) -> str:
        state = self.states.get(code[:3])
        if state is not None:
            return state.name
        return self.organisations.get(code, code)


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def _place_name(form: str) -> str:
    """A place's name without a leading article: "the Kuril Islands" -> "Kuril Islands"."""
    form = _norm_space(form)
    return form[4:] if form.lower().startswith("the ") else form


def _pad_date(date: str) -> str:
    date = date.strip()[:10]
    if len(date) == 4:
        return date + "-07-01"
    if len(date) == 7:
        return date + "-15"
    return date


def _split(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _data_file(name: str) -> Traversable:
    return resources.files("realpolitik.actors").joinpath("data", name)


def _data_text(name: str) -> str:
    return _data_file(name).read_text("utf-8")


def _rows(name: str) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(_data_text(name).splitlines())


def _pycountry_names(code: str) -> tuple[str, tuple[str, ...]]:
    country: Any = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code, ()
    names = [
        getattr(country, "common_name", None),
        country.name,
        getattr(country, "official_name", None),
    ]
    usable = tuple(n for n in names if n and "," not in n and "(" not in n)
    display = getattr(country, "common_name", None) or country.name
    return display, usable


def _build_builtin() -> Registry:
    reg = Registry()
    # places first would lose to actors on equal forms; actors are added first and a
    # place never overrides an actor form.
    for row in _rows("states.csv"):
        code = row["code"]
        display, py_names = _pycountry_names(code)
        names = _split(row["names"])
        state = State(
            code,
            names[0] if names else display,
            tuple(dict.fromkeys((*names, *py_names))),
            _split(row["adjectives"]),
            _split(row["capitals"]),
        )
        reg.states[code] = state
        for form in state.names:
            reg.add(form, Entry(code, "actor", "name"))
        for form in state.adjectives:
            reg.add(form, Entry(code, "actor", "demonym"))
        for form in state.capitals:
            reg.add(form, Entry(code, "actor", "capital"))
    for row in _rows("historic.csv"):
        code = row["code"]
        names = _split(row["names"])
        state = State(
            code,
            names[0],
            names,
            _split(row["adjectives"]),
            _split(row["capitals"]),
            row["start"] or None,
            row["end"] or None,
            row["successor"] or None,
        )
        reg.states[code] = state
        for form in (*state.names, *state.adjectives, *state.capitals):
            reg.add(form, Entry(code, "actor", "historic"))
    for row in _rows("institutions.csv"):
        for form in _split(row["forms"]):
            reg.add(form, Entry(row["code"], "actor", row.get("via") or "institution"))
    for row in _rows("orgs.csv"):
        reg.organisations[row["code"]] = row["name"]
        for form in _split(row["forms"]):
            reg.add(form, Entry(row["code"], "actor", "organisation"))
    for row in _rows("combining.csv"):
        reg.combining[row["form"]] = row["code"]
    for row in _rows("leaders.csv"):
        reg.add_leader(
            Leader(
                row["name"],
                _split(row["aliases"]),
                row["country"],
                row["role"],
                row["start"],
                row["end"] or None,
            )
        )
    places: dict[str, Any] = read_yaml(_data_file("locations.yaml"))
    for code in places.get("territories", []):
        country: Any = pycountry.countries.get(alpha_3=code)
        if country is None:
            continue
        display = (getattr(country, "common_name", None) or country.name).split("(")[0].strip()
        reg.territories[code] = display
        for form in {display, country.name, getattr(country, "official_name", None)}:
            if form:
                form = form.split("(")[0].strip()
                reg.add(form, Entry(display, "location", "location"), override=True)
    for form in places.get("places", []):
        reg.add(str(form), Entry(_place_name(str(form)), "location", "location"))
    reg.name_heads = frozenset(str(w) for w in places.get("name_heads", []))
    sectors: dict[str, list[str]] = read_yaml(_data_file("sectors.yaml"))
    for suffix, nouns in sectors.items():
        for noun in nouns:
            reg.sectors.setdefault(_norm_space(str(noun)).lower(), str(suffix))
    return reg


def merge_user(reg: Registry, path: Path) -> Registry:
    """Merge a user YAML file into ``reg`` (in place); user forms override built-in ones.

    Format (every key optional)::

        actors:                      # new or corrected forms
          - code: JPNGOV
            forms: [Kantei, Prime Minister's Office]
          - code: Sasakawa USA       # a name that must NOT resolve to a state
            forms: [Sasakawa USA]
            kind: ignore
        locations: [Hokkaido, Tsushima]
        leaders:
          - {name: Shinzo Abe, aliases: [Abe], country: JPN, role: prime minister,
             start: 2012-12-26, end: 2020-09-16}
        remove: [Georgia]            # forms to forget
    """
    data: Any = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with actors/locations/leaders/remove")
    for item in data.get("actors", []) or []:
        code = str(item["code"])
        kind = str(item.get("kind", "actor"))
        if kind not in ("actor", "location", "ignore"):
            raise ValueError(f"{path}: kind must be actor, location or ignore, not {kind!r}")
        forms = item.get("forms") or [code]
        for form in forms:
            reg.add(str(form), Entry(code, kind, "user"), override=True)  # type: ignore[arg-type]
        if item.get("name") and kind == "actor" and code[:3] not in reg.states:
            reg.organisations[code] = str(item["name"])
    for form in data.get("locations", []) or []:
        reg.add(str(form), Entry(_place_name(str(form)), "location", "user"), override=True)
    for item in data.get("leaders", []) or []:
        end = item.get("end")
        reg.add_leader(
            Leader(
                str(item["name"]),
                tuple(str(a) for a in item.get("aliases", [])),
                str(item["country"]),
                str(item.get("role", "leader")),
                str(item["start"]),
                str(end) if end else None,
            )
        )
    for form in data.get("remove", []) or []:
        reg.forms.pop(_norm_space(str(form)), None)
        reg.leader_forms.pop(_norm_space(str(form)), None)
    reg.version = f"builtin+{path}"
    return reg


@lru_cache(maxsize=1)
def _builtin() -> Registry:
    return _build_builtin()


@lru_cache(maxsize=16)
def _with_user(path: str, mtime: float) -> Registry:
    import copy

    reg = copy.deepcopy(_builtin())
    return merge_user(reg, Path(path))


def load_registry(extra: Path | None = None) -> Registry:
    """The registry, loaded once; with ``extra``, merged with a user YAML file (cached)."""
    if extra is None:
        return _builtin()
    extra = Path(extra)
    return _with_user(str(extra.resolve()), extra.stat().st_mtime)


def iter_actor_forms(reg: Registry | None = None) -> Iterable[tuple[str, Entry]]:
    reg = reg or load_registry()
    return ((f, e) for f, e in reg.forms.items() if e.kind == "actor")


@lru_cache(maxsize=1)
def surface_forms() -> frozenset[str]:
    """Lowercased name forms of every actor: names, short names, adjectives, capitals,
    institutions, organisations and leaders' names (a vocabulary for OCR repair)."""
    reg = load_registry()
    forms = {f.lower() for f, e in reg.forms.items() if e.kind == "actor"}
    forms.update(f.lower() for f in reg.leader_forms)
    forms.update(f.lower() for f in reg.combining)
    return frozenset(forms)


@lru_cache(maxsize=1)
def _organisation_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The registry's organisation codes and its sector suffixes (``GOV``, ``MIL``)."""
    reg = load_registry()
    return frozenset(reg.organisations), frozenset(reg.sectors.values())


@lru_cache(maxsize=4096)
def country_level(code: str) -> str:
    """The actor a code belongs to: a state's three letters (``RUSGOV`` -> ``RUS``);
    an organisation's code (``NATO``, ``UN``) whole, with or without a sector suffix
    (``NATOMIL`` -> ``NATO``, ``UNGOV`` -> ``UN``)."""
    orgs, sectors = _organisation_codes()
    if len(code) <= 3 or code in orgs:
        return code
    for org in sorted(orgs, key=len, reverse=True):
        if code.startswith(org) and code[len(org) :] in sectors:
            return org
    return code[:3]
