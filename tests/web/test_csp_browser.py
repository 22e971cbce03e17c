"""The pages still work under their Content-Security-Policy, in headless Chromium against the real app.

Served by Chalice's local server on 127.0.0.1 over the moto-backed app; the
policy must let the page's own (nonced) scripts and styles run, let a rendered
document keep its stylesheet inside the page's `srcdoc` frame (which inherits
the page's policy), and block anything else. Playwright drives Debian's Chromium (tests/web/conftest.py).
"""
import json
import threading

import pytest
from chalice import Chalice
from chalice.cli.factory import CLIFactory
from chalice.local import create_local_server

import app as app_module
from tests.integration.conftest import aws, client, clock, demo, deps, extractor, moto_stack, notifier  # noqa: F401
from tests.privacy.flow import Flow


@pytest.fixture
def served(deps, demo):
    """The app over HTTP on 127.0.0.1 (a free port) on the moto-backed `deps`.

    chalice.local swaps the app's class for a subclass of it; a second server in the same process would make
    that an inheritance cycle, so the app leaves (and enters) as a plain Chalice.
    """
    app_module.app.__class__ = Chalice
    config = CLIFactory(project_dir=str(app_module.__file__).rsplit("/", 1)[0]).create_config_obj(
        chalice_stage_name="local")
    server = create_local_server(app_module.app, config, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    host, port = server.server.server_address[:2]
    yield f"http://{host}:{port}"
    server.server.shutdown()
    server.server.server_close()
    app_module.app.__class__ = Chalice


BRAND = "rgb(179, 38, 30)"  # layout.html's --brand: the header's background when the stylesheet applies


def _frame(html_expression: str) -> str:
    """Put HTML in a same-origin srcdoc frame (as the pages do, minus the sandbox so it can be inspected)."""
    return ("(function (html) { return new Promise(function (done) { var f = document.createElement('iframe');"
            " f.onload = function () { done(getComputedStyle(f.contentDocument.querySelector('h1')).textAlign); };"
            " f.srcdoc = html; document.body.appendChild(f); }); })(" + html_expression + ")")


def test_pages_run_their_own_scripts_and_styles_and_nothing_else(served, page, client, demo, clock, extractor):
    base = served
    flow = Flow(client, demo, clock, extractor)
    flow.delegate()
    flow.accept()
    flow.settle()
    token = flow.token("mediator", mediator_id=flow.mediator_id)
    document = f"{base}/cases/{flow.case_id}/documents/party-confirmation"
    fetch = (f"fetch('/cases/{flow.case_id}/documents/confirmation-application', "
             f"{{headers: {{Authorization: 'Bearer {token}'}}}}).then(function (r) {{ return r.text(); }})")
    page.goto(f"{base}/mediator")
    page.wait_for_function("typeof Sutiao === 'object'")  # the page's own scripts ran
    header = page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor")
    injected = page.evaluate("(function () { var s = document.createElement('script');"
                             " s.textContent = 'window.injected = 1'; document.body.appendChild(s);"
                             " return String(window.injected); })()")
    framed = page.evaluate(f"{fetch}.then(function (html) {{ return {_frame('html')}; }})")
    other_style = page.evaluate(_frame(json.dumps("<style>h1 { text-align: right; }</style><h1>x</h1>")))
    opened = page.evaluate(f"fetch({json.dumps(document)}).then(function (r) {{ return r.status; }})")
    assert header == BRAND  # the nonced stylesheet applied
    assert injected == "undefined"  # a script without the nonce did not run
    assert framed == "center"  # the document's own stylesheet (by hash) applied inside the frame
    assert other_style != "right"  # any other inline style is blocked
    assert opened == 401  # a document needs a token: the browser cannot just open it
