"""Progress reporting for long commands: a bar on a terminal, silence otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


@contextmanager
def totals_bar(description: str, unit: str = "it") -> Iterator[Callable[[int, int], None]]:
    """Yield a ``report(done, total)`` callback for work whose size is known only later.

    The bar (counts, rate and ETA, on stderr) hides itself off a TTY like ``progress_bar``.
    """
    bar = tqdm(desc=description, unit=unit, disable=None, dynamic_ncols=True)

    def report(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield report
    finally:
        bar.close()


def no_progress(_done: int) -> None:
    """A progress callback that reports nothing (services' default)."""
