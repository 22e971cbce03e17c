"""Sutiao (诉调): the HTTP API and the event handlers.

Routes parse the request, make one call into chalicelib, and return a dict.
Event handlers hand the raw Lambda event to chalicelib.entrypoints, which the
local dispatcher also calls, so both run the same code.
"""
import functools

from chalice import Chalice, Rate, Response

from chalicelib import observability
from chalicelib.errors import SutiaoError

app = Chalice(app_name="sutiao", configure_logs=False)  # Powertools owns the "sutiao" logger
app.api.binary_types.extend(["multipart/form-data", "application/pdf"])

JSON_OR_FORM = ["application/json", "multipart/form-data"]


def route(path, **options):
    """`app.route` whose view answers SutiaoErrors, and anything unexpected, as JSON errors."""
    def register(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            from chalicelib.web import check_request

            try:
                check_request(app.current_request, kwargs)
                return view(*args, **kwargs)
            except SutiaoError as err:
                return Response(err.to_dict(), status_code=err.status, headers=err.headers)
            except Exception:
                return observability.internal_error_response(app.current_request)
        return app.route(path, **options)(guarded)
    return register


@app.middleware("http")
def json_errors(event, get_response):
    """Chalice's own refusals (405, 415, malformed JSON) leave in CONTRACT's error shape too; every
    response leaves with the security headers of chalicelib.web.headers."""
    from chalicelib.web.headers import secure

    observability.correlation_id(event.context)
    return secure(observability.normalise_error(get_response(event)))


@route("/openapi.json", methods=["GET"], cors=True)
def openapi_document():
    from chalicelib.openapi import build_document

    return build_document(app)


# ---- event handlers (Lambda-shaped events; the local dispatcher calls these same objects) ----

@app.on_sqs_message(queue="sutiao-assignment", batch_size=10)
def handle_assignment(event):
    from chalicelib import entrypoints

    return entrypoints.assignment(event.to_dict(), event.context)


@app.on_sqs_message(queue="sutiao-outcome", batch_size=10)
def handle_outcome(event):
    from chalicelib import entrypoints

    return entrypoints.outcome(event.to_dict(), event.context)


@app.on_sqs_message(queue="sutiao-notifications", batch_size=10)
def handle_notification(event):
    from chalicelib import entrypoints

    return entrypoints.notification(event.to_dict(), event.context)


@app.on_sqs_message(queue="sutiao-uploads", batch_size=5)
def handle_upload(event):
    from chalicelib import entrypoints

    return entrypoints.upload(event.to_dict(), event.context)


@app.schedule(Rate(15, unit=Rate.MINUTES))
def sweep_deadlines(event):
    from chalicelib import entrypoints

    return entrypoints.sweep(event.to_dict(), event.context)


# ---- the lifecycle API (CONTRACT §3): parse, one call into chalicelib, return a dict ----

def _deps():
    from chalicelib.bootstrap import default_deps

    return default_deps()


def _principal():
    from chalicelib.auth import authenticate

    return authenticate(app.current_request.headers.get("authorization"), _deps().accounts)


def _json():
    """The JSON body, checked against the schema /openapi.json publishes for this route."""
    from chalicelib.web import read_json

    request = app.current_request
    return read_json(request.raw_body, request.context.get("resourcePath"), request.method)


def _created(body: dict) -> Response:
    return Response(body, status_code=201)


def _remembered(route_name: str, request: tuple, produce) -> Response:
    """CONTRACT R2: a retry with the same Idempotency-Key gets the first answer and creates nothing."""
    from chalicelib.services.idempotency import remembered

    status, body = remembered(_deps(), app.current_request.headers.get("idempotency-key"), route_name, request,
                              produce)
    return Response(body, status_code=status)


@route("/applications", methods=["POST"], content_types=JSON_OR_FORM)
def submit_application():
    from chalicelib.services.intake import submit_application as submit
    from chalicelib.web import body_kind, form_text, parse_multipart, required_file

    request = app.current_request
    if body_kind(request.headers.get("content-type")) == "json":
        form, pdf = _json(), None
    else:
        parts = parse_multipart(request.raw_body, request.headers.get("content-type"))
        form = {"org_id": form_text(parts, "org_id"), "mediator_id": form_text(parts, "mediator_id")}
        pdf = required_file(parts).data
    return _remembered("applications", (form, pdf or b""), lambda: (201, submit(_deps(), form, pdf)))


@route("/uploads", methods=["POST"], content_types=["application/json"])
def presign_upload():
    from chalicelib.services.uploads import presign_upload as presign

    body = _json()
    return _remembered("uploads", (body,), lambda: (201, presign(_deps(), body)))


@route("/uploads/{upload_id}", methods=["GET"])
def upload_state(upload_id):
    from chalicelib.services.uploads import upload_state as state

    return state(_deps(), _principal(), upload_id)


@route("/webhooks/court", methods=["POST"], content_types=["application/json"])
def court_webhook():
    from chalicelib.services.webhooks import receive_court_webhook

    request = app.current_request
    result = receive_court_webhook(_deps(), dict(request.headers), request.raw_body)
    return Response(result.body, status_code=result.status)


@route("/auth/party-code", methods=["POST"], content_types=["application/json"])
def party_code():
    from chalicelib.services.party_access import request_code

    return Response(request_code(_deps(), _json()), status_code=202)


@route("/auth/party-login", methods=["POST"], content_types=["application/json"])
def party_login():
    from chalicelib.services.party_access import sign_in

    return sign_in(_deps(), _json())


@route("/auth/login", methods=["POST"], content_types=["application/json"])
def staff_login():
    from chalicelib.services.accounts import sign_in

    # API Gateway's own view of the caller's address (a client cannot set it, unlike X-Forwarded-For)
    source_ip = ((app.current_request.context or {}).get("identity") or {}).get("sourceIp")
    return sign_in(_deps(), _json(), source_ip)


@route("/auth/password", methods=["POST"], content_types=["application/json"])
def set_password():
    from chalicelib.services.accounts import set_password as set_it

    return set_it(_deps(), _json())


@route("/auth/logout", methods=["POST"], content_types=["application/json"])
def staff_logout():
    from chalicelib.services.accounts import sign_out

    return sign_out(_deps(), _principal())


@route("/accounts/invitations", methods=["POST"], content_types=["application/json"])
def invite_staff():
    from chalicelib.services.accounts import invite

    return _created(invite(_deps(), _principal(), _json()))


@route("/accounts", methods=["GET"])
def list_accounts():
    from chalicelib.services.accounts import list_accounts as listing

    return listing(_deps(), _principal(), dict(app.current_request.query_params or {}))


@route("/accounts/{username}/reset", methods=["POST"], content_types=["application/json"])
def reset_account(username):
    from chalicelib.services.accounts import issue_reset

    return _created(issue_reset(_deps(), _principal(), username))


@route("/accounts/{username}/disable", methods=["POST"], content_types=["application/json"])
def disable_account(username):
    from chalicelib.services.accounts import disable

    return disable(_deps(), _principal(), username)


@route("/accounts/{username}/enable", methods=["POST"], content_types=["application/json"])
def enable_account(username):
    from chalicelib.services.accounts import enable

    return enable(_deps(), _principal(), username)


@route("/_local/messages", methods=["GET"])
def local_messages():
    from chalicelib.services.party_access import local_outbox

    return local_outbox(_deps(), (app.current_request.query_params or {}).get("to"))


@route("/cases", methods=["GET"])
def list_cases():
    from chalicelib.services.listing import list_cases as listing

    return listing(_deps(), _principal(), dict(app.current_request.query_params or {}))


@route("/cases/{case_id}", methods=["GET"])
def get_case(case_id):
    from chalicelib.services.access import load_visible
    from chalicelib.services.views import case_view

    deps, principal = _deps(), _principal()
    return case_view(deps, load_visible(deps, principal, case_id), principal)


@route("/cases/{case_id}/acceptance", methods=["POST"], content_types=["application/json"])
def answer_assignment(case_id):
    from chalicelib.services.acceptance import answer_assignment as answer

    return answer(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/invitations", methods=["POST"], content_types=["application/json"])
def invite_parties(case_id):
    from chalicelib.services.confirmation import invite_parties as invite

    return _created(invite(_deps(), _principal(), case_id, _json() if app.current_request.raw_body else {}))


@route("/cases/{case_id}/agreement", methods=["POST"], content_types=["multipart/form-data"])
def upload_agreement(case_id):
    from chalicelib.services.agreement import upload_agreement as upload
    from chalicelib.web import parse_multipart, required_file

    request = app.current_request
    parts = parse_multipart(request.raw_body, request.headers.get("content-type"))
    return upload(_deps(), _principal(), case_id, required_file(parts).data)


@route("/cases/{case_id}/outcome", methods=["POST"], content_types=["application/json"])
def record_outcome(case_id):
    from chalicelib.services.outcome import record_outcome as record

    return record(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/extension", methods=["POST"], content_types=["application/json"])
def extend_mediation(case_id):
    from chalicelib.services.extension import propose_extension

    return propose_extension(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/extension/answer", methods=["POST"], content_types=["application/json"])
def answer_extension(case_id):
    from chalicelib.services.extension import answer_extension as answer

    return answer(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/disclosure-answer", methods=["POST"], content_types=["application/json"])
def answer_disclosures(case_id):
    from chalicelib.services.disclosures import answer_disclosures as answer

    return answer(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/respondent-consent", methods=["POST"], content_types=["application/json"])
def respondent_consent(case_id):
    from chalicelib.services.respondent_consent import record_consent

    return record_consent(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/confirmations", methods=["POST"], content_types=["application/json"])
def give_consent(case_id):
    from chalicelib.services.confirmation import give_consent as consent

    return consent(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/mediation-again", methods=["POST"], content_types=["application/json"])
def mediate_again(case_id):
    from chalicelib.services.reopening import mediate_again as reopen

    return reopen(_deps(), _principal(), case_id)


@route("/cases/{case_id}/close", methods=["POST"], content_types=["application/json"])
def close_case(case_id):
    from chalicelib.services.reopening import close_case as close

    return close(_deps(), _principal(), case_id, _json() if app.current_request.raw_body else {})


@route("/cases/{case_id}/complaints", methods=["POST"], content_types=["application/json"])
def complain(case_id):
    from chalicelib.services.performance import complain as lodge

    return _created(lodge(_deps(), _principal(), case_id, _json()))


@route("/complaints", methods=["GET"])
def list_complaints():
    from chalicelib.services.performance import list_complaints as listing

    return listing(_deps(), _principal(), dict(app.current_request.query_params or {}))


@route("/complaints/{complaint_id}/answer", methods=["POST"], content_types=["application/json"])
def answer_complaint(complaint_id):
    from chalicelib.services.performance import answer_complaint as answer

    return answer(_deps(), _principal(), complaint_id, _json())


@route("/cases/{case_id}/rating", methods=["POST"], content_types=["application/json"])
def rate_mediation(case_id):
    from chalicelib.services.performance import rate

    return _created(rate(_deps(), _principal(), case_id, _json()))


@route("/cases/{case_id}/review", methods=["POST"], content_types=["application/json"])
def review_case(case_id):
    from chalicelib.services.integrity import review_case as review

    return review(_deps(), _principal(), case_id, _json())


@route("/intake", methods=["GET"])
def intake_queue():
    from chalicelib.services.intake_review import intake_queue as queue

    return queue(_deps(), _principal(), dict(app.current_request.query_params or {}))


@route("/cases/{case_id}/corrections", methods=["POST"], content_types=["application/json"])
def correct_case(case_id):
    from chalicelib.services.intake_review import correct_fields

    return correct_fields(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/intake-decision", methods=["POST"], content_types=["application/json"])
def decide_intake(case_id):
    from chalicelib.services.intake_review import decide_intake as decide

    return decide(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/reassign", methods=["POST"], content_types=["application/json"])
def reassign_case(case_id):
    from chalicelib.services.reassignment import reassign_case as reassign

    return reassign(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/documents/{name}", methods=["GET"])
def read_document(case_id, name):
    from chalicelib.services.documents import read_document as read
    from chalicelib.web.document_viewer import opens_in_browser, viewer_page
    from chalicelib.web.headers import document_headers, new_nonce, page_headers

    request = app.current_request
    if opens_in_browser(request.headers):  # a link opened in a tab: the page that fetches it with the session
        nonce = new_nonce()
        return Response(viewer_page(case_id, name, request.context, nonce), status_code=401,
                        headers=page_headers(nonce))
    html = read(_deps(), _principal(), case_id, name)
    return Response(html, status_code=200, headers=document_headers())


@route("/cases/{case_id}/files/{name}", methods=["GET"])
def open_file(case_id, name):
    from chalicelib.services.files import open_file as link

    return link(_deps(), _principal(), case_id, name)


@route("/cases/{case_id}/ruling", methods=["POST"], content_types=["application/json"])
def rule_confirmation(case_id):
    from chalicelib.services.court_decisions import rule_from_console

    return rule_from_console(_deps(), _principal(), case_id, _json())


@route("/cases/{case_id}/filing", methods=["POST"], content_types=["application/json"])
def record_filing(case_id):
    from chalicelib.services.court_decisions import file_from_console

    return file_from_console(_deps(), _principal(), case_id, _json())


@route("/courts/{court_id}", methods=["PUT"], content_types=["application/json"])
def put_court(court_id):
    from chalicelib.services.roster import put_court as put

    return put(_deps(), _principal(), court_id, _json())


@route("/courts/{court_id}", methods=["GET"])
def get_court(court_id):
    from chalicelib.services.roster import court_settings

    return court_settings(_deps(), _principal(), court_id)


@route("/courts/{court_id}/webhook-secret", methods=["POST"], content_types=["application/json"])
def rotate_court_secret(court_id):
    from chalicelib.services.roster import rotate_webhook_secret

    return rotate_webhook_secret(_deps(), _principal(), court_id)


@route("/calendars/{year}", methods=["PUT"], content_types=["application/json"])
def load_calendar(year):
    from chalicelib.services.roster import load_calendar as load
    from chalicelib.web import path_year

    return load(_deps(), _principal(), path_year(year), _json())


@route("/organizations", methods=["POST"], content_types=["application/json"])
def add_organization():
    from chalicelib.services.roster import add_organization as add

    return _created(add(_deps(), _principal(), _json()))


@route("/organizations/{org_id}", methods=["GET"])
def organization_contact(org_id):
    from chalicelib.services.roster import organization_contact as contact

    return contact(_deps(), org_id)


@route("/mediators", methods=["POST"], content_types=["application/json"])
def add_mediator():
    from chalicelib.services.roster import add_mediator as add

    return _created(add(_deps(), _principal(), _json()))


@route("/mediators", methods=["GET"])
def list_mediators():
    from chalicelib.services.roster import list_mediators as listing

    return listing(_deps(), _principal(), dict(app.current_request.query_params or {}))


@route("/mediators/{mediator_id}", methods=["PUT"], content_types=["application/json"])
def edit_mediator(mediator_id):
    from chalicelib.services.roster import edit_mediator as edit

    return edit(_deps(), _principal(), mediator_id, _json())


@route("/mediators/{mediator_id}/sanctions", methods=["POST"], content_types=["application/json"])
def sanction_mediator(mediator_id):
    from chalicelib.services.discipline import sanction_mediator as sanction

    return sanction(_deps(), _principal(), mediator_id, _json())


@route("/mediators/{mediator_id}/reports", methods=["POST"], content_types=["application/json"])
def report_mediator(mediator_id):
    from chalicelib.services.discipline import report_from_console

    return Response(report_from_console(_deps(), _principal(), mediator_id, _json()), status_code=202)


@route("/mediators/{mediator_id}/performance", methods=["GET"])
def mediator_performance(mediator_id):
    from chalicelib.services.performance import performance_file

    return performance_file(_deps(), _principal(), mediator_id)


@route("/mediator-reports", methods=["GET"])
def mediator_reports():
    from chalicelib.services.discipline import list_reports

    return list_reports(_deps(), _principal())


@route("/mediator-reports/{report_id}/decision", methods=["POST"], content_types=["application/json"])
def decide_mediator_report(report_id):
    from chalicelib.services.discipline import decide_report

    return decide_report(_deps(), _principal(), report_id, _json())



@route("/reports/statistics", methods=["GET"])
def statistics_report():
    from chalicelib.services.statistics import statistics_report as report

    return _download(report(_deps(), _principal(), dict(app.current_request.query_params or {})))


@route("/reports/monthly", methods=["GET"])
def monthly_report():
    from chalicelib.services.monthly_report import monthly_report as report
    from chalicelib.web.headers import new_nonce, report_headers

    nonce = new_nonce()
    html = report(_deps(), _principal(), dict(app.current_request.query_params or {}), nonce)
    return Response(html, status_code=200, headers=report_headers(nonce))


@route("/reports/subsidies", methods=["GET"])
def subsidies_report():
    from chalicelib.services.subsidies import subsidies_report as report

    return _download(report(_deps(), _principal(), dict(app.current_request.query_params or {})))


@route("/reports/subsidies/periods/{period}/close", methods=["POST"], content_types=["application/json"])
def close_subsidy_period(period):
    from chalicelib.services.subsidies import close_period

    return close_period(_deps(), _principal(), period)


def _download(answer):
    """A JSON answer as it is; a CSV download (rendering.spreadsheet.CsvDownload) as an attachment."""
    if isinstance(answer, dict):
        return answer
    return Response(answer.body, status_code=200, headers={
        "Content-Type": answer.content_type, "Content-Disposition": f'attachment; filename="{answer.filename}"'})


# ---- web pages for people (templates/web): parse, one call into chalicelib.web.pages, return HTML ----
# The pages hold no data of their own: their scripts call the JSON API above from the browser.

def _page(route_path: str) -> Response:
    from chalicelib.web.headers import new_nonce, page_headers
    from chalicelib.web.pages import render_page

    request, nonce = app.current_request, new_nonce()
    html = render_page(route_path, request.context, dict(request.query_params or {}), nonce)
    return Response(body=html, headers=page_headers(nonce))


@route("/", methods=["GET"])
def landing_page():
    return _page("/")


@route("/apply", methods=["GET"])
def apply_page():
    return _page("/apply")


@route("/my-case", methods=["GET"])
def my_case_page():
    return _page("/my-case")


@route("/mediator", methods=["GET"])
def mediator_page():
    return _page("/mediator")


@route("/login", methods=["GET"])
def login_page():
    return _page("/login")


@route("/dashboard", methods=["GET"])
def dashboard_page():
    return _page("/dashboard")


@route("/set-password", methods=["GET"])
def set_password_page():
    return _page("/set-password")


@route("/admin", methods=["GET"])
def admin_console():
    return _page("/admin")


@route("/court", methods=["GET"])
def court_console():
    return _page("/court")
