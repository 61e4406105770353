"""The clean stage's labelling on small synthetic documents, one layout case each.

Every document here is made up for the test: the people, publishers and
sentences are invented.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.ingest.clean import label_segments
from realpolitik.records import EXTRACTED_KINDS, SEGMENT_KINDS, Segment


def _kind(text: str, needle: str, fmt: str = "txt") -> str:
    """The kind of the segment holding ``needle`` (which must lie in one segment)."""
    start = text.index(needle)
    end = start + len(needle)
    for segment in label_segments(text, fmt):
        if segment.start <= start and end <= segment.end:
            return segment.kind
    raise AssertionError(f"{needle!r} is not inside one segment")


def _extracted(text: str, fmt: str = "txt") -> str:
    """The text that would reach extraction (body and heading segments)."""
    return " ".join(
        text[s.start : s.end] for s in label_segments(text, fmt) if s.kind in EXTRACTED_KINDS
    )


def _check_invariants(text: str, segments: list[Segment]) -> None:
    last = 0
    covered = [False] * len(text)
    for segment in segments:
        assert segment.kind in SEGMENT_KINDS
        assert last <= segment.start < segment.end <= len(text)
        span = text[segment.start : segment.end]
        assert span == span.strip()
        for i in range(segment.start, segment.end):
            covered[i] = True
        last = segment.end
    assert all(covered[i] or c.isspace() for i, c in enumerate(text))


# --------------------------------------------------------------------------- books

BOOK = """\
Studies in Maritime Politics
Edited by Corin Valdt and Mira Osk

Harbours and Empires
Trade and power in the northern seas Tomas Reyle

River Borders in Modern Eurasia From treaty to practice Edited by Anja Holm

## Sea Power and Its Limits

Strategy in an age of rivalry

**Edited by Corin Valdt**

First published 2012 by Northgate Academic, 14 Mill Road, Easton EA1 2BB

© 2012 selection and editorial matter, Corin Valdt

Northgate Academic is an imprint of the Larch Publishing Group

All rights reserved. Nothing here may be copied or stored in any retrieval system unless the press consents in writing.

Cataloguing in Publication Data
A catalogue record of this edition is kept at the National Library (no. 2012-3381)

Library of Congress Cataloging-in-Publication Data
Names: Valdt, Corin, editor.

p. cm. (Studies in maritime politics)

KZ1234.B56 2012 341.4'48-dc23

2011045678

ISBN 13: 978-0-000-00000-0 (hbk)

\tList of figures\tvii
\tPreface\txi
\tIntroduction: the sea and the state\t1
\tMIRA OSK\t
\tPART I Coasts and claims\t15
1\tThe old charts CORIN VALDT\t17
2\tFishing rights and their politics TOMAS REYLE\t4l

QWXRTZ

## 44 Tomas R. Reyle

12 Anja Holm, "Lines on the Water," *Journal of Coastal Affairs*, Vol. 4, 2001, pp. 11-29.

13 Interview with a port official, Easton, March 3, 2009.

14 Pere Lind, "Salt and Steel,"

Harbour Review, Winter 2003, pp. 5-9.

- 15 See Tomas Reyle, *Harbours and Empires* (Easton: Northgate, 2004), pp. 40-41.
- 16 Ibid., p. 42.

## 3 Naval rivalry in the northern seas

Mira Osk

## Introduction

This chapter asks why the two navies kept meeting at sea after the treaty was signed. The answer lies partly in the old charts and partly in domestic politics.

Each government treated the strait as a test of resolve, and each read the other's patrols as a provocation.
"""


def test_book_front_matter_footnotes_and_chapter() -> None:
    kept = _extracted(BOOK)
    for junk in (
        "Studies in Maritime Politics",
        "Edited by Corin Valdt and Mira Osk",
        "Trade and power in the northern seas",
        "River Borders in Modern Eurasia",
        "Sea Power and Its Limits",
        "Strategy in an age of rivalry",
        "First published 2012",
        "© 2012",
        "is an imprint of",
        "All rights reserved",
        "catalogue record",
        "Cataloging-in-Publication",
        "p. cm.",
        "KZ1234",
        "2011045678",
        "ISBN",
        "List of figures",
        "MIRA OSK",
        "PART I Coasts",
        "The old charts",
        "Fishing rights",
        "QWXRTZ",
        "44 Tomas R. Reyle",
        "Lines on the Water",
        "Interview with a port official",
        "Salt and Steel",
        "Harbour Review, Winter 2003",
        "Ibid.",
    ):
        assert junk not in kept, junk
    assert _kind(BOOK, "## 3 Naval rivalry in the northern seas") == "heading"
    assert _kind(BOOK, "## Introduction") == "heading"
    assert _kind(BOOK, "This chapter asks why") == "body"
    assert _kind(BOOK, "Each government treated the strait") == "body"
    assert _kind(BOOK, "12 Anja Holm") == "footnote"
    assert _kind(BOOK, "Harbour Review, Winter 2003") == "footnote"
    assert _kind(BOOK, "- 16 Ibid., p. 42.") == "footnote"
    assert _kind(BOOK, "ISBN 13") == "front_matter"
    assert _kind(BOOK, "\tPreface\txi".strip()) == "front_matter"


def test_byline_under_chapter_heading_is_heading() -> None:
    text = BOOK
    start = text.index("## 3 Naval")
    byline = text.index("Mira Osk", start)
    kinds = {(s.start, s.kind) for s in label_segments(text, "txt")}
    assert (byline, "heading") in kinds


def test_running_header_with_trailing_page_number() -> None:
    text = (
        "## Coastal states and their navies\n\n"
        "The two navies kept meeting at sea after the treaty was signed, and each\n"
        "read the other's patrols as a provocation.\n\n"
        "Coastal states and their navies 131\n\n"
        "Domestic politics made retreat costly for both governments.\n"
    )
    assert _kind(text, "Coastal states and their navies 131") == "boilerplate"
    assert _kind(text, "Domestic politics made retreat costly") == "body"


def test_notes_and_references_zones() -> None:
    text = (
        "## Conclusion\n\n"
        "The treaty held because neither side could afford a crisis.\n\n"
        "## Notes\n\n"
        "1 On the treaty, see the ministry's yearbook for 1998.\n\n"
        "2 Conversation with a retired admiral.\n\n"
        "## References\n\n"
        "Holm, A. (2001) Lines on the Water. Easton: Northgate.\n\n"
        "Reyle, T. (2004) Harbours and Empires. Easton: Northgate.\n"
    )
    assert _kind(text, "The treaty held because") == "body"
    assert _kind(text, "2 Conversation with a retired admiral.") == "footnote"
    assert _kind(text, "1 On the treaty") == "footnote"
    assert _kind(text, "Holm, A. (2001)") == "reference"
    assert _kind(text, "Reyle, T. (2004)") == "reference"


def test_numbered_prose_list_stays_body() -> None:
    text = (
        "The report makes three points.\n\n"
        "1. The navy will expand its patrols in the strait over the next two years.\n"
        "2. The coast guard has asked for new ships since 2015.\n"
        "3. Both services want a joint command.\n"
    )
    for needle in ("1. The navy will expand", "2. The coast guard", "3. Both services"):
        assert _kind(text, needle) == "body", needle


# --------------------------------------------------------------------------- headings


def test_headings() -> None:
    text = (
        "Ports, Pipelines and Power: A New Energy Map\n\n"
        "# Overview\n\n"
        "Energy exporters have learned to use pipelines as instruments of pressure.\n\n"
        "Introduction\n\n"
        "Several governments now hedge against supply cuts.\n\n"
        "Chapter 4\n\n"
        "The Pipeline Decade\n\n"
        "In the decade after 2005 new routes were opened across three seas.\n"
    )
    for needle in (
        "Ports, Pipelines and Power: A New Energy Map",
        "# Overview",
        "Introduction",
        "Chapter 4",
        "The Pipeline Decade",
    ):
        assert _kind(text, needle) == "heading", needle
    assert _kind(text, "Energy exporters have learned") == "body"


def test_heading_line_run_into_its_paragraph() -> None:
    text = (
        "Background\n"
        "The dispute over the delta began with a survey in the nineteenth century and has\n"
        "outlasted every government that tried to settle it since then.\n"
    )
    assert _kind(text, "Background") == "heading"
    assert _kind(text, "The dispute over the delta began") == "body"


# --------------------------------------------------------------------------- op-eds, news


def test_captions() -> None:
    text = (
        "Foreign Minister Lena Strand (L) greets her counterpart before talks in Oslo.\n"
        "Piet Marlow / AP\n\n"
        "The two governments agreed on Monday to resume talks on fishing quotas.\n\n"
        "Delegates arrive for the summit in Lisbon. Photo: Northwire Images\n\n"
        "The talks are expected to last three days.\n\n"
        "Troops parade through the capital on Independence Day. Getty Images\n\n"
        "Protesters gather outside the embassy. Reuters\n\n"
        "Figure 2: Defence spending as a share of GDP, 2000-2020\n\n"
        "Observers expect a compromise on the northern quota.\n"
    )
    assert _kind(text, "Foreign Minister Lena Strand (L) greets") == "caption"
    assert _kind(text, "Delegates arrive for the summit") == "caption"
    assert _kind(text, "Troops parade through the capital") == "caption"
    assert _kind(text, "Protesters gather outside the embassy") == "caption"
    assert _kind(text, "Figure 2: Defence spending") == "caption"
    assert _kind(text, "The two governments agreed on Monday") == "body"
    assert _kind(text, "The talks are expected to last three days.") == "body"
    assert _kind(text, "Observers expect a compromise") == "body"


def test_pull_quote_before_and_after_its_sentence() -> None:
    text = (
        "The summit ended without a joint statement.\n\n"
        "\u201cNeither capital can afford a rupture \u2014 and neither can afford to look weak.\u201d\n\n"
        "Analysts were not surprised. In the end, neither capital can afford a rupture, and\n"
        "neither can afford to look weak. That is why the talks will go on.\n\n"
        '"The talks will go on because both sides need them."\n'
    )
    assert _kind(text, "\u201cNeither capital can afford") == "pull_quote"
    assert _kind(text, "In the end, neither capital") == "body"
    # A quoted line with no sentence it restates is a quotation, kept as body.
    assert _kind(text, '"The talks will go on because both sides need them."') == "body"


def test_unquoted_pull_quote_copy() -> None:
    text = (
        "Officials spoke of a new chapter. The new pipeline will double the gas flowing "
        "across the border by 2030. Critics called the plan reckless.\n\n"
        "The new pipeline will double the gas flowing across the border by 2030.\n\n"
        "Construction starts next spring.\n"
    )
    segments = label_segments(text, "txt")
    kinds = [s.kind for s in segments]
    assert kinds == ["body", "pull_quote", "body"]


def test_web_furniture_and_disclaimers() -> None:
    text = (
        "Rivals at Sea\n\n"
        "By Hanna Ekdal\n\n"
        "Share\n\n"
        "The naval race in the region is accelerating, and diplomats have little to show.\n\n"
        "Also read: Why the strait matters more than ever\n\n"
        "Both navies have doubled their patrols since the spring.\n\n"
        "Related: Fishing quotas and the politics of the coast\n\n"
        "Read more about the naval balance\n\n"
        "Subscribe to our newsletter\n\n"
        "Hanna Ekdal is a senior fellow at the Institute for Coastal Studies.\n\n"
        "The views expressed in this article are the author's own and do not necessarily "
        "reflect the position of the publisher.\n"
    )
    for needle in (
        "By Hanna Ekdal",
        "Share",
        "Also read: Why the strait",
        "Related: Fishing quotas",
        "Read more about the naval balance",
        "Subscribe to our newsletter",
        "Hanna Ekdal is a senior fellow",
        "The views expressed in this article",
    ):
        assert _kind(text, needle) == "boilerplate", needle
    assert _kind(text, "Rivals at Sea") == "heading"
    assert _kind(text, "The naval race in the region") == "body"
    assert _kind(text, "Both navies have doubled") == "body"


def test_standfirst_is_body() -> None:
    text = (
        "Lisbon has long wanted a bigger voice in Atlantic security. A new base could give it one.\n\n"
        "Sailors prepare a frigate for inspection. Photo: Coastline Press\n\n"
        "When the defence ministry announced the plan in March, few expected parliament to agree.\n"
    )
    assert _kind(text, "Lisbon has long wanted") == "body"
    assert _kind(text, "Sailors prepare a frigate") == "caption"
    assert _kind(text, "When the defence ministry announced") == "body"


# --------------------------------------------------------------------------- web pages

PAGE = """\
Coastal Security After the Treaty: Options for the Alliance

Anja Holm, Tomas Reyle, Mira Osk, Corin Valdt, Pere Lind

Download this report (PDF)

Publications Coastal Security After the Treaty: Options for the Alliance

Download Coastal Security After the Treaty: Options for the Alliance

harbour patrol boatsThe alliance faces its hardest test in a generation. Budgets are tight and the threats are new.

Our institute convened a workshop to examine these questions.

Home > Research > Coastal Security

Download Coastal Security After the Treaty: Options for the Alliance

2025 Northgate Institute | Privacy Policy | Terms of Use

Website design and development by Pixelworks Studio
"""


def test_web_page() -> None:
    for needle in (
        "Anja Holm, Tomas Reyle",
        "Download this report (PDF)",
        "Publications Coastal Security",
        "Home > Research > Coastal Security",
        "2025 Northgate Institute | Privacy Policy",
        "Website design and development by",
    ):
        assert _kind(PAGE, needle) == "boilerplate", needle
    assert _kind(PAGE, "Coastal Security After the Treaty: Options for the Alliance") == "heading"
    assert _kind(PAGE, "harbour patrol boats") == "boilerplate"
    assert _kind(PAGE, "The alliance faces its hardest test") == "body"
    assert _kind(PAGE, "Our institute convened a workshop") == "body"
    kept = _extracted(PAGE)
    assert "Download" not in kept
    assert "harbour patrol boats" not in kept


def test_glue_needs_prose_after_it() -> None:
    text = "macOS update notes\n\nThe patch fixes three bugs.\n"
    assert _kind(text, "macOS update notes") in ("heading", "boilerplate")
    text = "iPhone sales rose sharply in the third quarter of the year.\n"
    assert _kind(text, "iPhone sales rose") == "body"


# --------------------------------------------------------------------------- formats


def test_hard_wrapped_prose_is_one_body_block() -> None:
    text = (
        "On the one hand, the two coast guards have agreed on a hotline and on joint\n"
        "search-and-rescue drills. On the other hand, neither side has given up its\n"
        "claim to the shoal, and patrols still shadow each other every week.\n"
    )
    segments = label_segments(text, "pdf")
    assert [s.kind for s in segments] == ["body"]
    assert text[segments[0].start : segments[0].end] == text.strip()


def test_pdf_page_without_blank_lines() -> None:
    text = (
        "52 Tove R. Aalberg\n"
        "were quietly multiplying after the accord was ratified. Yet the unresolved\n"
        "quarrel over the shoal has kept the two capitals at arm's length.4\n"
        "Whether the fleet's new basing plan alarms the coastal towns is the\n"
        "question this section takes up.\n"
        "Two Readings of the Treaty\n"
        "The two governments read the treaty differently. One insists that the\n"
        "boundary was settled long ago, while the other regards the line as provisional\n"
        "and open to negotiation.5\n"
        '4 T. Aalberg, "Northern Lines," Coastal Review, Vol. 3, 2004, pp. 29-55.\n'
        "5 Conversation with a retired diplomat, Bergen, May 12, 2006.\n"
    )
    assert _kind(text, "52 Tove R. Aalberg", "pdf") == "boilerplate"
    assert _kind(text, "were quietly multiplying", "pdf") == "body"
    assert _kind(text, "question this section takes up.", "pdf") == "body"
    assert _kind(text, "Two Readings of the Treaty", "pdf") == "heading"
    assert _kind(text, "The two governments read the treaty", "pdf") == "body"
    assert _kind(text, "4 T. Aalberg", "pdf") == "footnote"
    assert _kind(text, "5 Conversation with a retired diplomat", "pdf") == "footnote"
    # The sentence that runs over three lines is in one body segment.
    sentence = "One insists that the\nboundary was settled long ago"
    assert _kind(text, sentence, "pdf") == "body"


def test_html_lines_are_paragraphs() -> None:
    text = (
        "Talks Resume on the Border\n"
        "The two sides met again on Tuesday after a pause of six months.\n"
        "Share\n"
        "Officials said the mood was constructive.\n"
    )
    assert _kind(text, "Talks Resume on the Border", "html") == "heading"
    assert _kind(text, "The two sides met again", "html") == "body"
    assert _kind(text, "Share", "html") == "boilerplate"
    assert _kind(text, "Officials said the mood", "html") == "body"


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "pdf"])
def test_empty_and_blank(fmt: str) -> None:
    assert label_segments("", fmt) == []
    assert label_segments(" \n\n\t\n", fmt) == []


_ALPHABET = st.sampled_from(list("ab AB.,;:\"'-#*\t\n\n\n0123456789©|/()—“”") + ["\r\n"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=400).map("".join), st.sampled_from(["txt", "md", "html", "pdf"])
)
def test_segments_cover_text_in_order(text: str, fmt: str) -> None:
    _check_invariants(text, label_segments(text, fmt))


def test_invariants_on_synthetic_documents() -> None:
    for text in (BOOK, PAGE):
        for fmt in ("txt", "md", "html", "pdf"):
            _check_invariants(text, label_segments(text, fmt))
