"""`rasa data validate`, failing on every warning except one that Rasa gets wrong.

Rasa warns "The utterance 'X' is not used in any story or rule" for responses that a
form asks (`utter_ask_<slot>`) or a custom action sends. Such a warning is accepted
only when the response really is used that way: its name appears in actions/, or it is
the question of a form slot. Anything else fails, so a response nobody sends is caught. Intents that the
Rasa server's safety policy and reader handle in code are accepted too. Rasa also warns that a
retrieval intent listed in domain.yml (as its docs ask) is "duplicated" once it adds the
intent from the training data itself; that is accepted for retrieval intents only.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUPLICATE = re.compile(r"duplicated intents have been found across multiple domain files: (.*)")
UNUSED = re.compile(r"The utterance '(utter_[\w/]+)' is not used in any story or rule")
# Intents the Rasa server's safety policy and reader handle in code (bot/triage/safety.py,
# bot/nlu/reading.py): no rule names them, and two have no training examples because only
# the reader and buttons produce them.
INTENT_IN_CODE = re.compile(r"The intent '(\w+)' (?:is not used in any story or rule|is listed in the domain "
                            r"file, but is not found in the NLU training data)")
WARNING = re.compile(r"UserWarning: (.*)")


def used_outside_stories(name: str, action_code: str, form_slots: set) -> bool:
    if name.startswith("utter_ask_") and name[len("utter_ask_"):] in form_slots:
        return True
    if f'"{name}"' in action_code:
        return True
    # a name built in code, e.g. f"utter_advice_{outcome}"
    prefixes = [name[: i + 1] for i, ch in enumerate(name) if ch == "_"]
    return any(f'f"{prefix}{{' in action_code for prefix in prefixes)


def main() -> int:
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    form_slots = {s for form in domain.get("forms", {}).values() for s in form.get("required_slots", [])}
    # responses and intents named by code: the action server's, and the Rasa server's own
    # safety policy and reader (bot/)
    action_code = "\n".join(p.read_text() for p in [*(ROOT / "actions").glob("*.py"), *(ROOT / "bot").rglob("*.py")])
    safety_code = "\n".join((ROOT / "bot" / name).read_text() for name in ("triage/safety.py", "nlu/reading.py"))
    nlu_data = "\n".join(p.read_text() for p in (ROOT / "data").rglob("*.yml"))
    rasa = str(Path(sys.executable).with_name("rasa"))
    proc = subprocess.run([rasa, "data", "validate"], cwd=ROOT, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    problems = []
    for line in output.splitlines():
        found = WARNING.search(line)
        if not found:
            continue
        duplicate = DUPLICATE.search(line)
        if duplicate and all(f"intent: {name.strip()}/" in nlu_data for name in duplicate.group(1).split(",")):
            continue
        in_code = INTENT_IN_CODE.search(line)
        if in_code and f'"{in_code.group(1)}"' in safety_code:
            continue
        unused = UNUSED.search(line)
        if unused and used_outside_stories(unused.group(1), action_code, form_slots):
            continue
        problems.append(found.group(1))
    if proc.returncode != 0:
        print(output)
        print("rasa data validate failed", file=sys.stderr)
        return 1
    for problem in problems:
        print("WARNING:", problem)
    print(f"rasa data validate: {len(problems)} warning(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
