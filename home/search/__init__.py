"""Search: how readers and search engines find pages. The search page, the
PostgreSQL backend that indexes and queries each page in its own language, the
text search configurations, and /sitemap.xml for every language.

A subpackage of `home`, not an app of its own: it has no models, and an app label
would mean migrations and settings to move for nothing. How text is normalised
for the index stays in home/search_text.py: the pages' base class uses it, and
the search page builds on those pages."""
