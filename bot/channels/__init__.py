"""Messaging channels on the Rasa server: WhatsApp Cloud API (whatsapp.py) and Twilio
SMS / WhatsApp (twilio.py). Both are named in credentials.yml and configured from the
environment only; without their settings they are off (their URLs answer 404)."""
