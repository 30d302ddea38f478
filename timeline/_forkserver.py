"""Imported by the fork server of the worker pool (``timeline.workers.Workers``) when it starts:
loads the pipeline named by ``TIMELINE_PRELOAD_MODEL`` once, before any worker is forked from
it, so that the workers start ready and share its memory."""

from __future__ import annotations

import contextlib
import os

from . import workers

_model = os.environ.get(workers.PRELOAD_ENV)
if _model is not None:
    # On failure each worker loads the model again, and reports the error.
    with contextlib.suppress(Exception):
        workers.preload(_model or None)
