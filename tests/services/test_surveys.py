"""Survey definitions: validation that names the file, field and fix; versioning."""

from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from app.models import SurveyVersion
from app.services import surveys

SURVEY_DIR = Path(__file__).resolve().parents[2] / "surveys"


def _valid() -> dict:
    return yaml.safe_load((SURVEY_DIR / "post_contact.yaml").read_text(encoding="utf-8"))


def test_shipped_surveys_are_valid():
    keys = {d.key for d in surveys.load_definitions(SURVEY_DIR)}
    assert {"post_contact", "nps", "ces"} <= keys


@pytest.mark.parametrize(
    ("mutate", "field", "fix"),
    [
        (lambda d: d["title"].pop("de"), "title.de", "add the de text"),
        (lambda d: d["questions"][0].update(type="stars"), "questions[0].type", "use one of"),
        (lambda d: d["questions"].append(dict(d["questions"][0])), "questions[2].key", "rename"),
        (lambda d: d["questions"][1].update(max_length=0), "questions[1].max_length", "1 to"),
        (lambda d: d.update(questions=[]), "questions", "add a question"),
        (lambda d: d["questions"][0].update(required="yes"), "questions[0].required", "true or"),
        (lambda d: d["questions"][0]["label"].update(en=""), "questions[0].label.en", "add"),
    ],
)
def test_errors_name_file_field_and_fix(tmp_path, mutate, field, fix):
    data = _valid()
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(surveys.SurveyDefinitionError) as caught:
        surveys.load_definitions(tmp_path)
    assert str(path) in str(caught.value)
    assert caught.value.field == field
    assert fix in caught.value.fix


def test_invalid_yaml_names_the_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("key: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(surveys.SurveyDefinitionError, match=r"bad.yaml: line \d+"):
        surveys.load_definitions(tmp_path)


def test_changed_definition_becomes_a_new_version(session, tmp_path):
    path = tmp_path / "post_contact.yaml"
    data = _valid()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first = surveys.sync_versions(session=session, definitions=surveys.load_definitions(tmp_path))
    same = surveys.sync_versions(session=session, definitions=surveys.load_definitions(tmp_path))
    assert same["post_contact"].id == first["post_contact"].id
    data["questions"][0]["label"]["en"] = "How satisfied are you, overall?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    second = surveys.sync_versions(session=session, definitions=surveys.load_definitions(tmp_path))
    versions = session.exec(select(SurveyVersion).order_by(SurveyVersion.version)).all()
    assert [v.version for v in versions] == [1, 2]
    assert [v.active for v in versions] == [False, True]
    assert second["post_contact"].version == 2
    assert (
        versions[0].definition["questions"][0]["label"]["en"] != "How satisfied are you, overall?"
    )


def test_surveys_check_command(runner, tmp_path):
    ok = runner.invoke(args=["surveys", "check"])
    assert ok.exit_code == 0 and "ok  post_contact" in ok.output
    (tmp_path / "x.yaml").write_text("key: x\n", encoding="utf-8")
    bad = runner.invoke(args=["surveys", "check", "--dir", str(tmp_path)])
    assert bad.exit_code == 1 and "x.yaml: title" in bad.output
