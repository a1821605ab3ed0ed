"""Fill German translations into the catalogue from a dict module: translate.py DICT.py.

The module defines ``DE = {msgid: translation}`` (plural msgids and translations as
tuples). Entries it names are set and un-fuzzied; every other entry is left alone.
Reports what is still missing, so `make messages` followed by this leaves nothing open.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parents[1] / "app/translations/de/LC_MESSAGES/messages.po"


def main(source: str) -> int:
    translations = runpy.run_path(source)["DE"]
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    for message in catalog:
        if message.id and message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
            message.previous_id = []
    with CATALOG.open("wb") as handle:
        write_po(handle, catalog, width=76, include_previous=False)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
