"""Downloads of responses, feedback, themes, actions and cases as CSV or XLSX."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date

from flask import Blueprint, Response, abort, request, send_file, stream_with_context
from sqlmodel import Session

from app.db import get_engine, get_session
from app.services import exports
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("exports", __name__, url_prefix="/staff/exports")


@bp.get("/<kind>.<fmt>")
@role_required("analyst")
def download(kind: str, fmt: str):
    """The export, streamed as it is read (CSV) or from a temporary file (XLSX)."""
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        abort(404)
    name = f"voxloop-{kind}-{date.today().isoformat()}.{fmt}"
    try:
        since = exports.parse_day(request.args.get("since"))
        until = exports.parse_day(request.args.get("until"))
        exports.check(kind, since, until)  # before the first byte goes out
        if fmt == "csv":
            chunks = _csv_chunks(kind, since, until)
            response = Response(stream_with_context(chunks), mimetype="text/csv")
            response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        else:
            # A zip file is finished before it can be read: spool it to disk, not memory.
            workbook = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
            try:
                exports.write_xlsx(kind, workbook, session=get_session(), since=since, until=until)
            except BaseException:
                workbook.close()
                raise
            workbook.seek(0)
            response = send_file(workbook, mimetype=exports.MIMETYPES["xlsx"],
                                 as_attachment=True, download_name=name)  # fmt: skip
    except exports.BadExport as exc:
        return Response(error_message(exc), status=400, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"  # customers' words: not in shared caches
    return response


def _csv_chunks(kind: str, since: date | None, until: date | None) -> Iterator[bytes]:
    # Its own session: the request's is closed when the view returns, before the body is
    # sent, and a closed session used again would hold its connection until collected.
    with Session(get_engine(), expire_on_commit=False) as session:
        yield from exports.csv_chunks(kind, session=session, since=since, until=until)
