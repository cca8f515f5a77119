"""Where the sandbox cannot run, code never runs unsandboxed on its own: the error names
what is missing and the fix; --unsafe-no-sandbox runs with rlimits only, under a banner."""

from __future__ import annotations

import shutil

import pytest

from icraft.core.errors import ExitCode
from icraft.sandbox import runner


@pytest.fixture
def no_bwrap(monkeypatch: pytest.MonkeyPatch):
    real = shutil.which
    monkeypatch.setattr(runner.shutil, "which", lambda name, *a, **k: None if name == "bwrap" else real(name, *a, **k))
    runner.status.cache_clear()
    yield
    runner.status.cache_clear()


def test_missing_bubblewrap_is_named_with_the_fix(no_bwrap) -> None:
    st = runner.status()
    assert not st.available
    assert "bubblewrap" in st.detail and "apt install bubblewrap" in st.fix
    with pytest.raises(runner.SandboxUnavailable) as e:
        runner.run_tests("def f():\n    return 1", {"kind": "function", "name": "f"}, [{"name": "t", "args": []}])
    assert e.value.exit_code == ExitCode.ENVIRONMENT
    assert "--unsafe-no-sandbox" in str(e.value) and "apt install bubblewrap" in str(e.value)


def test_unsafe_mode_runs_with_limits_and_a_banner(no_bwrap) -> None:
    if runner.interpreter() is None:
        pytest.skip("no Python the unprivileged user can run")
    code = "import resource\ndef f(x):\n    return [x * 2, resource.getrlimit(resource.RLIMIT_AS)[0]]"
    out = runner.run_tests(code, {"kind": "function", "name": "f"}, [{"name": "t", "args": [21]}], unsafe=True)
    assert not out.sandboxed and "unsafe-no-sandbox" in out.banner
    assert out.tests[0].status == "ok"
    assert out.tests[0].value == [42, runner.Limits().memory_bytes]


def test_doctor_reports_the_sandbox(no_bwrap, cli) -> None:
    import json

    checks = {c["name"]: c for c in json.loads(cli("doctor", "--json").stdout)["checks"]}
    assert checks["sandbox"]["status"] == "warn"
    assert "bubblewrap" in checks["sandbox"]["detail"] and "apt install bubblewrap" in checks["sandbox"]["fix"]
