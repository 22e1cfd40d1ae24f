"""Interoperability: spreadsheet and registry imports (jobs, preview, all-or-nothing commit,
duplicates and merge) and the open exports (CSV/XLSX/JSON, OpenAIRE CERIF, OAI-PMH)."""
