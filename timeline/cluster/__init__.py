"""The build on a Dask cluster: extraction on the workers, sources by fsspec URL, the
partitioned merge. An optional extra: ``pip install "timeline[dask]"``.

Modules: :mod:`.sources` (listing and reading files by URL), :mod:`.cache` (the incremental
cache and the annotations, read and written by the workers), :mod:`.rerun` (files unchanged
since the last build, not read again), :mod:`.engine` (the Dask client, the model once per
worker, the tasks) and :mod:`.build` (:func:`build_on_cluster`).
"""

from __future__ import annotations

from ..errors import TimelineError

try:
    import distributed  # noqa: F401
    import fsspec  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installation
    raise TimelineError(
        f'--scheduler needs Dask and fsspec ({error.name} is missing): pip install "timeline[dask]"'
    ) from error

from .build import build_on_cluster

__all__ = ["build_on_cluster"]
