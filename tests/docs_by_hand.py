"""Docs built by hand, so the rules of ``timeline_timex`` and ``timeline_events`` are tested
without the model: words, tags, dependencies and entities are written in the test.

A sentence is a table with one token a line: ``word TAG dep head [lemma] [POS]``, where
``head`` is the offset of the token's head (``+1`` the next token, ``-2`` two back, ``0`` the
root of its sentence). The lemma defaults to the lowercased word and the coarse POS to the
one spaCy's English tag map gives the tag (an auxiliary dependency makes a verb ``AUX``).
Each root starts a sentence. Entities are named by their words, in text order::

    doc = build_doc(
        '''
        Amara   NNP  compound +1
        Okoye   NNP  nsubj    +1
        visited VBD  ROOT      0  visit
        Lisbon  NNP  dobj     -1
        .       .    punct    -2
        ''',
        ents=[("Amara Okoye", "PERSON"), ("Lisbon", "GPE")],
    )
    doc = annotate(doc)  # timeline_timex, then timeline_events
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from timeline import events, timex  # noqa: F401  (register the factories)
from timeline.extensions import register_extensions
from timeline.model import Mention, TimeExpr

# spaCy's English tag map, for the tags the fixtures use.
_POS = {
    "NN": "NOUN",
    "NNS": "NOUN",
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "MD": "AUX",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "RB": "ADV",
    "RBR": "ADV",
    "IN": "ADP",
    "TO": "PART",
    "RP": "ADP",
    "DT": "DET",
    "PDT": "DET",
    "PRP": "PRON",
    "PRP$": "PRON",
    "WP": "PRON",
    "WRB": "SCONJ",
    "WDT": "PRON",
    "CD": "NUM",
    "CC": "CCONJ",
    "POS": "PART",
    "HYPH": "PUNCT",
    ".": "PUNCT",
    ",": "PUNCT",
    ":": "PUNCT",
}
_NO_SPACE_BEFORE = {".", ",", "'s", "’s", "n't", ":", ";", "?", "!", ")"}

Entity = tuple[str, str]  # (the entity's words, label)


@cache
def pipeline() -> Language:
    """A blank English pipeline with the tool's two components (no model)."""
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("timeline_timex")
    nlp.add_pipe("timeline_events")
    return nlp


def build_doc(table: str, ents: Sequence[Entity] = (), *, dct: str | None = "2025-03-12") -> Doc:
    """A parsed Doc from a token table (see the module docstring) with entities and a date."""
    words: list[str] = []
    tags: list[str] = []
    pos: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    lemmas: list[str] = []
    for i, line in enumerate(row for row in table.strip().splitlines() if row.strip()):
        word, tag, dep, head, *rest = line.split()
        words.append(word)
        tags.append(tag)
        deps.append(dep)
        heads.append(i + int(head))
        lemma = rest[0] if rest else word.lower()
        lemmas.append(lemma)
        coarse = rest[1] if len(rest) > 1 else _POS.get(tag, "X")
        if coarse == "VERB" and dep in ("aux", "auxpass"):
            coarse = "AUX"
        pos.append(coarse)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE for i in range(len(words))
    ]
    doc = Doc(
        pipeline().vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
    )
    doc.ents = _entity_spans(doc, ents)
    doc._.timeline_path = "test.txt"
    doc._.timeline_dct = dct
    doc._.timeline_dct_source = "option" if dct else "none"
    return doc


def _entity_spans(doc: Doc, ents: Sequence[Entity]) -> list[Span]:
    """Each entity at the first place after the previous one where its words stand."""
    spans: list[Span] = []
    start = 0
    for text, label in ents:
        wanted = text.split()
        for i in range(start, len(doc) - len(wanted) + 1):
            if [t.text for t in doc[i : i + len(wanted)]] == wanted:
                spans.append(Span(doc, i, i + len(wanted), label=label))
                start = i + len(wanted)
                break
        else:
            raise ValueError(f"entity {text!r} is not in {doc.text!r} after token {start}")
    return spans


def annotate(doc: Doc) -> Doc:
    """``doc`` through ``timeline_timex`` and ``timeline_events``."""
    for _, component in pipeline().pipeline:
        doc = component(doc)
    return doc


def mentions(
    table: str, ents: Sequence[Entity] = (), *, dct: str | None = "2025-03-12"
) -> list[Mention]:
    """The event mentions of a Doc built by hand."""
    return list(annotate(build_doc(table, ents, dct=dct))._.timeline_mentions)


def timexes(
    table: str, ents: Sequence[Entity] = (), *, dct: str | None = "2025-03-12"
) -> list[TimeExpr]:
    """The temporal expressions of a Doc built by hand."""
    return list(annotate(build_doc(table, ents, dct=dct))._.timeline_timexes)
