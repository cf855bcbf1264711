"""The CI regression gate (eval/gate.py): a small slice of the dev sets through `jobsum eval`,
held to thresholds set from measured values (eval/ci/gate.toml)."""

import importlib.util
import tomllib

import pytest

from summariser.evaluation.report import lower_is_better
from tests.conftest import ROOT, SHARED

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "eval").exists(), reason="needs ../shared beside the repo"),
]


def load_gate():
    spec = importlib.util.spec_from_file_location("gate", ROOT / "eval" / "gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gate_thresholds_are_recorded_with_their_measurement():
    gate = tomllib.loads((ROOT / "eval" / "ci" / "gate.toml").read_text())
    for kind, spec in gate.items():
        assert spec["fail_under"], kind
        assert set(spec["fail_under"]) <= set(spec["measured"]), (
            f"{kind}: every threshold needs the value it was set from"
        )
        for metric, bound in spec["fail_under"].items():
            measured = spec["measured"][metric]
            assert (bound >= measured) if lower_is_better(metric) else (bound <= measured), (
                f"{kind}.{metric}: threshold would fail its own run"
            )


def test_regression_gate_passes(tmp_path, capsys):
    code = load_gate().main(["--report", str(tmp_path / "reports")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert (tmp_path / "reports" / "qa" / "report.html").exists()
    assert (tmp_path / "reports" / "judge" / "report.html").exists()
