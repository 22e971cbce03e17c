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
            try:
                return view(*args, **kwargs)
            except SutiaoError as err:
                return Response(err.to_dict(), status_code=err.status)
            except Exception:
                return observability.internal_error_response(app.current_request)
        return app.route(path, **options)(guarded)
    return register


@app.middleware("http")
def json_errors(event, get_response):
    """Chalice's own refusals (405, 415, malformed JSON) leave in CONTRACT's error shape too."""
    observability.correlation_id(event.context)
    return observability.normalise_error(get_response(event))


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
