"""The normalisers by name, and each grammar rule's normaliser (the rule registry: a rule of
``data/timex.yaml`` names its normaliser)."""

from __future__ import annotations

from functools import lru_cache

from ..errors import DataFileError
from ..resources import data_dir
from .calendar import (
    h_century,
    h_decade,
    h_era_year,
    h_fiscal_period,
    h_full,
    h_half,
    h_holiday,
    h_iso,
    h_list_days,
    h_md,
    h_month,
    h_month_rel_year,
    h_my,
    h_numeric,
    h_quarter,
    h_range_days,
    h_range_months,
    h_season,
    h_season_year,
    h_spoken_year,
    h_the_year,
    h_year,
    h_year_range,
)
from .grammar import grammar
from .relative import (
    h_after_event,
    h_ago,
    h_deictic,
    h_duration,
    h_end_of_the,
    h_later,
    h_pod_of,
    h_ref_adjective,
    h_refs,
    h_rel_unit,
    h_season_rel,
    h_set,
    h_time,
    h_weekday,
    h_weekday_range,
    h_weekend,
)
from .resolve import Handler

NORMALISERS: dict[str, Handler] = {
    "after_event": h_after_event,
    "ago": h_ago,
    "century": h_century,
    "decade": h_decade,
    "deictic": h_deictic,
    "duration": h_duration,
    "end_of_the": h_end_of_the,
    "era_year": h_era_year,
    "fiscal_period": h_fiscal_period,
    "full": h_full,
    "half": h_half,
    "holiday": h_holiday,
    "iso": h_iso,
    "later": h_later,
    "list_days": h_list_days,
    "md": h_md,
    "month": h_month,
    "month_rel_year": h_month_rel_year,
    "my": h_my,
    "numeric": h_numeric,
    "pod_of": h_pod_of,
    "quarter": h_quarter,
    "range_days": h_range_days,
    "range_months": h_range_months,
    "ref_adjective": h_ref_adjective,
    "refs": h_refs,
    "rel_unit": h_rel_unit,
    "season": h_season,
    "season_rel": h_season_rel,
    "season_year": h_season_year,
    "set": h_set,
    "spoken_year": h_spoken_year,
    "the_year": h_the_year,
    "time": h_time,
    "weekday": h_weekday,
    "weekday_range": h_weekday_range,
    "weekend": h_weekend,
    "year": h_year,
    "year_range": h_year_range,
}


@lru_cache(maxsize=1)
def handlers() -> dict[str, Handler]:
    """Each grammar rule's normaliser, by rule name.

    Raises:
        DataFileError: a rule of ``data/timex.yaml`` names no known normaliser.
    """
    out: dict[str, Handler] = {}
    for rule in grammar():
        if rule.normaliser not in NORMALISERS:
            known = ", ".join(sorted(NORMALISERS))
            problem = f"no normaliser {rule.normaliser!r} (known: {known})"
            raise DataFileError(data_dir() / "timex.yaml", rule.name, problem)
        out[rule.name] = NORMALISERS[rule.normaliser]
    return out
