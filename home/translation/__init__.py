"""Translation: what translators may do, wagtail-localize's views made safe, the
translation-status report, the facts every translation copies from its source,
the menus' untranslated entries, and the language the interface really speaks.

A subpackage of `home`, not an app of its own: its rules apply to every app's
pages and snippets, it has no models, and an app label would mean migrations and
settings to move for nothing."""
