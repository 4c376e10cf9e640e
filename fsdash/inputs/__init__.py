"""Files from outside: read, check, compare. The site list, contours, statuses spreadsheets,
record values, differences between lists, quality checks, download and provenance.

May import ``domain``."""
