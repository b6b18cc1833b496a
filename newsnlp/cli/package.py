"""``newsnlp package`` and ``newsnlp info``: build a model package, list the installed ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    build = subparsers.add_parser(
        "package", help="build an installable wheel of a model directory",
        description="Build a wheel of MODEL_DIR into OUT_DIR (stage folders borrowed from other model "
                    "directories are copied in). After `pip install OUT_DIR/NAME-*.whl`, "
                    "newsnlp.load(NAME) and --model NAME load it; zh_news_default becomes the default model "
                    "where the checkout's models/default is absent.")
    build.add_argument("model_dir", metavar="MODEL_DIR", type=Path)
    build.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    build.add_argument("--name", help="package name (default: zh_news_ + the folder name)")
    build.add_argument("--version", dest="package_version", default="0.1.0", help="package version")
    build.set_defaults(func=package_cli)
    info = subparsers.add_parser("info", help="the default model and the installed model packages",
                                 description="newsnlp's version, the default model's path and every "
                                             "installed model package with its version, path and figures.")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=info_cli)


def package_cli(args: Any) -> int:
    from ..packaging import package

    wheel = package(args.model_dir, args.out_dir, name=args.name, version=args.package_version)
    print(f"built {wheel}")
    return 0


def info() -> dict[str, Any]:
    """The data behind ``newsnlp info``."""
    from .. import __version__, default_model_path
    from ..packaging import installed_models

    return {"newsnlp": __version__, "default_model": str(default_model_path()),
            "models": [{"name": model.name, "version": model.version, "path": str(model.path),
                        "figures": model.meta.get("figures", {})} for model in installed_models()]}


def info_cli(args: Any) -> int:
    data = info()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"newsnlp {data['newsnlp']}\ndefault model: {data['default_model']}")
    print(f"installed model packages: {len(data['models']) or 'none'}")
    for model in data["models"]:
        print(f"  {model['name']} {model['version']}  {model['path']}")
        if model["figures"]:
            print("    " + ", ".join(f"{key} {value}" for key, value in model["figures"].items()))
    return 0
