"""The demo corpus's phrase data, read from ``data/phrases.json`` (see data/README.md).

Lists become tuples, so the values are as immutable as the constants they replace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return _frozen(json.load(handle))


_PHRASES = load("phrases.json")
EN_PRODUCTS = _PHRASES["EN_PRODUCTS"]
DE_PRODUCTS = _PHRASES["DE_PRODUCTS"]
EN_AGENTS = _PHRASES["EN_AGENTS"]
DE_AGENTS = _PHRASES["DE_AGENTS"]
EN_WAITS = _PHRASES["EN_WAITS"]
DE_WAITS = _PHRASES["DE_WAITS"]
EN_DAYS = _PHRASES["EN_DAYS"]
DE_DAYS = _PHRASES["DE_DAYS"]
EN_WEEKS = _PHRASES["EN_WEEKS"]
DE_WEEKS = _PHRASES["DE_WEEKS"]
EN_WEEKDAYS = _PHRASES["EN_WEEKDAYS"]
DE_WEEKDAYS = _PHRASES["DE_WEEKDAYS"]
CARRIERS = _PHRASES["CARRIERS"]
VOUCHERS = _PHRASES["VOUCHERS"]
EN_PRICES = _PHRASES["EN_PRICES"]
DE_PRICES = _PHRASES["DE_PRICES"]
EN_COUNTS = _PHRASES["EN_COUNTS"]
DE_COUNTS = _PHRASES["DE_COUNTS"]
OPENERS = _PHRASES["OPENERS"]
CLOSERS = _PHRASES["CLOSERS"]
COMPLAINT_CONTEXT = _PHRASES["COMPLAINT_CONTEXT"]
COMPLAINT_CONNECTORS = _PHRASES["COMPLAINT_CONNECTORS"]
COMPLAINT_SIGNOFFS = _PHRASES["COMPLAINT_SIGNOFFS"]
FOUNDING = _PHRASES["FOUNDING"]
PHRASES = _PHRASES["PHRASES"]
