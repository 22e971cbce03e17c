"""HTTP helpers shared by the routes: body parsing and error responses."""
from chalicelib.web.requests import (
                                     FormPart,
                                     body_kind,
                                     check_body_size,
                                     check_path_params,
                                     check_query_params,
                                     check_request,
                                     form_text,
                                     parse_json,
                                     parse_multipart,
                                     path_year,
                                     read_json,
                                     required_file,
)
from chalicelib.web.schemas import check_body

__all__ = ["FormPart", "body_kind", "check_body", "check_body_size", "check_path_params", "check_query_params",
           "check_request", "form_text", "parse_json", "parse_multipart", "path_year", "read_json", "required_file"]
