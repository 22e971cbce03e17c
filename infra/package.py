"""Build the deployable artefacts: `python infra/package.py [--stage prod] OUT_DIR`.

Runs `chalice package --merge-template infra/resources.yaml`, then finishes the
deployment zip Chalice wrote:

- adds the top-level `templates/` as `chalicelib/templates/` (Chalice packages
  only app.py, chalicelib/ and vendor/; the rendering helper looks there on
  Lambda), so the source tree keeps one copy and nothing is generated into it;
- drops what the Lambda runtime already provides (boto3, botocore, s3transfer:
  PyNamoDB pulls botocore in) and what never runs there (the local stack,
  build/ and src/ junk that the cn2an wheel ships).

OUT_DIR then holds `sam.yaml` and `deployment.zip`; deploy with
`aws cloudformation package` + `deploy` (see README).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MERGE_TEMPLATE = ROOT / "infra" / "resources.yaml"
TEMPLATES_DIR = ROOT / "templates"
TEMPLATES_IN_PACKAGE = "chalicelib/templates"

# Top-level names in the zip that must not ship.
EXCLUDED_TOP_LEVEL = ("boto3", "botocore", "s3transfer", "build", "src")
EXCLUDED_PREFIXES = ("chalicelib/localstack/",)


def package(out_dir: Path, stage: str = "prod") -> Path:
    """Run `chalice package` into `out_dir` and finish its zip; returns the zip's path."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    env = dict(os.environ)
    # Chalice insists on a region; the template itself is region-neutral (${AWS::Region}).
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    chalice = Path(sys.executable).with_name("chalice")
    subprocess.run(
        [str(chalice), "package", "--stage", stage, "--merge-template", str(MERGE_TEMPLATE), str(out_dir)],
        cwd=ROOT, env=env, check=True,
    )
    zip_path = out_dir / "deployment.zip"
    finish_zip(zip_path, TEMPLATES_DIR)
    return zip_path


def finish_zip(zip_path: Path, templates_dir: Path) -> None:
    """Rewrite `zip_path` with the templates added and the excluded entries dropped."""
    staged = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(zip_path) as source, \
            zipfile.ZipFile(staged, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if _ships(info.filename):
                target.writestr(info, source.read(info))
        for path in sorted(templates_dir.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                arcname = f"{TEMPLATES_IN_PACKAGE}/{path.relative_to(templates_dir).as_posix()}"
                target.write(path, arcname)
    staged.replace(zip_path)


def _ships(name: str) -> bool:
    top = name.split("/", 1)[0]
    package_name = top.split("-", 1)[0] if top.endswith((".dist-info", ".egg-info")) else top
    if package_name in EXCLUDED_TOP_LEVEL or name.startswith(EXCLUDED_PREFIXES):
        return False
    return not name.startswith(TEMPLATES_IN_PACKAGE + "/")  # ours replace any stale copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stage", default="prod", choices=["local", "dev", "prod"])
    args = parser.parse_args(argv)
    zip_path = package(args.out_dir, args.stage)
    print(f"{zip_path} ({zip_path.stat().st_size} bytes), {args.out_dir / 'sam.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
