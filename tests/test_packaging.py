"""Model packages: a self-contained wheel of a model directory, found by name once installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import newsnlp
from newsnlp.errors import ConfigError, ModelNotFoundError
from newsnlp.packaging import package

REPO = Path(__file__).resolve().parent.parent


def _model(root: Path) -> Path:
    """``root/main`` borrowing its gazetteer folder from ``root/shared`` (as models/default does)."""
    (root / "shared" / "names").mkdir(parents=True)
    (root / "shared" / "names" / "gazetteer.tsv").write_text("临江市\tLOC\n", encoding="utf-8")
    (root / "main").mkdir()
    (root / "main" / "config.cfg").write_text(
        '[pipeline]\norder = ["gazetteer"]\n\n[stages]\n\n[stages.gazetteer]\n'
        'backend = "entity.gazetteer.v1"\nfiles = "../shared/names"\n', encoding="utf-8")
    (root / "main" / "meta.json").write_text('{"figures": {"F": 1.0}}', encoding="utf-8")
    return root / "main"


def test_the_wheel_is_self_contained(tmp_path) -> None:
    wheel = package(_model(tmp_path), tmp_path / "dist", version="1.2.3")
    assert wheel.name == "zh_news_main-1.2.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        config = archive.read("zh_news_main/model/config.cfg").decode("utf-8")
        meta = json.loads(archive.read("zh_news_main/model/meta.json"))
        entry_points = archive.read("zh_news_main-1.2.3.dist-info/entry_points.txt").decode("utf-8")
    assert "zh_news_main/model/gazetteer/gazetteer.tsv" in names  # the borrowed folder is copied in
    assert "files" not in config
    assert meta["figures"] == {"F": 1.0} and meta["version"] == "1.2.3"
    assert meta["newsnlp"].startswith("newsnlp>=")
    assert "[newsnlp_models]" in entry_points and "zh_news_main = zh_news_main:model_path" in entry_points


def test_versions_are_normalised_and_outside_files_refused(tmp_path) -> None:
    wheel = package(_model(tmp_path), tmp_path / "dist", version="1.0-beta")
    assert wheel.name == "zh_news_main-1.0b0-py3-none-any.whl" and wheel.is_file()
    with pytest.raises(ConfigError, match="not a version"):
        package(tmp_path / "main", tmp_path / "dist", version="soon")
    (tmp_path / "main" / "config.cfg").write_text(
        '[pipeline]\norder = ["gazetteer"]\n\n[stages]\n\n[stages.gazetteer]\n'
        f'backend = "entity.gazetteer.v1"\npath = "{tmp_path / "shared" / "names" / "gazetteer.tsv"}"\n',
        encoding="utf-8")
    with pytest.raises(ConfigError, match="stages.gazetteer.path names a file outside"):
        package(tmp_path / "main", tmp_path / "dist")


def test_bad_names_and_folders_are_refused(tmp_path) -> None:
    with pytest.raises(ConfigError, match="package name 'Bad-Name'"):
        package(_model(tmp_path), tmp_path / "dist", name="Bad-Name")
    for name in ("newsnlp", "a__b"):
        with pytest.raises(ConfigError, match=f"package name {name!r}"):
            package(tmp_path / "main", tmp_path / "dist", name=name)
    with pytest.raises(ModelNotFoundError, match="not a newsnlp model directory"):
        package(tmp_path, tmp_path / "dist")
    with pytest.raises(ModelNotFoundError, match="neither a model directory nor an installed model package"):
        newsnlp.load("zh_news_not_installed")
    with pytest.raises(ModelNotFoundError, match="an empty model name"):
        newsnlp.load("")


@pytest.mark.slow
def test_a_plain_install_loads_the_default_model_outside_the_repository(tmp_path) -> None:
    """pip install of newsnlp's wheel and of the default model's package into a fresh venv (the other
    dependencies are read from this environment), then newsnlp.load() in a folder outside the repo."""
    dist = tmp_path / "dist"
    leftovers = [REPO / "build", REPO / "newsnlp.egg-info"]  # setuptools builds in the source tree
    existed = [path.exists() for path in leftovers]
    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--wheel-dir", str(dist), str(REPO)], check=True, capture_output=True)
    finally:  # a stale egg-info in the checkout would shadow the installed package's entry points
        for path, was_there in zip(leftovers, existed):
            if not was_there:
                shutil.rmtree(path, ignore_errors=True)
    package(REPO / "models" / "default", dist)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {"PATH": str(venv / "bin"), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
                    *map(str, dist.glob("*.whl"))], check=True, capture_output=True, env=env)
    script = ("import json, newsnlp; nlp = newsnlp.load(); "
              "a = nlp('11月19日，临江市总工会启动职工技能提升行动。', date='2025-11-25'); "
              "print(json.dumps([newsnlp.__file__, str(newsnlp.default_model_path()), "
              "[e.label for e in a.entities], [e.type for e in a.events]]))")
    result = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    module, model, labels, types = json.loads(result.stdout.strip().splitlines()[-1])
    assert module.startswith(site) and model.startswith(site)  # the installed copies, not the checkout
    assert "ORG" in labels and types == ["launch"]
    info = subprocess.run([str(venv / "bin" / "newsnlp"), "info", "--json"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    assert [m["name"] for m in json.loads(info.stdout)["models"]] == ["zh_news_default"]
