"""timeline: a sourced, merged chronology of diplomatic events from a folder of articles."""

from __future__ import annotations

# Set before the imports below: the renderers read it while the package is initialising.
__version__ = "0.1.0"

from .errors import TimelineError
from .evaluate import evaluate
from .model import SCHEMA, Event, Timeline
from .pipeline import BuildResult, build

__all__ = [
    "SCHEMA",
    "BuildResult",
    "Event",
    "Timeline",
    "TimelineError",
    "__version__",
    "build",
    "evaluate",
]
