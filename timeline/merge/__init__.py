"""Corpus-level merge: all mention records → one chronology of :class:`Event` records.

A reduce over the outputs of the per-document extraction, in four steps:

1. **Cluster** dated mentions into events. Mentions are blocked by type family and year (and
   within a block indexed by actor), so no step compares all pairs of the corpus. A mention
   joins the best compatible event: date intervals overlap, actors agree (a shared name, or a
   person and the state they serve), places agree (a missing argument is compatible, a
   different one is not).
2. **Disputes**: a mention whose date contradicts an event with the very same non-recurring
   description (an agreement between the same parties a year apart) joins it as a dispute
   instead of founding a second event.
3. **Anchoring**: a mention with a year-less date (``XXXX-06-18``) or only a bound ("on or
   before the document date") takes its date from a coreferent event, and says so.
4. **Reconcile** each event: the most precise date consistent with its sources, the status
   over time (a planned event that a later source reports becomes occurred), confidence from
   independent sources, date explicitness and argument agreement, a stable id and a title.

Modules: :mod:`.index` (clusters and the blocking index), :mod:`.dating` (dates in the merge),
:mod:`.reconcile` (one event from a cluster) and :mod:`.core` (the four steps).
"""

from __future__ import annotations

from .core import merge_mentions, merge_results
from .index import family

__all__ = ["family", "merge_mentions", "merge_results"]
