"""Turning domain and store errors into the API's errors, at the service boundary."""
from __future__ import annotations

import functools

from chalicelib.adapters.exceptions import StaleCase
from chalicelib.domain.exceptions import ChoiceConflict, DomainError, InvalidTransition
from chalicelib.errors import Conflict, Unprocessable


def use_case(func):
    """A public service function: domain rules answer 409/422, a concurrent change 409."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InvalidTransition, ChoiceConflict) as err:
            raise Conflict(err.message, code=err.code, details=err.details) from err
        except DomainError as err:
            raise Unprocessable(err.message, code=err.code, details=err.details) from err
        except StaleCase as err:
            raise Conflict("the case changed meanwhile; read it again and retry", code="stale_case") from err
    return run
