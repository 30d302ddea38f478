"""The ``timeline_events`` component: reads each sentence of a Doc for event mentions.

For every sentence it takes the candidates of :mod:`.triggers`, their status
(:mod:`.status`), arguments (:mod:`.arguments`, falling back on the parties last named,
:mod:`.discourse`) and date (:mod:`.dating`), then dates events by their age
(:mod:`.anniversaries`). It writes ``doc._.timeline_mentions``, which the merge reads.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..actors import Gazetteer
from ..dates import parse_when
from ..model import Mention, TimeExpr
from .anniversaries import Aged, Found, anniversaries, with_anniversaries
from .arguments import Arguments, arguments, best_place, is_official, roles
from .conjoined import derived
from .context import Rules, Settings
from .dating import govern, is_headline, mention_date
from .discourse import collective, is_anaphor, is_anaphor_noun, is_leader, parties_as
from .enclosing import Frame, counted, frame_of, inherited
from .entities import EntityFinder
from .extent import calendar_date, with_extent
from .framing import spanned_value
from .ontology import Ontology, family
from .standing import (
    is_private_agent,
    is_sports_story,
    meets_own_people,
    other_affair,
    people_standing,
    private_contact,
)
from .status import clause_verb, status, tense
from .syntax import sentence_bounds
from .triggers import Candidate, candidates, is_prior


@dataclass(frozen=True, slots=True)
class SentenceReport:
    """One sentence of a document and the event mentions read from it."""

    document: str
    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...]
    dct: str | None = None


@dataclass(frozen=True, slots=True)
class _DocView:
    """What the rules read of the document being annotated."""

    doc: Doc
    text: str  # Doc.text joins every token: read it once
    ent_of: Mapping[int, Span]  # the name covering each token
    dct: str | None
    people: Mapping[str, str] = field(default_factory=dict)  # standing of the people named
    sports: bool = False  # a story of sport


@dataclass
class _Memory:
    """What earlier sentences of the document named: the parties of the last event of each
    anaphoric type, the last two or more parties, people and heads of state or government,
    and the narrative's reference time (the last day an event was explicitly dated)."""

    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pair: tuple[str, ...] = ()  # "the two sides"
    people: tuple[str, ...] = ()  # "the two ministers"
    leaders: tuple[str, ...] = ()  # "the two leaders"
    reference: tuple[int, str, str | None] | None = None  # (sentence index, date, date text)
    frames: dict[str, Frame] = field(default_factory=dict)  # the last dated event of each type

    def fallback(self, rules: Rules, cand: Candidate) -> tuple[str, ...]:
        """The actors of a mention that names none: "that agreement", "the two leaders"."""
        fallback = self.parties.get(cand.type, ()) if is_anaphor(rules, cand) else ()
        noun = None if fallback else collective(rules, cand)
        if noun is not None:
            named = self.pair
            if noun in rules.ontology.people_nouns and self.people:
                leader = noun in rules.ontology.leader_nouns and self.leaders
                named = self.leaders if leader else self.people
            fallback = parties_as(rules, named, noun)
        return fallback

    def remember(self, rules: Rules, mention: Mention, sent_index: int) -> None:
        if mention.type in rules.ontology.anaphoric:
            self.parties[mention.type] = mention.actors
        if len(mention.actors) >= 2:
            self.pair = mention.actors
        persons = tuple(a for a in mention.actors if rules.gazetteer.kind(a) != "state")
        if len(persons) >= 2:
            self.people = persons
        heads = tuple(a for a in persons if is_leader(rules, a))
        if len(heads) >= 2:
            self.leaders = heads
        when = parse_when(mention.date)
        if (
            mention.date_source in ("explicit", "sentence")
            and when is not None
            and when.precision == "day"
            and mention.status == "occurred"
        ):
            self.reference = (sent_index, when.value, mention.date_text)

    def narrate(
        self,
        rules: Rules,
        sent: Span,
        sent_index: int,
        timexes: list[tuple[TimeExpr, Span]],
        dct: str | None,
    ) -> None:
        """A sentence without events that tells in the past what happened on a day it names
        ("The last visit was made by X on March 19, 2019.") moves the narrative's time there,
        as a dated event does; not one that dates a report ("said on Monday")."""
        if tense(sent.root) not in ("past", "pluperfect") or sent.root.pos_ not in ("VERB", "AUX"):
            return
        today = parse_when(dct)
        for verdict, timex in govern(rules, timexes, []).values():
            when = parse_when(timex.value)
            if (
                verdict == "free"
                and when is not None
                and when.precision == "day"
                and (today is None or when.end <= today.end)
            ):
                self.reference = (sent_index, when.value, timex.text)
                return

    def frame(self, mention: Mention) -> None:
        """Remember a dated event for its sub-events and the nouns that refer back to it."""
        frame = frame_of(mention)
        if frame is not None:
            self.frames[mention.type] = frame


class EventExtractor:
    """The ``timeline_events`` component (stateless after construction)."""

    def __init__(
        self,
        nlp: Language,
        ontology: Ontology,
        gazetteer: Gazetteer,
        settings: Settings | None = None,
    ) -> None:
        words = {*ontology.verbs, *ontology.nouns, *ontology.host_verbs}
        self.rules = Rules(
            ontology=ontology,
            gazetteer=gazetteer,
            settings=settings or Settings(),
            trigger_ids=frozenset(nlp.vocab.strings.add(w) for w in words),
        )
        self.entities = EntityFinder(nlp, gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        # without sentence boundaries (no parser or senter) there is nothing to read
        has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        doc._.timeline_mentions = list(self.mentions(doc)) if has_sents and len(doc) else []
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def mentions(self, doc: Doc) -> Iterator[Mention]:
        """The event mentions of a Doc, in text order."""
        rules = self.rules
        ents = self.entities(doc)
        ent_of = {i: span for span in ents for i in range(span.start, span.end)}
        people = people_standing(rules, ents, ent_of)
        sports = is_sports_story(rules, doc)
        view = _DocView(doc, doc.text, ent_of, doc._.timeline_dct, people, sports)
        timexes = _TimexIndex(
            [t for t in (doc._.timeline_timexes or ()) if t.type in ("DATE", "TIME")]
        )
        lengths = _TimexIndex([t for t in (doc._.timeline_timexes or ()) if t.type == "DURATION"])
        memory = _Memory()
        found: list[Found] = []
        ages: list[Aged] = []  # events dated by their age
        for sent_index, sent in enumerate(doc.sents):
            reference = memory.reference
            if reference is not None and sent_index - reference[0] > rules.settings.narrative_span:
                memory.reference = None
            cands = candidates(rules, sent)
            sent_timexes = timexes.in_sentence(doc, sent)
            durations = lengths.in_sentence(doc, sent)
            for age in anniversaries(rules, sent, sent_timexes, view.dct, doc):
                ages.append((sent_index, sent, age))
            if cands:
                found.extend(
                    _sentence_mentions(
                        rules, view, sent, sent_index, cands, (sent_timexes, durations), memory
                    )
                )
            else:
                memory.narrate(rules, sent, sent_index, sent_timexes, view.dct)
        yield from with_anniversaries(rules, found, ages, ents, ent_of, view.text)


class _TimexIndex:
    """A document's dates and times, looked up by sentence (a bisection on their starts, not a
    scan of every one per sentence: linear time in long documents)."""

    def __init__(self, timexes: list[TimeExpr]) -> None:
        self.timexes = timexes
        self.by_start = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        self.starts = [timexes[i].start for i in self.by_start]

    def in_sentence(self, doc: Doc, sent: Span) -> list[tuple[TimeExpr, Span]]:
        """The dates and times starting in a sentence, in document order, each with its span
        of tokens."""
        first = bisect_left(self.starts, sent.start_char)
        last = bisect_left(self.starts, sent.end_char, first)
        found: list[tuple[TimeExpr, Span]] = []
        for index in sorted(self.by_start[first:last]):
            timex = self.timexes[index]
            tspan = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if tspan is not None:
                found.append((timex, tspan))
        return found


def _sentence_mentions(
    rules: Rules,
    view: _DocView,
    sent: Span,
    sent_index: int,
    cands: list[Candidate],
    times: tuple[list[tuple[TimeExpr, Span]], list[tuple[TimeExpr, Span]]],
    memory: _Memory,
) -> Iterator[Found]:
    """The mentions of one sentence's candidates; each is remembered before the next.
    ``times`` holds the sentence's dates and its durations."""
    timexes, durations = times
    governed = govern(rules, timexes, cands)
    told: list[Mention] = []  # the sentence's mentions so far
    for index, cand in enumerate(cands):
        reference = None if memory.reference is None else memory.reference[1:]
        mention = _mention(
            rules, view, sent, cand, index, governed, memory.fallback(rules, cand), reference
        )
        if mention is None:
            continue
        mention = inherited(rules, cand, mention, timexes, memory.frames)
        mention = counted(rules, cand, mention, durations, (told, memory.frames))
        told.append(mention)
        memory.remember(rules, mention, sent_index)
        mention = with_extent(rules, cand, mention, durations, timexes)
        memory.frame(mention)
        anaphor = is_anaphor_noun(rules, cand)
        for each in derived(rules, mention, cand, timexes, view.ent_of):
            yield sent_index, each, anaphor
        for each in _invited_events(rules, view, sent, cand, (mention, timexes)):
            yield sent_index, each, False


def _invited_events(
    rules: Rules,
    view: _DocView,
    sent: Span,
    cand: Candidate,
    found: tuple[Mention, list[tuple[TimeExpr, Span]]],
) -> Iterator[Mention]:
    """The events an invitation is to, when their words date them ("invited X to visit Y in
    May", "accepted the invitation for a trip to China on January 3"): events of their own,
    whose actors are the invitees when the words name none."""
    invitation, timexes = found
    invitees = tuple(a for role, a in invitation.roles if role == "invitee")
    for token, kind in cand.folded:
        if family(kind) == family(cand.type):
            continue
        sub = Candidate(token=token, type=kind)
        governed = {
            index: ("gov:0", timex)
            if _later(rules.ontology, timexes[index], view.dct)
            else (verdict, timex)
            for index, (verdict, timex) in govern(rules, timexes, [sub]).items()
        }
        if not any(verdict == "gov:0" for verdict, _t in governed.values()):
            continue  # an undated visit is the invitation's, told once
        mention = _mention(rules, view, sent, sub, 0, governed, invitees, None)
        if mention is not None and mention.date_source == "explicit":
            yield mention


def _later(onto: Ontology, found: tuple[TimeExpr, Span], dct: str | None) -> bool:
    """A date after the document's: an invited event's, not the invitation's ("accepted the
    invitation for a trip on January 3 to 5, 2023", written in November 2022)."""
    timex, span = found
    when = parse_when(spanned_value(onto, span.doc, span, timex.value or ""))
    today = parse_when(dct)
    return when is not None and today is not None and when.start > today.end


def _mention(
    rules: Rules,
    view: _DocView,
    sent: Span,
    cand: Candidate,
    index: int,
    governed: Mapping[int, tuple[str, TimeExpr]],
    fallback: tuple[str, ...],
    reference: tuple[str, str | None] | None,
) -> Mention | None:
    """The mention of one candidate; None when it is no event or names no one."""
    clause = clause_verb(cand)
    found_status = status(rules.ontology, cand, clause)
    if found_status is None:
        return None
    args = arguments(rules, cand, view.ent_of)
    named, sites = _actor_names(rules, args)
    location = best_place(args.places) or (sites[0] if sites else None)
    parties = [a for a in (*args.agents, *args.hosts, *args.partners) if a.name in named]
    visit = cand.type in rules.ontology.place_types
    if private_contact(rules, parties, view.people, visit=visit) or is_private_agent(rules, cand):
        # "Dow Jones and Telerate began negotiations", "the boy's father arrived in Miami"
        return None
    if len(named) < 2 and meets_own_people(rules, cand):
        return None  # "the president met with his top aides"
    if other_affair(rules, cand, parties, view.people, sports_story=view.sports):
        return None  # "Brazil will meet Germany in the semifinal", "to discuss a merger"
    actors = named or list(fallback)
    diplomatic = cand.type in rules.ontology.diplomatic_types or is_official(rules, cand)
    if not actors and (location is None or not diplomatic):
        # "the chief executive met analysts in London" is no diplomatic event
        return None
    headline = is_headline(rules.settings, sent, view.text)
    date, date_text, date_source, bound = mention_date(
        rules, cand, index, governed, clause, found_status, view.dct,
        headline=headline, reference=reference,
    )  # fmt: skip
    actors = _in_office(rules, args, actors, date or view.dct)
    if is_prior(rules.ontology, cand) and (date or view.dct) is not None:
        # "accepted the invitation on Thursday": the invitation was made by then; "will come
        # at the invitation of Y": made by the document's day
        date, date_source, bound = None, "bound", f"<={date or view.dct}"
    token = cand.token
    sent_start, sent_end, text = sentence_bounds(sent, view.text)
    return Mention(
        doc=view.doc._.timeline_path or "",
        sent_start=sent_start,
        sent_end=sent_end,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token.text),
        trigger=token.text,
        type=cand.type,
        status=found_status,
        actors=tuple(actors),
        location=location,
        date=calendar_date(date),
        date_text=date_text,
        date_source=date_source,
        date_bound=bound,
        roles=roles(cand, args),
        cameo=_cameo(rules.ontology, cand),
        sentence=text,
    )


def _actor_names(rules: Rules, args: Arguments) -> tuple[list[str], list[str]]:
    """The names of the agents, hosts and partners, each once, and the names among them that
    are sites (a building: the place, not an actor) or events ("the State Visit": neither)."""
    names = dict.fromkeys(a.name for a in (*args.agents, *args.hosts, *args.partners))
    actors: list[str] = []
    sites: list[str] = []
    onto = rules.ontology
    for name in names:
        last = name.split()[-1].lower() if name.split() else ""
        if last in onto.facility_nouns and rules.gazetteer.kind(name) is None:
            sites.append(name)
        elif last not in onto.nouns:
            actors.append(name)
    return actors, sites


def _in_office(rules: Rules, args: Arguments, actors: list[str], when: str | None) -> list[str]:
    """The actors without the people found from an office they did not hold at the event's
    date ("the US president" in a story of 2011 is not today's holder): the state stays."""
    every = (*args.agents, *args.hosts, *args.partners)
    holders = {a.name for a in every if a.office} - {a.name for a in every if not a.office}
    return [a for a in actors if a not in holders or rules.gazetteer.in_office(a, when)]


def _cameo(onto: Ontology, cand: Candidate) -> str | None:
    """The CAMEO code of a mention: the host's code when a hosting verb carries it."""
    cameo = onto.cameo.get(cand.type)
    anchor = cand.anchor
    if cand.host or (anchor is not None and anchor.lemma_.lower() in onto.host_verbs):
        cameo = onto.host_cameo.get(cand.type, cameo)
    return cameo
