"""Package sizes: each Lambda function's zip and unzipped size, and the OCR image's contents.

    .venv/bin/python bench/packages.py [--from DIR] [--json]

Runs `infra/package.py` (`chalice package` + our finishing of its zips) into a
temporary directory, or reads one it already wrote (`--from build/package`).
Every zip function runs the same code zip (`deployment.zip`) with the same
dependency layer (`layer-deployment.zip`); per function the figures are those
two, zipped and unzipped, against Lambda's limits (50 MB zipped for a direct
upload, 250 MB unzipped for code and layers together).

The upload worker (HandleUpload) deploys as a container image built from
infra/ocr/Dockerfile. No Docker daemon runs here, so its contents are
estimated from this environment: the installed size (the files each
distribution's RECORD lists) of requirements-ocr.txt's packages and all they
pull in, without what the Dockerfile removes (boto3, botocore, s3transfer;
opencv-python gives way to its headless build, counted as installed here since
it is the same cv2 without the GUI libraries), plus app.py, chalicelib/ and
templates/. The base image (public.ecr.aws/lambda/python:3.12) comes on top.
Lambda takes images up to 10 GB.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
ZIP_LIMIT_MB, UNZIPPED_LIMIT_MB = 50, 250
REMOVED_FROM_IMAGE = {"boto3", "botocore", "s3transfer"}  # infra/ocr/Dockerfile removes them


def zip_sizes(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        files = len(archive.infolist())
    return {"zip_mb": path.stat().st_size / MB, "unzipped_mb": unzipped / MB, "files": files}


def functions(sam: Path) -> dict[str, dict]:
    """{logical id: {"handler", "memory_mb", "package_type"}} of the template's Lambda functions."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # short-form intrinsics: not needed here
    template = yaml.load(sam.read_text(encoding="utf-8"), Loader=Loader)
    out = {}
    for name, resource in template["Resources"].items():
        if resource.get("Type") in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            props = resource.get("Properties") or {}
            out[name] = {"handler": props.get("Handler"), "memory_mb": props.get("MemorySize"),
                         "package_type": props.get("PackageType", "Zip")}
    return out


def _requirement_names(path: Path) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            names += _requirement_names(path.parent / line[3:].strip())
        else:
            names.append(re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0])
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_closure(requirements: Path) -> dict[str, float]:
    """{distribution: installed MB} for the requirements file's packages and everything they require."""
    from importlib import metadata

    from packaging.requirements import Requirement

    sizes: dict[str, float] = {}
    pending = [_canonical(n) for n in _requirement_names(requirements)]
    while pending:
        name = pending.pop()
        if name in sizes or name in REMOVED_FROM_IMAGE:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        sizes[name] = sum((f.size or 0) for f in (dist.files or [])) / MB
        for requirement in dist.requires or []:
            parsed = Requirement(requirement)
            if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
                pending.append(_canonical(parsed.name))
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def _tree_mb(*paths: Path) -> float:
    total = 0
    for path in paths:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        total += sum(p.stat().st_size for p in files)
    return total / MB


def figures(directory: Path) -> dict:
    code, layer = zip_sizes(directory / "deployment.zip"), zip_sizes(directory / "layer-deployment.zip")
    per_function = {}
    for name, function in functions(directory / "sam.yaml").items():
        per_function[name] = {**function, "code": code, "layer": layer,
                              "zip_mb": code["zip_mb"] + layer["zip_mb"],
                              "unzipped_mb": code["unzipped_mb"] + layer["unzipped_mb"]}
    packages = installed_closure(REPO / "requirements-ocr.txt")
    own = _tree_mb(REPO / "app.py", REPO / "chalicelib", REPO / "templates")
    return {"functions": per_function, "code": code, "layer": layer,
            "ocr_image": {"packages_mb": sum(packages.values()), "own_code_mb": own,
                          "total_mb": sum(packages.values()) + own, "largest": dict(list(packages.items())[:8])}}


def table(f: dict) -> str:
    code, layer, image = f["code"], f["layer"], f["ocr_image"]
    out = [f"code  deployment.zip        {code['zip_mb']:7.2f} MB zipped, {code['unzipped_mb']:7.2f} MB unzipped "
           f"({code['files']} files)",
           f"layer layer-deployment.zip  {layer['zip_mb']:7.2f} MB zipped, {layer['unzipped_mb']:7.2f} MB unzipped "
           f"({layer['files']} files)",
           f"{'function':24}{'memory MB':>10}{'zip MB':>9}{'unzipped MB':>13}  (code + layer; limits "
           f"{ZIP_LIMIT_MB} / {UNZIPPED_LIMIT_MB} MB)"]
    for name, fn in f["functions"].items():
        out.append(f"{name:24}{fn['memory_mb'] or '':>10}{fn['zip_mb']:9.2f}{fn['unzipped_mb']:13.2f}")
    out.append(f"OCR image (HandleUpload, infra/ocr/Dockerfile): {image['packages_mb']:.0f} MB of packages + "
               f"{image['own_code_mb']:.1f} MB of our code = {image['total_mb']:.0f} MB over the base image")
    out.append("  largest: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in image["largest"].items()))
    ok = all(fn["zip_mb"] <= ZIP_LIMIT_MB and fn["unzipped_mb"] <= UNZIPPED_LIMIT_MB for fn in f["functions"].values())
    out.append(f"zip functions within Lambda's limits: {'yes' if ok else 'NO'}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="a directory infra/package.py wrote")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.source
        if directory is None:
            sys.path.insert(0, str(REPO))
            from infra.package import package

            directory = Path(scratch) / "package"
            package(directory)
        result = figures(directory)
    print(json.dumps(result, indent=1) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
