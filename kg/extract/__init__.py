"""The extractors, registered by name and run in a declared order."""
from __future__ import annotations

from kg.errors import KgError
from kg.extract.base import Extractor, Segmented
from kg.extract.campaign import extract_campaigns
from kg.extract.enterprise import extract_enterprises
from kg.extract.project import extract_projects
from kg.extract.region import extract_regions
from kg.extract.target import extract_targets

EXTRACTORS: dict[str, Extractor] = {
    "region": extract_regions,
    "enterprise": extract_enterprises,
    "project": extract_projects,
    "campaign": extract_campaigns,
    "target": extract_targets,
}
DEFAULT_PIPELINE: tuple[str, ...] = tuple(EXTRACTORS)


def get_extractor(name: str) -> Extractor:
    """The extractor registered as `name`."""
    try:
        return EXTRACTORS[name]
    except KeyError:
        raise KgError(f"No extractor named {name!r}. Available: {', '.join(EXTRACTORS)}") from None


__all__ = ["EXTRACTORS", "DEFAULT_PIPELINE", "Extractor", "Segmented", "get_extractor"]
