"""Wikidata linking, beside the main flow: verified QIDs, reference facts with their evidence, coverage report."""
