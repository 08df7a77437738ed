"""The demo clinic page (a placeholder until the chat-widget issue lands)."""
