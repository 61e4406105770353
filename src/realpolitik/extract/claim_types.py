"""Dataclasses for what the authors and the actors *think*: perspectives and causal claims.

Spans are character offsets relative to the sentence they were found in
(``sent_start`` is that sentence's offset in the text given to the extractor, so
``sent_start + start`` indexes the document text). Every span is a verbatim
substring of the sentence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

AUTHOR = "AUTHOR"

Sign = Literal["+", "-"]
CausalModality = Literal["certain", "likely", "possible"]


@dataclass(frozen=True)
class Perspective:
    """What ``holder`` (an actor code, or ``AUTHOR``) thinks about ``target``/``issue``.

    ``stance`` is in −1…+1 (negative: opposes, fears, sees as a threat; positive:
    welcomes, supports, is interested in; 0: a view without valence). ``cue`` is the
    word or frame that signals the view (``cue_start``/``cue_end``); ``span_start``/
    ``span_end`` delimit the stated view. Offsets are sentence-relative.
    """

    holder: str
    target: str | None
    issue: str | None
    stance: float
    cue: str
    cue_start: int
    cue_end: int
    span_start: int
    span_end: int
    confidence: float = 0.5
    negated: bool = False
    sent_index: int = 0
    sent_start: int = 0

    @property
    def stance_sign(self) -> int:
        """−1, 0 or +1."""
        return (self.stance > 0) - (self.stance < 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CausalClaim:
    """A cause and an effect stated in one sentence, with what signals the link.

    ``sign`` is ``+`` where more of the cause means more of the effect, ``-`` where
    it means less. ``modality`` grades how sure the sentence is (``certain`` for an
    indicative statement, ``likely`` for will/would/likely, ``possible`` for
    may/might/could/can). ``conditional`` marks "if X, Y". ``holder`` is ``AUTHOR``
    or the actor the sentence attributes the belief to. Offsets are sentence-relative.
    """

    cause: str
    cause_start: int
    cause_end: int
    effect: str
    effect_start: int
    effect_end: int
    signal: str
    sign: Sign = "+"
    modality: CausalModality = "certain"
    conditional: bool = False
    holder: str = AUTHOR
    confidence: float = 0.5
    pattern: str = ""
    sent_index: int = 0
    sent_start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
