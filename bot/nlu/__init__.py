"""Clinical NLU: reads a patient's message for red flags and triage facts (no Rasa imports).

    from bot.nlu.clinical import analyse, red_flags_in, Finding

spaCy is loaded on first use, not when this package is imported.
"""
