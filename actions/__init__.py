"""The action server: thin adapters from Rasa to the logic in `bot/`."""
