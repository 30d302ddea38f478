"""The date of an event mention: the temporal expression its trigger governs, else a free one
of the sentence, else the narrative's reference time, else a bound from the document date and
the verb's tense. Reads the ``timeline_timex`` expressions of the sentence."""

from __future__ import annotations

import re
from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from ..dates import parse_when
from ..model import TimeExpr
from .context import Rules, Settings
from .framing import (
    anniversary_age,
    in_time_clause,
    spanned_value,
    when_clause_date,
    years_before,
)
from .ontology import Ontology
from .status import proposed_object, tense
from .syntax import CLAUSE_DEPS, SUBJECT_DEPS, sent_start
from .triggers import Candidate, trigger_type

DASHES = frozenset(["-", "–", "—", "--"])
# A month or day whose year nothing in the document gives (it has no date): the merge takes
# the year from a coreferent event of another document.
_YEARLESS = re.compile(r"^XXXX-\d{2}(?:-\d{2})?(?:/XXXX-\d{2}(?:-\d{2})?)?$")

# how a date modifies a noun ("the 2024 election", "Sunday's vote")
_MODIFIER_DEPS = frozenset(["compound", "nummod", "amod", "poss"])

# (date, date text, date source, date bound) of a mention
DateFields = tuple[str | None, str | None, str, str | None]


def govern(
    rules: Rules, timexes: list[tuple[TimeExpr, Span]], candidates: list[Candidate]
) -> dict[int, tuple[str, TimeExpr]]:
    """For each timex index: ("gov:N", ...) with the candidate index N it governs, or "free",
    "report" (the time of a reporting verb) or "blocked" (another clause)."""
    node_owner: dict[int, int] = {}
    for index, cand in enumerate(candidates):
        for node in cand.argument_nodes:
            node_owner.setdefault(node.i, index)
    for index, cand in enumerate(candidates):
        verb = gathering_verb(rules, cand)
        if verb is not None:
            # "will fly on Thursday to a summit": the journey's date is the summit's
            node_owner.setdefault(verb.i, index)
        for node in cand.nodes:
            # "an invitation to visit X in 2024": the date is the visit's, not the invitation's
            node_owner.setdefault(node.i, -1)
    result: dict[int, tuple[str, TimeExpr]] = {}
    for tindex, (timex, span) in enumerate(timexes):
        if _is_dateline(rules.settings, span):
            # a dateline ("ANKARA, July 3 - ..."): the report's date, not the event's
            result[tindex] = ("report", timex)
        elif _names_other_noun(span, node_owner):
            # "the 2024 election", "Sunday's vote": the date of that noun, not the sentence's
            result[tindex] = ("blocked", timex)
        else:
            result[tindex] = (_verdict(rules.ontology, span.root, node_owner), timex)
    return result


def shared_by_coordination(
    clause: Token, index: int, governed: Mapping[int, tuple[str, TimeExpr]]
) -> list[TimeExpr]:
    """The dates another trigger governs in the first conjunct of a bare coordinated verb."""
    if clause.dep_ != "conj" or clause.pos_ != "VERB":
        return []
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in clause.children):
        return []
    doc, first = clause.doc, clause.head
    shared = []
    for verdict, timex in governed.values():
        if not verdict.startswith("gov:") or verdict == f"gov:{index}":
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        head = span.root.head if span is not None else None
        if head is not None and head.pos_ == "ADP":
            head = head.head
        if head is not None and head.i == first.i:
            shared.append(timex)
    return shared


def gathering_verb(rules: Rules, cand: Candidate) -> Token | None:
    """The verb a trigger noun is the goal or purpose of ("fly to a summit", "came for talks")."""
    noun = cand.token
    head = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "pobj" or cand.anchor is not None:
        return None
    if head.lower_ not in rules.ontology.gathering_preps or head.head.pos_ != "VERB":
        return None
    # an event verb's date is its own ("invited X in May for a visit"), a journey's is not
    # ("fly on Thursday to a summit")
    verb = head.head
    kind = trigger_type(rules, verb)
    return None if kind is not None and kind[0] not in rules.ontology.place_types else verb


def _names_other_noun(span: Span, node_owner: Mapping[int, int]) -> bool:
    """Whether a date modifies a noun that is no trigger ("the 2024 election")."""
    root = span.root
    head = root.head
    return (
        root.dep_ in _MODIFIER_DEPS
        and head.i != root.i
        and head.i not in node_owner
        and head.pos_ in ("NOUN", "PROPN")
        and head.i not in range(span.start, span.end)
    )


def _is_dateline(settings: Settings, span: Span) -> bool:
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return (
        after is not None
        and after.text in DASHES
        and span.start - sent_start(span.doc, span.start) < settings.dateline_max_offset
    )


def _verdict(onto: Ontology, node: Token, node_owner: Mapping[int, int]) -> str:
    """Climb from a date's root to the first trigger node, reporting verb or clause boundary."""
    while True:
        if node.i in node_owner:
            owner = node_owner[node.i]
            return f"gov:{owner}" if owner >= 0 else "blocked"
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            if node.lemma_.lower() in onto.report_verbs:
                return "report"
            if node.dep_ in CLAUSE_DEPS:
                return "blocked"
        if node.head.i == node.i:
            return "free"
        node = node.head


def mention_date(
    rules: Rules,
    cand: Candidate,
    index: int,
    governed: Mapping[int, tuple[str, TimeExpr]],
    clause: Token,
    status: str,
    dct: str | None,
    *,
    headline: bool,
    reference: tuple[str, str | None] | None = None,
) -> DateFields:
    """(date, date text, date source, date bound) of a mention."""
    doc = cand.token.doc
    asked = status == "proposed" and proposed_object(rules.ontology, cand.token)
    own = _own_dates(index, governed, clause, dct, asked=asked)
    free = [t for verdict, t in governed.values() if verdict == "free"]
    report = [t for verdict, t in governed.values() if verdict == "report"]
    earlier = _bounded_by_preposition(rules.ontology, cand)
    timed = in_time_clause(rules.ontology, clause)
    # "X joined in 1993 after Y met Z": before the main clause's date
    limit = _time_clause_bound(rules.ontology, clause, free) if timed else None
    if earlier or timed or _is_cause(cand) or asked:
        # "after X forged ties": the main clause's date is not this event's
        free = []
        reference = None
    every = [t for _verdict, t in governed.values()]
    framed = _framed_date(rules, cand, clause, own, (free, every), dct)
    if framed is not None:
        return framed
    if anniversary_age(rules.ontology, cand) is not None:
        free = []  # "Friday marks the 40th anniversary of the treaty": not Friday
        reference = None
    found = _stated_date(rules.ontology, cand, own, free, dct, doc)
    if found is not None:
        return found
    if dct is not None and status == "occurred" and (earlier or _framing(rules, cand)):
        # "comes five months after Li's tour": before the document, not on its day; "the
        # visit comes as ...": the document's event, dated where it is told, not here
        return None, None, "bound" if earlier else "none", f"<={dct}" if earlier else None
    bounded = _bounded_date(clause, status, report, limit)
    if bounded is not None:
        return bounded
    if reference is not None and _follows(rules, cand):
        # "held a meeting on Monday, followed by talks": the day just told
        return reference[0], reference[1], "narrative", None
    if dct is None:
        return None, None, "none", None
    return _tense_date(
        rules.ontology, cand, clause, status, dct, headline=headline, reference=reference
    )


def _time_clause_bound(
    onto: Ontology, clause: Token, free: list[TimeExpr]
) -> tuple[str, TimeExpr] | None:
    """The limit the main clause's date sets an event of a clause of time: before it for
    "after", "since" ("joined in 1993 after X met Y"), after it for "before", "until"."""
    mark = next(
        (c.lower_ for c in clause.children if c.dep_ == "mark" and c.lower_ in onto.bound_preps),
        None,
    )
    usable = [t for t in free if parse_when(t.value) is not None]
    if mark is None or not usable:
        return None
    nearest = min(usable, key=lambda t: abs(t.start - clause.idx))
    op = ">=" if mark in onto.later_marks else "<="
    return op, nearest


def _bounded_date(
    clause: Token,
    status: str,
    report: list[TimeExpr],
    limit: tuple[str, TimeExpr] | None,
) -> DateFields | None:
    """A bound from a report's day ("have signed a pact, X said on Monday", "said on Monday
    she had spoken with Y": done by that day, and recently) or from the main clause of a
    clause of time; None for a planned event or without one."""
    if status != "occurred":
        return None
    usable = [t for t in report if usable_value(t.value) and t.value != "PRESENT_REF"]
    if usable:
        recent = tense(clause) in ("perfect", "pluperfect")
        return None, usable[0].text, "recent" if recent else "bound", f"<={usable[0].value}"
    if limit is not None:
        op, timex = limit
        return None, timex.text, "bound", f"{op}{timex.value}"
    return None


def _own_dates(
    index: int,
    governed: Mapping[int, tuple[str, TimeExpr]],
    clause: Token,
    dct: str | None,
    *,
    asked: bool,
) -> list[TimeExpr]:
    """The dates the trigger governs. A verb coordinated without a subject or auxiliary of
    its own shares its first conjunct's ("will receive X on Friday, hold talks with Y and
    attend a dinner"). An event asked for ("called on Monday for a meeting") takes only a
    date after the document's: one up to it is the asking's ("proposed a summit in May")."""
    own = [t for verdict, t in governed.values() if verdict == f"gov:{index}"]
    own = own or shared_by_coordination(clause, index, governed)
    return [t for t in own if _after(t, dct)] if asked else own


def _bounded_by_preposition(onto: Ontology, cand: Candidate) -> bool:
    """ "after a trip to X", "since his meeting with Y": an earlier event, not dated by the
    sentence's or the narrative's time ("ahead of his trip", "prior to the talks": the
    preposition after a bounding word; "followed by talks": an agent, not a bound)."""
    prep = cand.token.head
    bounds = onto.bound_preps
    return (
        cand.token.dep_ == "pobj"
        and (prep.lower_ in bounds or (prep.dep_ == "prep" and prep.head.lower_ in bounds))
        and prep.dep_ != "agent"
    )


def _after(timex: TimeExpr, dct: str | None) -> bool:
    """Whether a date begins after the document's date (any date, without one)."""
    when, today = parse_when(timex.value), parse_when(dct)
    return when is None or today is None or when.start > today.end


def _framed_date(
    rules: Rules,
    cand: Candidate,
    clause: Token,
    own: list[TimeExpr],
    pools: tuple[list[TimeExpr], list[TimeExpr]],
    dct: str | None,
) -> DateFields | None:
    """The date a frame gives: the time a "when" clause follows ("last year, when they met"),
    or an anniversary's day counted back ("Friday marks the 40th anniversary of X"); a date
    the trigger governs wins over both. ``pools``: the sentence's free dates, and all."""
    doc = cand.token.doc
    onto = rules.ontology
    if any(usable_value(t.value) for t in own):
        return None
    free, every = pools
    spans = [(t, _span_of(doc, t)) for t in every]
    found = when_clause_date(clause, [s for _t, s in spans if s is not None])
    if found is not None:
        timex = next(t for t, s in spans if s is found)
        value = dct if timex.value == "PRESENT_REF" else timex.value
        if usable_value(value):
            return value, timex.text, "explicit", None
    age = anniversary_age(onto, cand)
    if not age:
        return None
    for timex in sorted(free, key=lambda t: abs(t.start - cand.token.idx)):
        when = parse_when(dct if timex.value == "PRESENT_REF" else timex.value)
        value = None if when is None else years_before(when, age)
        if value is not None:
            return value, timex.text, "anniversary", None
    return None


def _span_of(doc: Doc, timex: TimeExpr) -> Span | None:
    return doc.char_span(timex.start, timex.end, alignment_mode="expand")


def _follows(rules: Rules, cand: Candidate) -> bool:
    """A trigger that is the agent of a framing participle ("a meeting, followed by talks")."""
    prep = cand.token.head
    return (
        cand.token.dep_ == "pobj"
        and prep.dep_ == "agent"
        and prep.head.lemma_.lower() in rules.ontology.framing_verbs
    )


def _is_cause(cand: Candidate) -> bool:
    """An invitation a clause's event is made at ("will visit X on May 3 at the invitation of
    Y"): extended before that event, not on its date."""
    token = cand.token
    prep = token.head
    return (
        cand.type == "invitation"
        and token.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.head.pos_ in ("VERB", "AUX")
    )


def _framing(rules: Rules, cand: Candidate) -> bool:
    """A trigger noun that is the subject of a framing verb in the present ("the visit comes
    after ...", "the talks follow ..."): it stands for the event the document tells."""
    token = cand.token
    head = token.head
    return (
        token.pos_ != "VERB"
        and token.dep_ in ("nsubj", "nsubjpass")
        and head.lemma_.lower() in rules.ontology.framing_verbs
        and tense(head) == "present"
    )


def _stated_date(
    onto: Ontology,
    cand: Candidate,
    own: list[TimeExpr],
    free: list[TimeExpr],
    dct: str | None,
    doc: Doc,
) -> DateFields | None:
    """The nearest date the trigger governs, else the nearest free date of the sentence."""
    for pool, source in ((own, "explicit"), (free, "sentence")):
        usable = [t for t in pool if usable_value(t.value) and not is_bound_only(onto, t, doc)]
        if usable:
            best = min(usable, key=lambda t: abs(t.start - cand.token.idx))
            value = best.value or ""
            if value == "PRESENT_REF":
                if dct is None:
                    continue
                value = dct
            # "from May 3 to 5": the tagger reads the first day, the words after it the last
            return spanned_value(onto, doc, _span_of(doc, best), value), best.text, source, None
    return None


def _tense_date(
    onto: Ontology,
    cand: Candidate,
    clause: Token,
    status: str,
    dct: str,
    *,
    headline: bool,
    reference: tuple[str, str | None] | None,
) -> DateFields:
    """A date or bound from the document date, the tense and the narrative's reference time."""
    verb_tense = tense(clause)
    adverbs = onto.present_adverbs
    present = any(c.lower_ in adverbs for node in cand.nodes for c in node.children) or any(
        c.lower_ in adverbs for c in clause.children
    )
    planned = status != "occurred" or (headline and any(c.tag_ == "TO" for c in clause.children))
    if planned:
        # "X to meet Y" in a headline: to come
        return None, None, "bound", f">={dct}"
    if headline:
        # a headline tells in the present what happened or happens: the event the body dates,
        # not one of the report's day
        return None, None, "bound", f"<={dct}"
    if present or verb_tense in ("progressive", "present"):
        return dct, None, "dct", None
    if verb_tense == "past" and reference is not None and reference[0] <= dct:
        # simple past continuing a dated narrative: "On Monday X met Y. They signed ..."
        return reference[0], reference[1], "narrative", None
    if verb_tense == "perfect":
        # "have signed": done by the document's date, and recently (date source "recent")
        return None, None, "recent", f"<={dct}"
    if verb_tense in ("past", "pluperfect"):
        return None, None, "bound", f"<={dct}"
    if _before_a_past_report(onto, clause):
        # "After meeting X, Y said ...": done just before what the report tells, recently
        return None, None, "recent", f"<={dct}"
    return None, None, "none", None


def _before_a_past_report(onto: Ontology, clause: Token) -> bool:
    """A gerund after "after" or "following" (``after_preps``) whose main clause is a report in
    the past."""
    if clause.tag_ != "VBG" or clause.dep_ != "pcomp":
        return False
    prep = clause.head
    main = prep.head
    return (
        prep.lower_ in onto.after_preps
        and main.lemma_.lower() in onto.report_verbs
        and tense(main) == "past"
    )


def is_bound_only(onto: Ontology, timex: TimeExpr, doc: Doc) -> bool:
    """ "since 2020", "until May", "before Friday": a limit, not the event's date."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    words = onto.bound_preps
    value = timex.value or ""
    if spanned_value(onto, doc, span, value) != value:
        return False  # "from May 3 to 5": the span of the event, not a limit
    head = span.root.head
    if span[0].lower_ in words:
        prep = span[0]
    elif span.root.dep_ == "pobj" and head.lower_ in words:
        prep = head
    else:
        return False
    return not is_range_start(onto, prep, span, timex)


def is_range_start(onto: Ontology, prep: Token, span: Span, timex: TimeExpr) -> bool:
    """ "from May 3 to 5", "from August 22-24": a starting word before a range, not a bound."""
    if prep.lower_ not in onto.starting_words:
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    ranged = timex.value is not None and "/" in timex.value
    return ranged or (after is not None and after.lower_ in onto.range_ends)


def usable_value(value: str | None) -> bool:
    """A value that dates an event: a date, the present, or a month or day without its year."""
    return value is not None and (
        value == "PRESENT_REF" or parse_when(value) is not None or bool(_YEARLESS.match(value))
    )


def is_headline(settings: Settings, sent: Span, doc_text: str) -> bool:
    """A title line at the top of a document: no final punctuation, among the first lines."""
    text = doc_text[sent.start_char : sent.end_char].strip()
    if not text or text[-1] in '.!?"”:…':
        return False
    return (
        len(sent) <= settings.headline_max_tokens
        and doc_text.count("\n", 0, sent.start_char) <= settings.headline_max_lines
    )
