"""Event mentions: find diplomatic events in a Doc with their actors, place and date.

Foundation version: trigger lemmas from ``data/events.yaml``, the sentence's entities as
arguments and its first resolved date. Replaced by the full extractor (issue 4) behind the same
interface: the ``timeline_events`` component writes ``doc._.timeline_mentions``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .dates import parse_when
from .model import Mention
from .resources import load_data


class EventExtractor:
    def __init__(self) -> None:
        data = load_data("events.yaml")["types"]
        self.verbs = {lemma: kind for kind, spec in data.items() for lemma in spec.get("verbs", ())}
        self.nouns = {lemma: kind for kind, spec in data.items() for lemma in spec.get("nouns", ())}

    def __call__(self, doc: Doc) -> Doc:
        timexes = doc._.timeline_timexes or []
        mentions = []
        for sent in doc.sents:
            trigger = next(
                (
                    t
                    for t in sent
                    if (t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.verbs)
                    or (t.pos_ == "NOUN" and t.lemma_.lower() in self.nouns)
                ),
                None,
            )
            if trigger is None:
                continue
            kind = (self.verbs if trigger.pos_ != "NOUN" else self.nouns)[trigger.lemma_.lower()]
            date = next(
                (
                    t
                    for t in timexes
                    if sent.start_char <= t.start < sent.end_char
                    and t.value
                    and parse_when(t.value)
                ),
                None,
            )
            if date is None:
                continue
            actors = tuple(
                dict.fromkeys(e.text for e in sent.ents if e.label_ in ("PERSON", "GPE", "NORP"))
            )
            location = next(
                (
                    e.text
                    for e in sent.ents
                    if e.label_ == "GPE"
                    and e.start > 0
                    and doc[e.start - 1].lower_ in ("in", "to", "at")
                ),
                None,
            )
            status = "planned" if any(t.lower_ == "will" for t in sent) else "occurred"
            mentions.append(
                Mention(
                    doc=doc._.timeline_path or "",
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                    trigger_start=trigger.idx,
                    trigger_end=trigger.idx + len(trigger.text),
                    trigger=trigger.text,
                    type=kind,
                    status=status,
                    actors=actors,
                    location=location,
                    date=date.value,
                    date_text=date.text,
                    date_source="sentence",
                    sentence=sent.text,
                )
            )
        doc._.timeline_mentions = mentions
        return doc


@Language.factory(
    "timeline_events",
    requires=["doc._.timeline_timexes", "token.dep"],
    assigns=["doc._.timeline_mentions"],
)
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
