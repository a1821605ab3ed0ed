"""`schemathesis run` against the live API on 127.0.0.1: the document and the code agree.

Every operation of the generated OpenAPI document is called with requests derived from
its own schemas (valid and invalid ones, all phases); no answer may be a server error,
and every answer must match the documented status codes, content types, headers and
response schemas.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.services.touchpoints import ensure_defaults
from app.services.users import create_api_token

pytestmark = pytest.mark.slow
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")  # fmt: skip


@pytest.fixture
def api_server(app, session):
    ensure_defaults(session=session)
    _, secret = create_api_token(session=session, name="fuzz", scopes=["ingest", "read"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", secret
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_schemathesis_finds_nothing(api_server, tmp_path):
    base, secret = api_server
    command = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert command, "schemathesis is a dev dependency (make install)"
    result = subprocess.run(
        [command, "run", f"{base}/api/v1/openapi.json", "--url", f"{base}/api/v1",
         "--header", f"Authorization: Bearer {secret}", "--checks", CHECKS,
         "--max-examples", "20", "--seed", "7", "--generation-database", "none",
         "--continue-on-failure"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
