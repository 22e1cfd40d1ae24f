"""Exporters: the portfolio as CSV/XLSX/JSON (``spreadsheet``), OpenAIRE CERIF XML
(``cerif``) and the reads they share (``selectors``)."""
