"""Build the deployable artefacts: `python infra/package.py [--stage prod] OUT_DIR`.

Runs `chalice package --merge-template infra/resources.yaml`. With
`automatic_layer` (.chalice/config.json) Chalice writes the dependencies into
`layer-deployment.zip` (a Lambda layer, rebuilt only when requirements.txt
changes) and our code into `deployment.zip` (rebuilt in a second). Then this
script finishes both zips:

- `deployment.zip` gets the top-level `templates/` as `chalicelib/templates/`
  (Chalice packages only app.py, chalicelib/ and vendor/; the rendering helper
  looks there on Lambda), so the source tree keeps one copy and nothing is
  generated into it; the local stack, which never runs on Lambda, leaves;
- the layer loses what the Lambda runtime already provides (boto3, botocore,
  s3transfer: PyNamoDB pulls botocore in) and the build/ and src/ junk the
  cn2an wheel ships.

OUT_DIR then holds `sam.yaml`, `deployment.zip` and `layer-deployment.zip`;
deploy with `aws cloudformation package` + `deploy` (see README).

`--upload-image URI` makes the upload worker (HandleUpload) a container-image
function built from infra/ocr/Dockerfile: it reads image-only uploads by OCR,
whose stack does not fit a zip function (see infra/README.md). Without it the
worker is a zip function like the others and answers image-only files with an
`ocr_failed` issue and the case flagged `unreadable_scan` for a person.
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

LAYER_SITE_PACKAGES = "python/lib/python3.11/site-packages/"
# Top-level names under the layer's site-packages that must not ship.
EXCLUDED_FROM_LAYER = ("boto3", "botocore", "s3transfer", "build", "src")
EXCLUDED_FROM_APP = ("chalicelib/localstack/", TEMPLATES_IN_PACKAGE + "/")
UPLOAD_FUNCTION = "HandleUpload"  # the OCR function (infra/ocr/Dockerfile)


def package(out_dir: Path, stage: str = "prod") -> Path:
    """Run `chalice package` into `out_dir` and finish its zips; returns the app zip's path."""
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
    app_zip = out_dir / "deployment.zip"
    rewrite_zip(app_zip, keep=lambda name: not name.startswith(EXCLUDED_FROM_APP), extra=_templates())
    rewrite_zip(out_dir / "layer-deployment.zip", keep=_layer_keeps)
    return app_zip


def use_image(sam: Path, image_uri: str, function: str = UPLOAD_FUNCTION) -> None:
    """`function` runs the container image `image_uri` instead of the zip and the layer."""
    import yaml

    template = yaml.safe_load(sam.read_text(encoding="utf-8"))  # Chalice writes long-form intrinsics
    props = template["Resources"][function]["Properties"]
    for key in ("Handler", "Runtime", "CodeUri", "Layers"):
        props.pop(key, None)
    props.update(PackageType="Image", ImageUri=image_uri)
    sam.write_text(yaml.safe_dump(template, allow_unicode=True), encoding="utf-8")


def rewrite_zip(zip_path: Path, keep, extra: dict[str, Path] | None = None) -> None:
    """Rewrite `zip_path` with the entries `keep(name)` accepts plus `extra` (arcname → file)."""
    staged = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(zip_path) as source, \
            zipfile.ZipFile(staged, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if keep(info.filename):
                target.writestr(info, source.read(info))
        for arcname, path in (extra or {}).items():
            target.write(path, arcname)
    staged.replace(zip_path)


def _templates() -> dict[str, Path]:
    return {f"{TEMPLATES_IN_PACKAGE}/{path.relative_to(TEMPLATES_DIR).as_posix()}": path
            for path in sorted(TEMPLATES_DIR.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def _layer_keeps(name: str) -> bool:
    top = name.removeprefix(LAYER_SITE_PACKAGES).split("/", 1)[0]
    package_name = top.split("-", 1)[0] if top.endswith((".dist-info", ".egg-info")) else top
    return package_name not in EXCLUDED_FROM_LAYER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stage", default="prod", choices=["local", "dev", "prod"])
    parser.add_argument("--upload-image", help="image URI of the upload worker (infra/ocr/Dockerfile), pushed")
    args = parser.parse_args(argv)
    package(args.out_dir, args.stage)
    if args.upload_image:
        use_image(args.out_dir / "sam.yaml", args.upload_image)
    for name in ("sam.yaml", "deployment.zip", "layer-deployment.zip"):
        print(f"{args.out_dir / name} ({(args.out_dir / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
