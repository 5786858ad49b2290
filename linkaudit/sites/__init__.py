"""Site generators' conventions: which generator builds a tree (`detect`), where its links
land (`resolve`), how it names heading anchors (`slugs`), its template links (`templates`),
Sphinx's project-wide reference targets (`sphinx`), and which rule pack suits it (`packs`)."""

from linkaudit.sites.detect import GENERATORS, Site, detect_site, site_for

__all__ = ["GENERATORS", "Site", "detect_site", "site_for"]
