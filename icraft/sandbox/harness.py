"""The program that runs *inside* the sandbox: it loads the candidate's code and runs tests.

Standard library only, no icraft import: its source text is handed to a bare
``python3 -I -S -B -c`` in the sandbox. It reads one JSON payload on stdin::

    {"code": "...", "call": {"kind": "function", "name": "two_sum"} | {"kind": "class"},
     "tests": [{"name": "...", "args": [...]} | {"gen": "<expr>", "seed": 1} | {"ops": [[...], ...]},
               "time_ms": 1000, "compare": "exact"}...],
     "limits": {"cpu_s": 2, "memory_bytes": ..., "file_bytes": ..., "processes": 64, "open_files": 64}}

and writes one JSON line per event on the file descriptor named by ``argv[1]`` (the result
channel; the
candidate's own prints go to stdout/stderr, which the host caps): ``{"event": "start",
"test": i}`` before a test and ``{"event": "done", "test": i, "status": ..., ...}`` after it.
Expected outputs never enter the sandbox: the host compares what comes back
(:func:`canonical` is shared with it).

Large outputs come back as a SHA-256 digest of their canonical JSON.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import sys

DIGEST_OVER = 16_384  # canonical JSON longer than this comes back as a digest
BLOCKED_ERRNOS = {
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH,
    errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL, errno.ECONNREFUSED, errno.EAGAIN, errno.EFBIG, errno.ENOSPC,
    errno.EMFILE, errno.ENFILE,
}
SANDBOX_WRITABLE = ("/work", "/tmp", "/dev/shm")


def to_plain(value, _depth=0):
    """The JSON form of a return value: tuples and sets become lists (sets sorted), dict
    keys strings, floats that are not finite strings; anything else its repr."""
    if _depth > 200:
        return repr(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v, _depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((to_plain(v, _depth + 1) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): to_plain(v, _depth + 1) for k, v in value.items()}
    return repr(value)


def canonical(value, compare="exact"):
    """``value`` (already plain) normalised for ``compare``: ``unordered`` sorts the top-level
    list, ``unordered_nested`` sorts each inner list and then the outer one."""
    def key(v):
        return json.dumps(v, sort_keys=True)

    if compare == "unordered" and isinstance(value, list):
        return sorted(value, key=key)
    if compare == "unordered_nested" and isinstance(value, list):
        return sorted((sorted(v, key=key) if isinstance(v, list) else v for v in value), key=key)
    return value


def encode(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def digest(value):
    return hashlib.sha256(encode(value).encode()).hexdigest()


class TreeNode:
    """A binary tree node, given to problems whose arguments are trees (``"tree"`` kind):
    the bank writes trees as level-order lists with None for a missing child."""

    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return f"TreeNode({self.val!r})"


def build_tree(values):
    if not values or values[0] is None:
        return None
    nodes = [None if v is None else TreeNode(v) for v in values]
    kids = iter(nodes[1:])
    for node in nodes:
        if node is None:
            continue
        node.left = next(kids, None)
        node.right = next(kids, None)
    return nodes[0]


def tree_values(root):
    """A tree back to its level-order list (trailing Nones dropped)."""
    out, queue = [], [root]
    i = 0
    while i < len(queue):
        node = queue[i]
        i += 1
        if node is None:
            out.append(None)
            continue
        out.append(node.val)
        queue += [node.left, node.right]
    while out and out[-1] is None:
        out.pop()
    return out


class TimeLimit(BaseException):
    """Raised in the candidate's code when a test's time budget is spent."""


def _blocked(e):
    if isinstance(e, FileNotFoundError) and isinstance(e.filename, str) and e.filename.startswith("/"):
        return not e.filename.startswith(SANDBOX_WRITABLE)  # a host path the sandbox does not have
    if isinstance(e, OSError) and e.errno in BLOCKED_ERRNOS:
        return True
    return isinstance(e, RuntimeError) and "can't start new thread" in str(e)


def _trace(e, harness_file):
    import traceback

    # the harness's and the import machinery's frames say nothing about the candidate's code
    frames = [f for f in traceback.extract_tb(e.__traceback__)
              if f.filename != harness_file and not f.filename.startswith("<frozen ")]
    lines = traceback.format_exception_only(type(e), e)
    if frames:
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames), *lines]
    text = "".join(lines)
    return text[-4000:]


def main():
    import resource
    import signal
    import threading
    import time

    payload = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    channel = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    out = os.fdopen(channel, "w", buffering=1)
    os.set_inheritable(channel, False)
    main_pid = os.getpid()
    harness_file = globals().get("__file__", "<string>")

    def emit(**event):
        if os.getpid() == main_pid:
            out.write(json.dumps(event) + "\n")

    limits = payload.get("limits", {})
    for name, soft, hard in (
        ("RLIMIT_CPU", limits.get("cpu_s"), (limits.get("cpu_s") or 0) + 1),
        ("RLIMIT_AS", limits.get("memory_bytes"), limits.get("memory_bytes")),
        ("RLIMIT_FSIZE", limits.get("file_bytes"), limits.get("file_bytes")),
        ("RLIMIT_NPROC", limits.get("processes"), limits.get("processes")),
        ("RLIMIT_NOFILE", limits.get("open_files"), limits.get("open_files")),
        ("RLIMIT_CORE", 0, 0),
    ):
        if soft is not None:
            resource.setrlimit(getattr(resource, name), (int(soft), int(hard)))
    threading.stack_size(512 * 1024)  # threads reserve 512 KiB of address space, not 8 MiB

    def on_cpu(signum, frame):
        emit(event="cpu")
        os._exit(152)

    # When the current test (or the module's load) started: (wall, CPU) clocks.
    clock = [time.perf_counter(), time.process_time()]

    def on_alarm(signum, frame):
        # Code that computes is stopped by the CPU limit (SIGXCPU), whatever the load: on a
        # loaded machine its CPU time lags the wall clock, and the wall alarm must not cut it
        # first and report a wall time as its figure. Code that waits (a sleep, a deadlock)
        # spends almost no CPU: the alarm stops it.
        wall, cpu = time.perf_counter() - clock[0], time.process_time() - clock[1]
        if limits.get("cpu_s") and cpu > 0.05 * wall:
            signal.setitimer(signal.ITIMER_REAL, 0.5)
            return
        raise TimeLimit()

    signal.signal(signal.SIGXCPU, on_cpu)
    signal.signal(signal.SIGALRM, on_alarm)
    tests = payload["tests"]
    emit(event="ready", tests=len(tests))

    path = os.path.join(os.getcwd(), "solution.py")
    with open(path, "w") as f:
        f.write(payload["code"])
    import importlib.util

    namespace = {}
    try:
        spec = importlib.util.spec_from_file_location("solution", path)
        module = importlib.util.module_from_spec(spec)
        module.TreeNode = TreeNode
        sys.modules["solution"] = module
        clock[:] = time.perf_counter(), time.process_time()
        signal.setitimer(signal.ITIMER_REAL, 2.0)
        try:
            spec.loader.exec_module(module)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        namespace = vars(module)
    except BaseException as e:  # noqa: BLE001 - a load failure is the candidate's runtime error
        if os.getpid() != main_pid:
            os._exit(0)
        status = "time limit" if isinstance(e, TimeLimit) else "blocked" if _blocked(e) else "runtime error"
        emit(event="load", status=status, error=_trace(e, harness_file))
        out.flush()
        os._exit(0)

    call = payload.get("call", {"kind": "function", "name": "solve"})
    import random
    import string

    for i, test in enumerate(tests):
        emit(event="start", test=i)
        compare = test.get("compare", "exact")
        budget = test.get("time_ms", 1000) / 1000
        try:
            if "gen" in test:
                rng = random.Random(test.get("seed", 0))
                args = eval(test["gen"], {"random": rng, "string": string, "__builtins__": __builtins__})  # noqa: S307
            else:
                args = test.get("args", [])
        except Exception as e:  # noqa: BLE001 - the bank's generator failed: the host reports it as such
            emit(event="done", test=i, status="bad test", error=repr(e))
            continue
        started, cpu_started = clock[:] = time.perf_counter(), time.process_time()
        # A hard stop well past the budget (wall time: a loaded machine must not cut a fair run).
        signal.setitimer(signal.ITIMER_REAL, max(3 * budget, budget + 2.0))
        try:
            if call.get("kind") == "class":
                value = _run_ops(namespace, test["ops"] if "ops" in test else args[0])
            else:
                fn = namespace.get(call["name"])
                if not callable(fn):
                    raise NameError(f"define a function named {call['name']}()")
                kinds = call.get("args") or []
                args = [build_tree(a) if k < len(kinds) and kinds[k] == "tree" else a for k, a in enumerate(args)]
                value = fn(*args)
                if call.get("returns") == "tree":
                    value = tree_values(value)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as e:  # noqa: BLE001 - every failure of the candidate's code is a verdict
            signal.setitimer(signal.ITIMER_REAL, 0)
            if os.getpid() != main_pid:
                os._exit(0)
            elapsed = time.perf_counter() - started
            if isinstance(e, TimeLimit):
                status = "time limit"
            elif isinstance(e, MemoryError):
                status = "memory limit"
            elif _blocked(e):
                status = "blocked"
            else:
                status = "runtime error"
            emit(event="done", test=i, status=status, time_ms=round(elapsed * 1000, 3), error=_trace(e, harness_file))
            continue
        if os.getpid() != main_pid:
            os._exit(0)
        try:
            plain = canonical(to_plain(value), compare)
            text = encode(plain)
        except (TypeError, ValueError, RecursionError) as e:
            emit(event="done", test=i, status="runtime error", time_ms=round(elapsed * 1000, 3),
                 error=f"the return value cannot be compared: {e!r}")
            continue
        result = {"digest": digest(plain)} if len(text) > DIGEST_OVER else {"value": plain}
        # Over budget: CPU time past it (load-proof for computing), or wall time past three
        # times it (code that waits, as in the concurrency problems, spends little CPU).
        slow = cpu > budget or elapsed > 3 * budget
        emit(event="done", test=i, status="time limit" if slow else "ok", time_ms=round(elapsed * 1000, 3),
             cpu_ms=round(cpu * 1000, 3), **result)
    emit(event="end")
    out.flush()
    os._exit(0)  # threads the candidate left running must not keep the sandbox alive


def _run_ops(namespace, ops):
    """LeetCode-style operations on a class: ``[["LRUCache", 2], ["put", 1, 1], ["get", 1]]``
    -> ``[None, None, 1]`` (the constructor's result is None)."""
    name, *ctor_args = ops[0]
    cls = namespace.get(name)
    if not isinstance(cls, type):
        raise NameError(f"define a class named {name}")
    obj = cls(*ctor_args)
    results = [None]
    for method, *args in ops[1:]:
        results.append(getattr(obj, method)(*args))
    return results


if __name__ == "__main__":
    main()
