"""The yearly report as documents: the content in one language, then PDF, XLSX and CSV."""
