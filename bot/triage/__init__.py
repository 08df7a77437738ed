"""Triage logic: red-flag vocabulary, outcome rules and answer handling (no Rasa imports)."""
