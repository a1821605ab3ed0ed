"""Survey definitions: loaded from ``surveys/*.yaml``, validated, versioned in the database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from app.models import SurveyVersion
from app.services import N_, DomainError, NotFound, audit

LANGUAGES = ("de", "en")
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
QUESTION_TYPES = (*SCALES, "text", "choice")
DEFAULT_SURVEY_DIR = Path(__file__).resolve().parents[2] / "surveys"
CSAT_WORDS = {
    "en": ["Very dissatisfied", "Dissatisfied", "Neither", "Satisfied", "Very satisfied"],
    "de": ["Sehr unzufrieden", "Unzufrieden", "Weder noch", "Zufrieden", "Sehr zufrieden"],
}


class SurveyDefinitionError(DomainError):
    """A survey file is invalid; the message names the file, the field and the fix."""

    def __init__(self, path: Path | str, field: str, problem: str, fix: str) -> None:
        super().__init__(f"{path}: {field}: {problem} — {fix}")
        self.path, self.field, self.problem, self.fix = str(path), field, problem, fix


@dataclass(frozen=True)
class SurveyDefinition:
    key: str
    path: str
    data: dict[str, Any]

    @property
    def checksum(self) -> str:
        canonical = json.dumps(self.data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _texts(path: Path, where: str, value: Any, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict):
        raise SurveyDefinitionError(
            path, where, "must give a text per language", "write `en: …` and `de: …` under it"
        )
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise SurveyDefinitionError(
                path, f"{where}.{language}", "is missing or empty", f"add the {language} text"
            )


def _question(path: Path, index: int, question: Any, seen: set[str]) -> None:
    where = f"questions[{index}]"
    if not isinstance(question, dict):
        raise SurveyDefinitionError(path, where, "is not a mapping", "give key, type and label")
    key = question.get("key")
    if not isinstance(key, str) or not key.isidentifier():
        raise SurveyDefinitionError(
            path, f"{where}.key", f"{key!r} is not a valid key", "use letters, digits and _"
        )
    if key in seen:
        raise SurveyDefinitionError(path, f"{where}.key", f"{key!r} is repeated", "rename it")
    seen.add(key)
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        raise SurveyDefinitionError(
            path, f"{where}.type", f"{kind!r} is not a question type",
            f"use one of {', '.join(QUESTION_TYPES)}",
        )  # fmt: skip
    _texts(path, f"{where}.label", question.get("label"))
    _texts(path, f"{where}.hint", question.get("hint"), required=False)
    if not isinstance(question.get("required", False), bool):
        raise SurveyDefinitionError(
            path, f"{where}.required", "must be true or false", "write true or false without quotes"
        )
    if kind in ("nps", "ces") and "anchors" in question:
        anchors = question["anchors"]
        for language in LANGUAGES:
            if not (isinstance(anchors, dict) and isinstance(anchors.get(language), list)
                    and len(anchors[language]) == 2):  # fmt: skip
                raise SurveyDefinitionError(
                    path, f"{where}.anchors.{language}", "needs exactly two texts",
                    "write [low end, high end]",
                )  # fmt: skip
    if kind == "text":
        limit = question.get("max_length", 2000)
        if not isinstance(limit, int) or not 1 <= limit <= 10_000:
            raise SurveyDefinitionError(
                path, f"{where}.max_length", f"{limit!r} is out of range", "use 1 to 10000"
            )
    if kind == "choice":
        options = question.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise SurveyDefinitionError(
                path, f"{where}.options", "needs at least two options", "list value and label"
            )
        for number, option in enumerate(options):
            if not isinstance(option, dict) or not isinstance(option.get("value"), str):
                raise SurveyDefinitionError(
                    path, f"{where}.options[{number}].value", "is missing", "add a value"
                )
            _texts(path, f"{where}.options[{number}].label", option.get("label"))


def parse_definition(path: Path, text: str) -> SurveyDefinition:
    """Validate one survey file's text and return its definition."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        problem = str(exc).split("\n")[0]
        raise SurveyDefinitionError(path, where, "is not valid YAML", problem) from None
    if not isinstance(data, dict):
        raise SurveyDefinitionError(path, "file", "is not a mapping", "start with `key: …`")
    key = data.get("key")
    if not isinstance(key, str) or not key.isidentifier():
        raise SurveyDefinitionError(path, "key", f"{key!r} is not valid", "use e.g. post_contact")
    for field in ("title", "intro", "thanks"):
        _texts(path, field, data.get(field), required=field == "title")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise SurveyDefinitionError(path, "questions", "is missing or empty", "add a question")
    seen: set[str] = set()
    for index, question in enumerate(questions):
        _question(path, index, question, seen)
    return SurveyDefinition(key=key, path=str(path), data=data)


def load_definitions(directory: Path = DEFAULT_SURVEY_DIR) -> list[SurveyDefinition]:
    """Load and validate every ``*.yaml`` survey in ``directory``."""
    definitions = [
        parse_definition(path, path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yaml"))
    ]
    keys = [definition.key for definition in definitions]
    for key in set(keys):
        if keys.count(key) > 1:
            paths = [d.path for d in definitions if d.key == key]
            raise SurveyDefinitionError(paths[-1], "key", f"{key!r} is used twice", "rename one")
    return definitions


def sync_versions(
    *, session: Session, definitions: list[SurveyDefinition]
) -> dict[str, SurveyVersion]:
    """Store each definition, adding a new version when its content changed.

    Old versions stay, so responses keep the questions they answered.
    """
    current: dict[str, SurveyVersion] = {}
    for definition in definitions:
        latest = session.exec(
            select(SurveyVersion)
            .where(SurveyVersion.key == definition.key)
            .order_by(SurveyVersion.version.desc())
        ).first()
        if latest is None or latest.checksum != definition.checksum:
            if latest is not None:
                latest.active = False
                session.add(latest)
            latest = SurveyVersion(
                key=definition.key,
                version=(latest.version + 1) if latest else 1,
                checksum=definition.checksum,
                definition=definition.data,
            )
            session.add(latest)
        current[definition.key] = latest
    session.commit()
    return current


def active_version(*, session: Session, key: str) -> SurveyVersion:
    """Return the active version of survey ``key``, loading the files if needed."""
    version = session.exec(
        select(SurveyVersion).where(SurveyVersion.key == key, SurveyVersion.active)
    ).first()
    if version is None:
        version = sync_versions(session=session, definitions=load_definitions()).get(key)
    if version is None:
        raise NotFound(f"No survey with key {key!r}.")
    return version


def versions(*, session: Session) -> dict[str, list[SurveyVersion]]:
    """Every stored version per survey, newest first."""
    found: dict[str, list[SurveyVersion]] = {}
    for version in session.exec(
        select(SurveyVersion).order_by(SurveyVersion.key, SurveyVersion.version.desc())
    ):
        found.setdefault(version.key, []).append(version)
    return found


def activate(*, session: Session, version_id: int, actor_id: int | None = None) -> SurveyVersion:
    """Make one version the one new invitations use; the survey's others step back.

    Invitations already sent keep the version they were made with.
    """

    chosen = session.get(SurveyVersion, version_id)
    if chosen is None:
        raise NotFound(N_("No survey version %(id)s."), id=version_id)
    for version in session.exec(select(SurveyVersion).where(SurveyVersion.key == chosen.key)):
        version.active = version.id == chosen.id
        session.add(version)
    audit.record(session, "survey.activated", actor_id=actor_id, object_type="survey_version",
                 object_id=chosen.id, key=chosen.key, version=chosen.version)  # fmt: skip
    session.commit()
    return chosen
