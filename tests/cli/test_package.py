"""``newsnlp package`` and ``newsnlp info`` from the command line."""

from __future__ import annotations

import json

from newsnlp.cli.app import main


def test_package_builds_a_wheel_and_info_names_the_default_model(tmp_path, capsys) -> None:
    model = tmp_path / "mine"
    model.mkdir()
    (model / "config.cfg").write_text('[pipeline]\norder = ["sentence"]\n\n[stages]\n\n[stages.sentence]\n'
                                      'backend = "sentence.rules.v1"\n', encoding="utf-8")
    assert main(["package", str(model), str(tmp_path / "dist"), "--version", "2.0.0"]) == 0
    assert (tmp_path / "dist" / "zh_news_mine-2.0.0-py3-none-any.whl").is_file()
    assert "built" in capsys.readouterr().out
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["default_model"].endswith("default") and isinstance(info["models"], list)


def test_package_of_a_folder_that_is_no_model_is_one_line(tmp_path, capsys) -> None:
    assert main(["package", str(tmp_path), str(tmp_path / "dist")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not a newsnlp model directory" in error
