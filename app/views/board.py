"""The improvement board: viewers and agents read, agents raise ideas, analysts change."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request
from flask import url_for as url
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.board import (
    DECISION_LABELS,
    METRIC_LABELS,
    STAGE_LABELS,
    ActionForm,
    ArchiveForm,
    DecisionForm,
    IdeaForm,
    IterationForm,
    LinkThemeForm,
    MoveForm,
)
from app.services import DomainError, NotFound
from app.services import actions as action_service
from app.services import board as board_service
from app.services import iterations as iteration_service
from app.services import themes as theme_service
from app.views.access import role_required
from app.views.errors import error_message
from app.views.themes import current_triage_session

bp = Blueprint("board", __name__, url_prefix="/staff/board")

LABELS = {"stages": STAGE_LABELS, "metrics": METRIC_LABELS, "decisions": DECISION_LABELS}


def _language() -> str:
    return str(get_locale() or "en")[:2]


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@bp.get("")
@role_required("viewer")
def index():
    view = board_service.board(
        session=get_session(), config=current_app.config, user_id=current_user.id
    )
    return render_template("board/index.html", view=view, move_form=MoveForm(), **LABELS)


@bp.get("/archived")
@role_required("viewer")
def archived():
    cards = board_service.archived_cards(session=get_session())
    return render_template("board/archived.html", cards=cards, **LABELS)


@bp.get("/<int:action_id>")
@role_required("viewer")
def card(action_id: int):
    view = board_service.card(session=get_session(), action_id=action_id)
    iteration = view.iterations[-1] if view.iterations else None
    forms = {
        "move": MoveForm(),
        "iteration": IterationForm(obj=iteration) if iteration else None,
        "decision": DecisionForm(),
        "link": _link_form(view),
        "archive": ArchiveForm(archived="" if view.card.action.archived_at else "1"),
    }
    return render_template("board/card.html", view=view, forms=forms, **LABELS)


def _link_form(view) -> LinkThemeForm:
    form = LinkThemeForm()
    form.theme_id.choices = [(t.id, f"{t.display_name} ({t.size})") for t in view.link_candidates]
    return form


def _action_form(data=None, **defaults) -> ActionForm:
    form = ActionForm(formdata=data, **defaults)
    choices = board_service.card_choices(session=get_session())
    form.set_choices(choices.owners, choices.touchpoints, _language())
    return form


@bp.route("/new", methods=["GET", "POST"])
@role_required("analyst")
def new():
    """Create an action, often straight from a theme (``?theme=ID``) during triage."""
    session = get_session()
    theme_id = request.values.get("theme", type=int)
    theme = theme_service.get_theme(session=session, theme_id=theme_id) if theme_id else None
    form = _action_form(
        None if request.method == "GET" else request.form,
        title=theme.display_name if theme else "",
        target_metric="theme_share" if theme else "csat",
    )
    if request.method == "POST" and form.validate():
        try:
            action = action_service.create_action(
                session=session,
                actor_id=current_user.id,
                theme_ids=(theme.id,) if theme else (),
                triage_session_id=current_triage_session(),
                **form.card_fields(),
            )
        except DomainError as exc:
            form.title.errors.append(error_message(exc))
        else:
            flash(_("Action created in Plan."), "success")
            return redirect(url("board.card", action_id=action.id))
    status = 400 if form.errors else 200
    return render_template("board/edit.html", form=form, theme=theme, action=None), status


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
@role_required("analyst")
def edit(action_id: int):
    session = get_session()
    action = action_service.get_action(session=session, action_id=action_id)
    if request.method == "GET":
        form = _action_form(None, obj=action)
        form.version.data = str(action.version)
        return render_template("board/edit.html", form=form, action=action, theme=None)
    form = _action_form(request.form)
    differences = None
    if form.validate():
        try:
            action_service.update_action(
                session=session,
                action_id=action_id,
                version=int(form.version.data or 0),
                actor_id=current_user.id,
                **form.card_fields(),
            )
        except action_service.EditConflict as exc:
            differences = exc.differences
            # The next save knowingly replaces the version shown here.
            form.version.data = str(exc.current.version)
            action = exc.current
        except DomainError as exc:
            form.title.errors.append(error_message(exc))
        else:
            flash(_("Card saved."), "success")
            return redirect(url("board.card", action_id=action_id))
    status = 409 if differences is not None else 400
    return render_template(
        "board/edit.html", form=form, action=action, theme=None, differences=differences,
        **LABELS,
    ), status  # fmt: skip


@bp.route("/ideas/new", methods=["GET", "POST"])
@role_required("agent")
def new_idea():
    """Anyone on staff raises an idea, from the board, a theme page or a case."""
    session = get_session()
    form = IdeaForm(
        formdata=None if request.method == "GET" else request.form,
        theme_id=request.args.get("theme", ""),
        case_id=request.args.get("case", ""),
    )
    theme_id = _int(form.theme_id.data)
    theme = None
    if theme_id is not None:
        try:
            theme = theme_service.get_theme(session=session, theme_id=theme_id)
        except NotFound:
            form.theme_id.data = ""
    if request.method == "POST" and form.validate():
        try:
            action_service.raise_idea(
                session=session,
                title=form.title.data,
                problem=form.problem.data or "",
                actor_id=current_user.id,
                theme_id=theme.id if theme else None,
                case_id=_int(form.case_id.data),
            )
        except DomainError as exc:
            form.title.errors.append(error_message(exc))
        else:
            flash(_("Thank you. Your idea is on the board in Ideas."), "success")
            return redirect(url("board.index") + "#my-ideas")
    status = 400 if form.errors else 200
    return render_template("board/idea.html", form=form, theme=theme), status


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _done(action_id: int, message: str, *, ok: bool, back: str | None = None):
    """Answer a change: JSON for the board's script, else flash and go back."""
    if _wants_json():
        if ok:  # the script reloads the board, which then shows the message
            flash(message, "success")
        return jsonify(ok=ok, message=message), 200 if ok else 409
    flash(message, "success" if ok else "error")
    return redirect(back or url("board.card", action_id=action_id))


def _back() -> str | None:
    target = request.form.get("back")
    return (
        url("board.index") + f"#card-{request.view_args['action_id']}"
        if target == "board"
        else None
    )


def _change(card_id: int, use_case, success, /, **arguments):
    """Run one card use case for the signed-in analyst and answer it (flash or JSON)."""
    try:
        result = use_case(
            session=get_session(), actor_id=current_user.id, action_id=card_id, **arguments
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _done(card_id, error_message(exc), ok=False, back=_back())
    message = success(result) if callable(success) else success
    return _done(card_id, message, ok=True, back=_back())


def _moved(action) -> str:
    return _("“%(title)s” is now in %(stage)s.", title=action.title,
             stage=STAGE_LABELS[action.stage])  # fmt: skip


@bp.post("/<int:action_id>/move")
@role_required("analyst")
def move(action_id: int):
    form = MoveForm()
    form.stage.choices = [(s, s) for s in STAGE_LABELS]
    if not form.validate_on_submit():
        return _done(action_id, _("Choose a column to move the card to."), ok=False, back=_back())
    return _change(
        action_id, action_service.move, _moved, to_stage=form.stage.data,
        config=current_app.config, expected_stage=form.from_stage.data or None,
    )  # fmt: skip


@bp.post("/<int:action_id>/iteration")
@role_required("analyst")
def iteration(action_id: int):
    form = IterationForm()
    if not form.validate_on_submit():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return _done(action_id, errors or _("Please check the iteration."), ok=False)
    return _change(
        action_id, iteration_service.update_iteration, _("Iteration saved."),
        plan=form.plan.data, done=form.done.data, result=form.result.data,
    )  # fmt: skip


@bp.post("/<int:action_id>/decide")
@role_required("analyst")
def decide(action_id: int):
    form = DecisionForm()
    if not form.validate_on_submit():
        return _done(action_id, _("Choose adopt, adapt or abandon."), ok=False)
    return _change(
        action_id, iteration_service.decide, _moved,
        decision=form.decision.data, note=form.note.data or "", config=current_app.config,
    )  # fmt: skip


@bp.post("/<int:action_id>/themes")
@role_required("analyst")
def link_theme(action_id: int):
    theme_id = _int(request.form.get("theme_id"))
    if not LinkThemeForm().validate_on_submit() or theme_id is None:
        return _done(action_id, _("Choose a theme to link."), ok=False)
    return _change(
        action_id, action_service.link_theme, _("Theme linked."),
        theme_id=theme_id,
    )  # fmt: skip


@bp.post("/<int:action_id>/themes/<int:theme_id>/remove")
@role_required("analyst")
def unlink_theme(action_id: int, theme_id: int):
    if not ArchiveForm().validate_on_submit():
        abort(400)
    return _change(
        action_id, action_service.unlink_theme, _("Theme unlinked."),
        theme_id=theme_id,
    )  # fmt: skip


@bp.post("/<int:action_id>/archive")
@role_required("analyst")
def archive(action_id: int):
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400)
    archived = form.archived.data == "1"
    message = _("Card archived.") if archived else _("Card restored.")
    return _change(action_id, action_service.set_archived, message, archived=archived)
