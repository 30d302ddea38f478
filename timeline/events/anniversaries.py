"""Events dated by their age: "the 30th anniversary of the treaty", "75 years of diplomatic
relations", "the pact, which turns 40 this year" date the event to the year the sentence
speaks of minus the count. A mention of that event takes the date; otherwise the age makes a
mention of its own, and a definite "that agreement" just after it is the same event."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..model import Mention, TimeExpr
from ..timex import lexicon, number_value
from .context import Rules
from .dating import is_bound_only
from .entities import PLACE_LABELS, to_arg
from .ontology import AnniversaryRules
from .syntax import clause_head, conjuncts, of_object, sentence_bounds, since_object, subject


@dataclass(frozen=True, slots=True)
class Anniversary:
    """An event a sentence dates by its age."""

    cue: Token  # "anniversary", "years", "turns"
    nodes: tuple[Token, ...]  # the words naming the event, its trigger last
    type: str
    date: str  # the year, YYYY
    date_text: str
    reference: str | None = None  # the text of the date it is counted from


# (sentence index, mention, whether a definite noun of an anaphoric type names it)
Found = tuple[int, Mention, bool]
# (sentence index, sentence, the event dated by its age)
Aged = tuple[int, Span, Anniversary]


def anniversaries(
    rules: Rules, sent: Span, timexes: list[tuple[TimeExpr, Span]], dct: str | None, doc: Doc
) -> Iterator[Anniversary]:
    """Events a sentence dates by their age: "the 30th anniversary of the treaty", "75
    years of diplomatic relations", "the pact, which turns 40 this year"."""
    for cue in sent:
        count, event, kinds = _read_cue(rules, cue)
        if count is None or event is None or not 0 < count < 1000:
            continue
        typed = _aged_event(rules, cue, event, kinds)
        if typed is None:
            continue
        nodes, kind = typed
        reference, ref_text = _reference_year(rules, cue, timexes, dct, doc)
        if reference is None or reference - count < 1:
            continue
        phrase = doc[cue.left_edge.i : cue.i + 1] if cue.pos_ != "VERB" else doc[cue.i : cue.i + 1]
        date_text = phrase.text if ref_text is None else f"{phrase.text} ({ref_text})"
        yield Anniversary(cue, tuple(nodes), kind, f"{reference - count:04d}", date_text, ref_text)


def _read_cue(rules: Rules, cue: Token) -> tuple[int | None, Token | None, frozenset[str]]:
    """(count, the word naming the event, the types it may have) of a word giving an age."""
    spec = rules.ontology.anniversary
    lemma = cue.lemma_.lower()
    if lemma in spec.count_nouns and cue.pos_ in ("NOUN", "PROPN"):
        return spec.count_nouns[lemma], _anniversary_of(cue), spec.types  # "the centenary of"
    if lemma in spec.nouns and cue.pos_ in ("NOUN", "PROPN"):
        count = next(
            (n for c in cue.children if c.dep_ in ("amod", "nummod")
             for n in [_ordinal(spec, c) or spec.count_words.get(c.lower_)] if n is not None),
            None,
        )  # fmt: skip
        return count, _anniversary_of(cue), spec.types
    if cue.lower_ in spec.units and cue.pos_ == "NOUN":
        count = next((number_value(c.text) for c in cue.children if c.dep_ == "nummod"), None)
        event = of_object(cue)
        since = since_object(cue)
        if event is None and since is not None:
            # "30 years since the establishment of diplomatic relations"
            return count, since, spec.types | spec.duration_types
        return count, event, spec.duration_types
    if lemma in spec.age_verbs and cue.pos_ == "VERB":
        count = next(
            (number_value(c.text) for c in cue.children
             if c.dep_ in ("dobj", "attr") and c.pos_ == "NUM"),
            None,
        )  # fmt: skip
        event = subject(cue)
        if event is not None and event.tag_ in ("WDT", "WP") and cue.dep_ == "relcl":
            event = cue.head  # "the accord, which turns 40"
        return count, event, spec.types
    return None, None, spec.types


def _aged_event(
    rules: Rules, cue: Token, event: Token, kinds: frozenset[str]
) -> tuple[list[Token], str] | None:
    """The nodes and type of the event a cue gives the age of."""
    typed = _age_event(rules, event, kinds)
    if typed is None and cue.dep_ == "relcl":
        # "the accord between X and Y, which turns 40": the parser may hang the clause
        # on the last name of the noun phrase
        node = event
        while typed is None and node.dep_ in ("pobj", "prep", "conj", "appos"):
            node = node.head
            if node.pos_ in ("NOUN", "PROPN"):
                typed = _age_event(rules, node, kinds)
    return typed


def _anniversary_of(cue: Token) -> Token | None:
    """The event an anniversary noun counts: "of X", "X's", or the subject of "X marks
    its 30th anniversary"."""
    event = of_object(cue)
    if event is not None:
        return event
    for child in cue.children:
        if child.dep_ == "poss":
            if child.pos_ != "PRON":
                return child
            head = cue.head
            if cue.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
                return subject(head)
    return None


def _age_event(rules: Rules, token: Token, kinds: frozenset[str]) -> tuple[list[Token], str] | None:
    """The nodes and type of an event an age is given to: a trigger noun of one of
    ``kinds``, "diplomatic relations", either through an act noun ("the signing of X") or
    an apposition ("the first document, the Agreement on Trade")."""
    spec = rules.ontology.anniversary
    if token.lemma_.lower() in spec.act_nouns:
        inner = of_object(token)
        if inner is not None:
            typed = _age_event(rules, inner, kinds)
            return None if typed is None else ([token, *typed[0]], typed[1])
        return None
    options = [token, *(c for c in token.children if c.dep_ == "appos")]
    loose = _loose_apposition(token)
    if loose is not None:
        options.append(loose)
    for node in options:
        word = node.lemma_.lower()
        if (
            spec.relation_type is not None
            and spec.relation_type in kinds
            and (node.lower_ in spec.relation_nouns or word in spec.relation_nouns)
            and any(c.lower_ in spec.relation_modifiers for c in node.children)
        ):
            return [token, node], spec.relation_type
        kind = rules.ontology.nouns.get(node.lower_) or rules.ontology.nouns.get(word)
        if kind is not None and kind in kinds and node.pos_ in ("NOUN", "PROPN"):
            return [token, node], kind
    return None


def _loose_apposition(token: Token) -> Token | None:
    """An apposition the parser hung elsewhere: ", the Agreement on Trade." right after a
    noun, a noun phrase closed by punctuation or the end of the sentence."""
    doc = token.doc
    words = [t for t in doc[token.right_edge.i + 1 : token.sent.end] if not t.is_space]
    if len(words) < 2 or words[0].text != ",":
        return None
    for candidate in words[1:5]:
        if candidate.pos_ in ("NOUN", "PROPN"):
            end = candidate.right_edge.i + 1
            rest = [t for t in doc[end : token.sent.end] if not t.is_space]
            if candidate.dep_ == "appos" or not rest or rest[0].is_punct:
                return candidate
            return None
        if candidate.dep_ not in ("det", "amod", "compound", "nummod"):
            return None
    return None


def _reference_year(
    rules: Rules, cue: Token, timexes: list[tuple[TimeExpr, Span]], dct: str | None, doc: Doc
) -> tuple[int | None, str | None]:
    """The year an age is counted from: the nearest date of the sentence with a year, one
    of the cue's own clause first (before one after it on a tie); else the document's."""
    clause = clause_head(cue)
    best: tuple[tuple[int, int, int], int, str] | None = None
    for timex, span in timexes:
        value = timex.value
        if value == "PRESENT_REF":
            value = dct or ""
        match = re.match(r"^(\d{4})", value or "")
        if match is None or is_bound_only(rules.ontology, timex, doc):
            continue
        before = span.end <= cue.i
        distance = cue.idx - timex.end if before else timex.start - cue.idx
        rank = (int(clause_head(span.root) != clause), abs(distance), int(not before))
        if best is None or rank < best[0]:
            best = (rank, int(match[1]), timex.text)
    if best is not None:
        return best[1], best[2]
    match = re.match(r"^(\d{4})", dct or "")
    return (int(match[1]), None) if match else (None, None)


def with_anniversaries(
    rules: Rules,
    found: list[Found],
    ages: list[Aged],
    ents: list[Span],
    ent_of: Mapping[int, Span],
    doc_text: str,
) -> Iterator[Mention]:
    """The mentions of a document, with the events dated by their age: a mention whose
    trigger is the aged event takes its date; otherwise the age makes a mention of its own
    (actors named in the phrase, else the document's main pair of states), and a definite
    "that agreement" just after it, dated only by tense, is the same event."""
    if not ages:
        yield from (mention for _i, mention, _a in found)
        return
    mentions, covered, dated = _dated_by_age(found, ages)
    pair = _main_pair(rules, ents) if len(covered) < len(ages) else ()
    for index, (sent_index, sent, age) in enumerate(ages):
        if index in covered:
            continue
        made = _age_mention(rules, sent, age, ent_of, pair, doc_text)
        if made is not None:
            dated.append((sent_index, made))
    _take_up_anaphors(rules, found, dated, mentions)
    every = mentions + [m for _s, m in dated if m not in mentions]
    yield from sorted(every, key=lambda m: (m.sent_start, m.trigger_start, m.trigger_end))


def _dated_by_age(
    found: list[Found], ages: list[Aged]
) -> tuple[list[Mention], set[int], list[tuple[int, Mention]]]:
    """(the mentions, with those of aged events dated by their age; the indexes of the ages
    that dated a mention; (sentence index, mention) of each event dated by its age)."""
    mentions = [mention for _i, mention, _a in found]
    covered: set[int] = set()
    dated: list[tuple[int, Mention]] = []
    for position, (sent_index, mention, _a) in enumerate(found):
        for index, (_s, _sent, age) in enumerate(ages):
            inside = any(
                node.idx <= mention.trigger_start < node.idx + len(node.text) for node in age.nodes
            )
            if not inside:
                continue
            if mention.date_source == "explicit" and mention.date_text != age.reference:
                continue  # a date of its own ("the treaty, signed in 1990, turns 35")
            if mention.date_source == "anniversary" and (mention.date or "")[:4] == age.date:
                covered.add(index)  # already counted back to the day (events/framing.py)
                dated.append((sent_index, mention))
                continue
            mentions[position] = replace(
                mention,
                date=age.date,
                date_text=age.date_text,
                date_source="anniversary",
                date_bound=None,
                status="occurred",
            )
            covered.add(index)
            dated.append((sent_index, mentions[position]))
    return mentions, covered, dated


def _take_up_anaphors(
    rules: Rules, found: list[Found], dated: list[tuple[int, Mention]], mentions: list[Mention]
) -> None:
    """ "As you know, that agreement was signed by X in Y": the aged event again (replaces
    such mentions in ``mentions``)."""
    span = rules.settings.age_anaphor_span
    for position, (sent_index, mention, anaphor) in enumerate(found):
        if not anaphor or mention.date_source not in ("bound", "none", "narrative"):
            continue
        antecedent = [
            (s, m) for s, m in dated if 0 < sent_index - s <= span and m.type == mention.type
        ]
        if not antecedent:
            continue
        start = antecedent[-1][0]
        if any(start < s < sent_index and m.type == mention.type for s, m, _a in found):
            continue  # another event of the type was named in between
        source = antecedent[-1][1]
        mentions[position] = replace(
            mention,
            actors=tuple(dict.fromkeys((*source.actors, *mention.actors))),
            date=source.date,
            date_text=source.date_text,
            date_source="anniversary",
            date_bound=None,
        )


def _age_mention(
    rules: Rules,
    sent: Span,
    age: Anniversary,
    ent_of: Mapping[int, Span],
    pair: tuple[str, ...],
    doc_text: str,
) -> Mention | None:
    """A mention of its own for an event named only by its age."""
    actors, location = _age_arguments(rules, age, ent_of)
    if not actors:
        # "our first treaty", "75 years of diplomatic relations": the document's two
        # states; not for an agreement named after a place or people ("the 10th
        # anniversary of the Paris Agreement"), likely not theirs alone
        if age.type not in rules.ontology.anaphoric or _names_place(rules, age):
            return None
        actors = list(_subject_states(rules, age.cue, ent_of) or pair)
    if not actors:
        return None
    sent_start, sent_end, text = sentence_bounds(sent, doc_text)
    token = age.nodes[-1]
    return Mention(
        doc=sent.doc._.timeline_path or "",
        sent_start=sent_start,
        sent_end=sent_end,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token.text),
        trigger=token.text,
        type=age.type,
        status="occurred",
        actors=tuple(actors),
        location=location,
        date=age.date,
        date_text=age.date_text,
        date_source="anniversary",
        cameo=rules.ontology.cameo.get(age.type),
        sentence=text,
    )


def _age_arguments(
    rules: Rules, age: Anniversary, ent_of: Mapping[int, Span]
) -> tuple[list[str], str | None]:
    """(actors, place) named in the words of an event dated by its age."""
    actors: list[str] = []
    location: str | None = None
    own = {node.i for node in age.nodes}
    seen: set[int] = set()
    for node in dict.fromkeys(age.nodes):
        for token in node.subtree:
            span = ent_of.get(token.i)
            if span is None or span.start in seen or own & set(range(span.start, span.end)):
                continue
            seen.add(span.start)
            place_ok = token.dep_ == "pobj" and token.head.lower_ in rules.ontology.place_preps
            arg = to_arg(rules, span, place_ok=place_ok, metonymy=False)
            if arg is None:
                continue
            if arg.place:
                # the event's own place ("his visit to Tokyo", "the treaty signed in
                # Rome"), not one hung on the noun phrase ("marked the anniversary of the
                # treaty in Paris" is where it is marked)
                destination = (
                    age.type in rules.ontology.place_types and token.head.head in age.nodes
                )
                if destination or any(a.dep_ in ("acl", "relcl") for a in token.ancestors):
                    location = location or arg.name
            elif arg.kind in ("state", "person") and arg.name not in actors:
                actors.append(arg.name)
    return actors, location


def _names_place(rules: Rules, age: Anniversary) -> bool:
    """Whether the words of an aged event name a place or people ("the Paris Agreement")."""
    return any(
        token.ent_type_ in PLACE_LABELS | {"NORP"}
        or (
            token.pos_ == "PROPN"
            and rules.gazetteer.kind(token.text) in ("place", "state", "demonym")
        )
        for node in age.nodes
        for token in node.subtree
    )


def _state_of(rules: Rules, name: str) -> str | None:
    """The state a name stands for: a state, or the state a serving office holder serves;
    None for anything else (or a name the gazetteer does not know)."""
    entry = rules.gazetteer.lookup(name)
    if entry is None:
        return None
    if entry.kind == "state":
        return entry.name
    if entry.kind == "person" and entry.country and not (entry.role or "").startswith("former"):
        return entry.country
    return None


def _subject_states(rules: Rules, cue: Token, ent_of: Mapping[int, Span]) -> tuple[str, ...]:
    """The two states that are the subject of the verb an age is the object of ("Chile
    and Japan celebrated the 30th anniversary of diplomatic relations"; leaders stand for
    the states they serve); nothing unless exactly two."""
    verb = next((t for t in cue.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or cue.pos_ == "VERB":
        return ()
    subj = subject(verb)
    if subj is None:
        return ()
    states: list[str] = []
    for token in [subj, *conjuncts(subj)]:
        span = ent_of.get(token.i)
        state = None if span is None else _state_of(rules, span.text)
        if state is None:
            return ()
        states.append(state)
    unique = tuple(dict.fromkeys(states))
    return unique if len(unique) == 2 else ()


def _main_pair(rules: Rules, ents: list[Span]) -> tuple[str, ...]:
    """The two states a document is about: each named (or through a serving office holder)
    at least ``main_pair_min`` times, and the second at least ``main_pair_ratio`` times as
    often as any third. Nothing when the document is not clearly bilateral."""
    settings = rules.settings
    counts: Counter[str] = Counter()
    for span in ents:
        state = _state_of(rules, span.text)
        if state is not None:
            counts[state] += 1
    ranked = counts.most_common(3)
    if len(ranked) < 2 or ranked[1][1] < settings.main_pair_min:
        return ()
    if len(ranked) == 3 and ranked[1][1] < settings.main_pair_ratio * ranked[2][1]:
        return ()
    return tuple(sorted((ranked[0][0], ranked[1][0])))


def _ordinal(spec: AnniversaryRules, token: Token) -> int | None:
    """The value of an ordinal word: "75th", "thirtieth", "fiftieth", "seventy-fifth"."""
    word = token.lower_
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    if match:
        return int(match[1])
    small = lexicon().ordinals
    tens, _, unit = word.partition("-")
    doc = token.doc
    if not unit and token.i >= 2 and doc[token.i - 1].text == "-":
        tens, unit = doc[token.i - 2].lower_, word  # "seventy - fifth" as three tokens
    if unit and tens in spec.tens and small.get(unit, 10) < 10:
        return spec.tens[tens] + small[unit]
    return small.get(word) or spec.ordinal_tens.get(word)
