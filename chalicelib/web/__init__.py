"""HTTP helpers shared by the routes: body parsing and error responses."""
from chalicelib.web.requests import (FormPart, body_kind, check_path_params, check_query_params, form_text,
                                     parse_json, parse_multipart, path_year, required_file)

__all__ = ["FormPart", "body_kind", "check_path_params", "check_query_params", "form_text", "parse_json",
           "parse_multipart", "path_year", "required_file"]
