"""The rule-set machinery: checking, comparing, displaying, exporting and importing a versioned
configuration of settings.

A kind of rule set (the talent rule set today, the succession one next) is described once by a
`katalog.Katalog`: its settings in their documented order, their labels, the check of each, the
engine that has the final word and the JSON format of its files. `validasi`, `diff` and `json_io`
are driven by that catalogue alone, so a second kind reuses them without a copy; `talenta` is the
talent rule set's catalogue and `tampilan` its page layout.

The versions of a kind, their pages and their writes are described by a `jenis.JenisAturan` (the
model, the presets, what activation recomputes, URL names, permissions, words): `services`,
`selectors`, `forms` (the editor's base class), `views` and `urls` serve every kind from it, with
the generic templates in templates/aturan/.
"""
