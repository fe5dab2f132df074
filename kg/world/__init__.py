"""The world as the Correlates of War codes it: COW's IGO data (v3.0) and state system list.

- :mod:`kg.world.cow` reads (and writes back) COW's own table layouts, with one error type for
  bad input (:class:`CowDataError`, every problem with file, line and column), and turns the
  IGO-year cells into membership runs with honest bounds.
- :mod:`kg.world.crosswalk` reads the reviewed crosswalk from COW codes to our ids
  (``corpus/external/cow-igo-v3/crosswalk-*.csv``) and gives statehood spells.

Only the standard library is used; nothing here prints.
"""

from kg.world.cow import (
    CODES,
    COW_STATE_COLUMNS,
    COW_V3_ERRATA,
    IGO_YEAR_LEAD,
    IGO_YEAR_TAIL,
    ROLES,
    CountryCode,
    CowDataError,
    CowProblem,
    Igo,
    IgoYear,
    IgoYearTable,
    MembershipRun,
    StateSpell,
    StateYear,
    StateYearTable,
    membership_runs,
    read_country_codes,
    read_igo_years,
    read_state_years,
    read_states,
    write_igo_years,
    write_state_years,
)
from kg.world.crosswalk import (
    CROSSWALK_FILES,
    ID_PATTERN,
    Crosswalk,
    EntityRun,
    IgoMatch,
    Period,
    Statehood,
    StateMatch,
    entity_runs,
    read_crosswalk,
    state_spells,
)

__all__ = [
    "CODES",
    "COW_STATE_COLUMNS",
    "COW_V3_ERRATA",
    "CROSSWALK_FILES",
    "ID_PATTERN",
    "IGO_YEAR_LEAD",
    "IGO_YEAR_TAIL",
    "ROLES",
    "CountryCode",
    "CowDataError",
    "CowProblem",
    "Crosswalk",
    "EntityRun",
    "Igo",
    "IgoMatch",
    "IgoYear",
    "IgoYearTable",
    "MembershipRun",
    "Period",
    "StateMatch",
    "StateSpell",
    "StateYear",
    "StateYearTable",
    "Statehood",
    "entity_runs",
    "membership_runs",
    "read_country_codes",
    "read_crosswalk",
    "read_igo_years",
    "read_state_years",
    "read_states",
    "state_spells",
    "write_igo_years",
    "write_state_years",
]
