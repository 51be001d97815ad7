"""The rule-set machinery: checking, comparing, displaying, exporting and importing a versioned
configuration of settings.

A kind of rule set (the talent rule set today, the succession one next) is described once by a
`katalog.Katalog`: its settings in their documented order, their labels, the check of each, the
engine that has the final word and the JSON format of its files. `validasi`, `diff` and `json_io`
are driven by that catalogue alone, so a second kind reuses them without a copy; `talenta` is the
talent rule set's catalogue and `tampilan` its page layout.
"""
