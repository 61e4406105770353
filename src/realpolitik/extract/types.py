"""Dataclasses produced by the extract stage."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Modality = Literal["actual", "planned", "threatened", "hypothetical", "reported"]
Instrument = Literal["military", "economic", "diplomatic", "informational"]
PowerClass = Literal["hard", "soft"]

#: Modalities under which an event counts as stated. A "threatened" event is the
#: complement of a threat ("threatened to cut gas supplies"): the THREATEN event coded
#: on the threatening verb is what counts, as in CAMEO, so the complement does not.
COUNTED_MODALITIES: frozenset[str] = frozenset({"actual", "planned", "reported"})


@dataclass(frozen=True)
class Event:
    """One coded interaction between two actors, found in one sentence.

    ``start``/``end`` are character offsets of the trigger in the sentence text
    given to the coder. ``source``/``target`` keep the mention's full code
    (``RUSGOV``); scorers cut them to three letters where they compare countries.
    """

    source: str
    target: str
    plover: str | None
    cameo: str
    cameo_root: str
    intensity: float
    modality: Modality
    negated: bool
    instrument: Instrument
    power: PowerClass
    trigger: str
    start: int
    end: int
    plover_mode: str | None = None
    #: offset of the trigger's sentence in the coded document's text
    sentence_start: int = 0
    date: str | None = None
    confidence: float = 0.5
    mutual: bool = False

    @property
    def counted(self) -> bool:
        """Stated as happening, planned or threatened, not negated, and PLOVER-typed."""
        return not self.negated and self.modality in COUNTED_MODALITIES and self.plover is not None

    @property
    def doc_start(self) -> int:
        """The trigger's offset in the coded document's text."""
        return self.sentence_start + self.start

    def to_dict(self) -> dict[str, Any]:
        """Every field."""
        return asdict(self)

    def to_record(self) -> dict[str, Any]:
        """The ``extract --jsonl`` / gold-format view (``cameo`` is the full code;
        scorers compare its first two digits)."""
        return {
            "source": self.source,
            "target": self.target,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "cameo": self.cameo,
            "intensity": self.intensity,
            "modality": self.modality,
            "negated": self.negated,
            "instrument": self.instrument,
            "power": self.power,
            "date": self.date,
            "trigger": self.trigger,
            "confidence": self.confidence,
        }
