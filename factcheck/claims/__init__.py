"""Stage 5: claims (numbers, dates, and the extractor that gives them subjects)."""
