"""The J&J Therapy back-pain assistant: the project's own Python package.

Nothing here starts a server or opens a connection at import time.
"""
