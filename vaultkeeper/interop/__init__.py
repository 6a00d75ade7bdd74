"""Moving people in and out of the vault: one module per format.

Importers (`linkedin`, `vcard`) are pure parsers from bytes to `people.Person` values; only
`apply` writes, and it writes only through `edit/` (the new-note path and the edit engine),
so an import is exactly as safe as `vaultkeeper new` and `vaultkeeper touch`. Exporters
(`ics`, `csv_export`, `vcard_export`) are pure functions of the loaded vault and the day, so the
same vault on the same day always gives the same bytes.
"""
