"""Operator commands: `python -m chalicelib.cli {token,court-secret,extract,backfill-index-keys}`."""
from __future__ import annotations

import argparse
import json
import sys

from chalicelib.errors import SutiaoError


def _token(args) -> str:
    from chalicelib.auth import mint_token

    return mint_token(args.role, mediator_id=args.mediator_id, org_id=args.org_id, court_id=args.court_id,
                      ttl_seconds=args.ttl)


def _court_secret(args) -> str:
    from chalicelib.auth import demo_court_secret

    return demo_court_secret(args.court_id)


def _extract(args) -> str:
    from chalicelib.extraction import extract_file

    return "\n".join(json.dumps(extract_file(path), ensure_ascii=False) for path in args.files)


def _backfill(args) -> str:
    from chalicelib.adapters.backfill import backfill_index_keys

    return json.dumps(backfill_index_keys())


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m chalicelib.cli", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)
    token = sub.add_parser("token", help="print a bearer token the local stack accepts")
    # mint_token checks the role and its scope (and names the roles), so the list has one home
    token.add_argument("--role", required=True,
                       help="platform_admin (the operator, no scope), org_admin --org-id, court_clerk --court-id, "
                            "mediator --mediator-id")
    token.add_argument("--court-id")
    token.add_argument("--org-id")
    token.add_argument("--mediator-id")
    token.add_argument("--ttl", type=int, help="lifetime in seconds (default from settings)")
    token.set_defaults(run=_token)
    secret = sub.add_parser("court-secret", help="print a seeded demo court's webhook secret (local stack)")
    secret.add_argument("court_id")
    secret.set_defaults(run=_court_secret)
    extract = sub.add_parser("extract", help="extract fields from PDFs, one JSON object per line")
    extract.add_argument("files", nargs="+")
    extract.set_defaults(run=_extract)
    backfill = sub.add_parser("backfill-index-keys", help="once after deploying issue 14: write the deadline and "
                              "staff-list index keys onto cases and accounts stored before it (the stage's tables)")
    backfill.set_defaults(run=_backfill)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        print(args.run(args))
    except SutiaoError as err:
        print(json.dumps(err.to_dict(), ensure_ascii=False), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
