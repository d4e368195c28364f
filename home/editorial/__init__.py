"""Editorial workflow: what each role may do on pages, snippets and media, the
edit forms, moderation, review dates and the publishing calendar.

A subpackage of `home`, not an app of its own: its rules apply to every app's
pages and snippets, it has no models, and an app label would mean migrations and
settings to move for nothing. The roles themselves stay in home/roles.py: every
app's migrations create their groups from it."""
