"""Input channels on the Rasa server, and what every channel shares: `never_silent`
(every message gets an answer, within the limits) and the per-sender `throttle`."""
