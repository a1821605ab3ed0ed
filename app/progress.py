"""Progress reporting for long commands: a bar on a terminal, silence otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from tqdm import tqdm


class Progress(Protocol):
    def __call__(self, done: int) -> None: ...


@contextmanager
def progress_bar(total: int | None, description: str, unit: str = "it") -> Iterator[Progress]:
    """Yield a callback advancing a bar with counts and rate; tqdm hides it off a TTY."""
    bar = tqdm(total=total, desc=description, unit=unit, disable=None, dynamic_ncols=True)
    try:
        yield bar.update
    finally:
        bar.close()


def no_progress(_done: int) -> None:
    """A progress callback that reports nothing (services' default)."""
