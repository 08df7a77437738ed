"""Input channels on the Rasa server and what every channel shares.

- rest.py: the REST webhook of CONTRACT.md, with request limits.
- whatsapp.py: WhatsApp Cloud API; twilio.py: Twilio SMS / WhatsApp. Both are named in
  credentials.yml and configured from the environment only; without their settings they
  are off (their URLs answer 404).
- never_silent.py: every message gets an answer, within the limits; throttle.py: per sender.
"""
