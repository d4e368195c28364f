"""The editors' and translators' guides, served in the admin's Help menu.

The guides are Markdown files of the repository's `docs/guide/` (French first,
English twins), so that one text is read on the forge and in the admin.
"""
