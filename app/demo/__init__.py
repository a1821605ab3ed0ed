"""The demo story (`voxloop demo`): 26 weeks of a PC shop's customer voice.

Generator code here, its phrase bank and topic mix as data in ``data/``:

- ``shape``: dates, mixes and rates of the story, and the draws made from them;
- ``corpus`` and ``phrases``: the synthetic comments and complaints (pure, seeded);
- ``rows``: a week's contacts, answers, feedback, cases and complaints, bulk-written;
- ``actions``: the founding complaint and the improvement actions on the board;
- ``story``: ``seed``, which puts it all together.
"""

from app.demo.actions import link_story
from app.demo.shape import (
    ACTION_START_DAYS,
    BLACK_FRIDAY,
    CHANNELS_BY_TOUCHPOINT,
    DEFAULT_SURVEY_MIX,
    SURVEY_BY_TOUCHPOINT,
    TOUCHPOINT_MIX,
    story_start,
)
from app.demo.story import DemoLogin, DemoResult, database_is_empty, seed

__all__ = [
    "ACTION_START_DAYS",
    "BLACK_FRIDAY",
    "CHANNELS_BY_TOUCHPOINT",
    "DEFAULT_SURVEY_MIX",
    "SURVEY_BY_TOUCHPOINT",
    "TOUCHPOINT_MIX",
    "DemoLogin",
    "DemoResult",
    "database_is_empty",
    "link_story",
    "seed",
    "story_start",
]
