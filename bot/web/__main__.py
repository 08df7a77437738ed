"""`python -m bot.web`: serves the demo clinic page and the chat widget on WEB_PORT."""
from bot.web.server import main

if __name__ == "__main__":
    main()
