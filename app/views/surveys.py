"""The customer's survey page: reached by a single-use link, answered once."""

from __future__ import annotations

from contextlib import suppress

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale

from app.db import get_session
from app.extensions import csrf
from app.forms.surveys import DraftForm, SurveyForm, survey_form
from app.i18n import LANG_COOKIE
from app.services import responses
from app.services.responses import (
    InvalidAnswers,
    InvitationClosed,
    InvitationExpired,
    InvitationNotFound,
    InvitationUsed,
    SurveyPage,
)

bp = Blueprint("surveys", __name__, url_prefix="/s")


def _chosen_language() -> str | None:
    """The language the visitor picked explicitly (?lang= or the remembered cookie)."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return None


def _page_language(invitation_language: str | None) -> str:
    """The invitation's language unless the visitor chose another one."""
    languages = current_app.config["LANGUAGES"]
    fallback = current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = _chosen_language()
    return chosen or (invitation_language if invitation_language in languages else fallback)


def _lang_args() -> dict[str, str]:
    """Keep an explicit ?lang= on our own links (it works even without cookies)."""
    lang = request.args.get("lang")
    return {"lang": lang} if lang in current_app.config["LANGUAGES"] else {}


def _unavailable(reason: str, page: SurveyPage | None = None):
    status = 404 if reason == "unknown" else 410
    language = _page_language(page.invitation.language if page else None)
    with force_locale(language):
        return render_template("surveys/unavailable.html", reason=reason, page=page), status


def _render(page: SurveyPage, form: SurveyForm, language: str, token: str, status: int = 200):
    return render_template(
        "surveys/survey.html",
        page=page,
        form=form,
        language=language,
        action=url_for("surveys.survey", token=token, **_lang_args()),
        draft_url=url_for("surveys.draft", token=token),
    ), status


@bp.route("/<token>", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so a lost session re-renders with the answers
def survey(token: str):
    try:
        page = responses.open_survey(session=get_session(), token=token)
    except InvitationNotFound:
        return _unavailable("unknown")
    except InvitationUsed as exc:
        if request.method == "POST":  # a double submit or refresh: answered already
            return redirect(url_for("surveys.thanks", token=token, **_lang_args()), 303)
        return _unavailable("used", exc.page)
    except InvitationExpired as exc:
        return _unavailable("expired", exc.page)
    language = _page_language(page.invitation.language)
    with force_locale(language):
        form = survey_form(page.definition, language, draft=page.draft, checksum=page.checksum)
        if request.method == "GET":
            return _render(page, form, language, token)
        if not form.validate():
            _keep_draft(token, form.answers())
            return _render(page, form, language, token, 400)
        try:
            responses.submit(
                session=get_session(),
                config=current_app.config,
                page=page,  # found above: no second look-up
                answers=form.answers(),
                language=language,
            )
        except InvitationUsed:
            pass  # a racing request stored the answers first: same outcome
        except InvitationExpired as exc:
            return _unavailable("expired", exc.page)
        except InvalidAnswers:  # the form checks the same rules; kept as a safety net
            return _render(page, form, language, token, 400)
    return redirect(url_for("surveys.thanks", token=token, **_lang_args()), 303)


def _keep_draft(token: str, answers: dict[str, str]) -> None:
    # The page is re-rendered with the answers anyway; a closed link has no draft to keep.
    with suppress(InvitationNotFound, InvitationClosed):
        responses.save_draft(session=get_session(), token=token, answers=answers)


@bp.post("/<token>/draft")
@csrf.exempt  # checked below, so the script gets JSON rather than an HTML error page
def draft(token: str):
    if not DraftForm().validate():
        return jsonify(error={"code": 400, "message": "The form token is missing or invalid."}), 400
    try:
        responses.save_draft(session=get_session(), token=token, answers=request.form.to_dict())
    except InvitationNotFound:
        return jsonify(error={"code": 404, "message": "No survey for this link."}), 404
    except InvitationUsed:
        return jsonify(error={"code": 410, "message": "The survey was answered already."}), 410
    except InvitationExpired:
        return jsonify(error={"code": 410, "message": "The survey link has expired."}), 410
    return "", 204


@bp.get("/<token>/thanks")
def thanks(token: str):
    try:
        responses.open_survey(session=get_session(), token=token)
    except InvitationNotFound:
        return _unavailable("unknown")
    except InvitationExpired as exc:
        return _unavailable("expired", exc.page)
    except InvitationUsed as exc:
        with force_locale(_page_language(exc.page.invitation.language)):
            return render_template("surveys/thanks.html", page=exc.page)
    return redirect(url_for("surveys.survey", token=token, **_lang_args()))
