"""Properties of the survey-definition loader: any file text is either a definition or a
SurveyDefinitionError naming the file, and a valid definition is stored without loss."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.surveys import (
    QUESTION_TYPES,
    SurveyDefinitionError,
    parse_definition,
    sync_versions,
)

FAST = settings(max_examples=150, deadline=None)
PATH = Path("surveys/generated.yaml")

# Any YAML value a hand-edited file could hold: scalars, lists and mappings, nested.
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.from_regex(r"[a-z_][a-z0-9_]{0,15}", fullmatch=True)
# Texts as translators write them; PostgreSQL's JSON cannot hold NUL, nor YAML surrogates.
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(str.strip)
TEXTS = st.fixed_dictionaries({"en": WORDS, "de": WORDS})


@st.composite
def questions(draw, key: str) -> dict:
    kind = draw(st.sampled_from(QUESTION_TYPES))
    question = {"key": key, "type": kind, "label": draw(TEXTS), "required": draw(st.booleans())}
    if draw(st.booleans()):
        question["hint"] = draw(TEXTS)
    if kind in ("nps", "ces") and draw(st.booleans()):
        question["anchors"] = {lang: draw(st.lists(WORDS, min_size=2, max_size=2))
                               for lang in ("en", "de")}  # fmt: skip
    if kind == "text":
        question["max_length"] = draw(st.integers(1, 10_000))
    if kind == "choice":
        values = draw(st.lists(KEYS, min_size=2, max_size=5, unique=True))
        question["options"] = [{"value": value, "label": draw(TEXTS)} for value in values]
    return question


@st.composite
def definitions(draw) -> dict:
    keys = draw(st.lists(KEYS, min_size=1, max_size=5, unique=True))
    data = {"key": draw(KEYS), "title": draw(TEXTS)}
    for optional in ("intro", "thanks"):
        if draw(st.booleans()):
            data[optional] = draw(TEXTS)
    data["questions"] = [draw(questions(key)) for key in keys]
    return data


def _parse_or_refuse(text: str) -> None:
    try:
        definition = parse_definition(PATH, text)
    except SurveyDefinitionError as exc:
        assert str(exc).startswith(f"{PATH}: ") and exc.fix
    else:
        assert definition.key.isidentifier() and definition.data["questions"]


@FAST
@given(st.text(max_size=300))
def test_any_text_is_a_definition_or_a_clear_error(text):
    _parse_or_refuse(text)


@FAST
@given(YAML_VALUES)
def test_any_yaml_document_is_a_definition_or_a_clear_error(value):
    _parse_or_refuse(yaml.safe_dump(value, allow_unicode=True))


@FAST
@given(definitions(), st.data())
def test_a_broken_valid_definition_is_a_clear_error(data, draw):
    """Replacing any one value of a valid definition with arbitrary YAML never crashes."""
    target, path = data, []
    while isinstance(target, dict | list) and target:
        index = draw.draw(st.sampled_from(sorted(target) if isinstance(target, dict)
                                          else range(len(target))))  # fmt: skip
        path.append(index)
        if draw.draw(st.booleans()):
            break
        target = target[index]
    parent = data
    for index in path[:-1]:
        parent = parent[index]
    if path:
        parent[path[-1]] = draw.draw(YAML_VALUES)
    _parse_or_refuse(yaml.safe_dump(data, allow_unicode=True))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=definitions(), flow=st.booleans())
def test_a_valid_definition_is_loaded_and_stored_without_loss(session, data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    definition = parse_definition(PATH, text)
    assert definition.data == data
    assert parse_definition(PATH, yaml.safe_dump(data, sort_keys=True)).checksum == (
        definition.checksum
    )
    stored = sync_versions(session=session, definitions=[definition])[data["key"]]
    session.expire_all()
    assert stored.definition == data and stored.checksum == definition.checksum
    again = sync_versions(session=session, definitions=[definition])[data["key"]]
    assert again.version == stored.version  # unchanged content is no new version
