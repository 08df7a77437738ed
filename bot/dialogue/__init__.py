"""Rasa dialogue components of the project (the safety policy) and tracker helpers."""
