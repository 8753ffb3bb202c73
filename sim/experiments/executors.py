"""Executors: where the chunks of a sweep run, behind one small interface.

Modelled on `concurrent.futures`: `submit(fn, *args)` returns a future, `wait_any(futures)`
splits them into done and pending, `cancel(futures)` drops what has not started, and an
executor is a context manager that shuts itself down. `SerialExecutor` runs each task in
this process when it is submitted; `ProcessExecutor` is a process pool ("spawn" start method
everywhere, so it behaves the same on Linux, macOS and in Jupyter, and the parent's threads
are never forked); `DaskExecutor` sends tasks to a Dask scheduler at an address, or to a
local cluster it starts and stops itself. Dask is imported only when a `DaskExecutor` is made.
Nothing here runs at import time.

Leaving the context manager on `KeyboardInterrupt` (Ctrl-C, or SIGTERM and SIGHUP through
`sim.cli.stopping`) calls `abort`, which stops pool workers at once instead of waiting for
the chunks they hold (their rows would be thrown away anyway). A pool worker also watches its
parent (`watch_parent`): on Linux the kernel kills it when the parent dies (PR_SET_PDEATHSIG),
and everywhere a thread ends it within a second of being re-parented, so a parent killed
with SIGKILL leaves no worker behind. Dask's own worker processes watch their nanny the same way.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from sim.experiments.errors import ExecutorLost, SweepError

QUIET_LOGGERS = ("distributed", "distributed.client", "distributed.core", "distributed.utils")
"""Loggers silenced once the scheduler is lost: the client's reconnect tracebacks would bury the one line."""
CHATTY_LOGGERS = ("distributed.batched", "distributed.comm")
"""Loggers held at ERROR while a client talks to a scheduler: when the scheduler dies, they log the closed
connection at INFO with a traceback, before the sweep notices and says so in one line."""
NO_WORKER_TIMEOUT = 60.0
"""Seconds a Dask sweep waits while its scheduler has no worker before it stops (`--dask-worker-timeout`)."""


class Executor(ABC):
    """Runs top-level functions on picklable arguments; see the module text for the contract."""

    name: str = ""
    workers: int = 1

    @abstractmethod
    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Start or queue `fn(*args)`; returns its future."""

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Wait until at least one of `futures` is done; returns (done, pending)."""
        done, pending = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
        return set(done), set(pending)

    def cancel(self, futures: Iterable[Any]) -> None:
        """Cancel those of `futures` that have not started."""
        for future in futures:
            future.cancel()

    def result(self, future: Any) -> Any:
        """Wait for one future and return its result (or raise its error)."""
        return future.result()

    @abstractmethod
    def close(self) -> None:
        """Release the workers; pending tasks are cancelled."""

    def restart(self) -> None:
        """Replace workers that can no longer take tasks (a broken process pool); others need nothing."""
        return None

    def abort(self) -> None:
        """Stop at once, dropping work under way (after Ctrl-C or a stopping signal); by default `close`."""
        self.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            self.abort()
        else:
            self.close()


class SerialExecutor(Executor):
    """Runs each task at once, in this process (the reference every other executor must match)."""

    name = "serial"

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> concurrent.futures.Future[Any]:
        """Run `fn(*args)` now; the future holds its result or its error."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args))
        except Exception as error:  # noqa: BLE001 - the future carries it, as a pool's would
            future.set_exception(error)
        return future

    def close(self) -> None:
        """Nothing to release."""
        return None


class ProcessExecutor(Executor):
    """A pool of `workers` processes (default: one per core) started with "spawn"."""

    name = "process"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool = self._start()

    def _start(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=prepare_worker, initargs=(os.getpid(),))

    def restart(self) -> None:
        """A fresh pool after a worker died (the old one refuses new tasks once broken)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> concurrent.futures.Future[Any]:
        """Queue `fn(*args)` on the pool."""
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Shut the pool down, cancelling tasks not yet started."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Kill the workers, then shut the pool down: chunks under way are dropped, not waited for."""
        # `_processes` is the pool's private table of worker processes; the only private name used here.
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Tasks go to the Dask scheduler at `address`, or to a local cluster of `workers` processes.

    Waiting never blocks for good: every `POLL_SECONDS` the executor checks that its scheduler
    is still there (else `ExecutorLost`) and that it has a worker; with none for
    `no_worker_timeout` seconds it raises `ExecutorLost` too."""

    name = "dask"
    POLL_SECONDS = 1.0

    def __init__(self, address: str | None = None, workers: int | None = None,
                 no_worker_timeout: float = NO_WORKER_TIMEOUT) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise SweepError("executor dask: needs dask[distributed]; pip install 'parley-sim[dask]'") from None
        self.address = address
        self.no_worker_timeout = no_worker_timeout
        self._quiet: dict[str, int] | None = None
        """The `distributed` loggers' levels before a lost scheduler silenced them (restored on close)."""
        self._cluster = None
        if address is None:
            # Loopback only, no dashboard: nothing listens beyond this machine unless given an address.
            self._cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                         processes=True, host="127.0.0.1", dashboard_address=None,
                                         silence_logs=40)
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(address, timeout="10s")
            except (OSError, TimeoutError) as error:
                raise SweepError(f"scheduler {address}: cannot connect ({error})") from None
        self._chatty = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
        """The connection loggers' levels before this client raised them to ERROR (restored on close)."""
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(logging.ERROR)
        self.address = address if address is not None else getattr(self._cluster, "scheduler_address", None)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Send `fn(*args)` to the scheduler, never reusing an earlier result for equal arguments."""
        self._check_scheduler()
        return self._client.submit(fn, *args, pure=False)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Wait until at least one of `futures` is done; returns (done, pending). `ExecutorLost`
        if the scheduler goes away or has had no worker for `no_worker_timeout` seconds."""
        from distributed import wait
        from distributed.client import FuturesCancelledError

        without_workers = None
        while True:
            try:
                done, pending = wait(list(futures), timeout=self.POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done, pending = set(), set(futures)
            except FuturesCancelledError:  # this executor never cancels what it waits for: the scheduler went
                self._lost()
            self._check_scheduler()
            if done:
                return set(done), set(pending)
            if self._has_workers():
                without_workers = None
            elif without_workers is None:
                without_workers = time.monotonic()
            elif time.monotonic() - without_workers > self.no_worker_timeout:
                raise ExecutorLost(f"dask: the scheduler at {self.address} has had no worker for "
                                   f"{self.no_worker_timeout:g} s")

    def result(self, future: Any) -> Any:
        """Wait for one future (as `wait_any` does, never for good) and return its result."""
        self.wait_any({future})
        return future.result()

    def _has_workers(self) -> bool:
        try:
            return bool(self._client.scheduler_info(n_workers=1).get("workers"))
        except TypeError:  # distributed before n_workers= was a parameter
            return bool(self._client.scheduler_info().get("workers"))
        except (OSError, TimeoutError):
            self._lost()
            raise  # unreachable: _lost raises

    def _check_scheduler(self) -> None:
        if self._client.status not in ("running", "connecting", "newly-created"):
            self._lost()
        if self._client.status == "connecting":
            # Reconnecting after the scheduler dropped the connection: give it one poll, then give up.
            time.sleep(self.POLL_SECONDS)
            if self._client.status != "running":
                self._lost()

    def _lost(self) -> None:
        # The one line ExecutorLost gives replaces the client's own tracebacks while it gives up.
        if self._quiet is None:
            self._quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
            for name in QUIET_LOGGERS:
                logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        raise ExecutorLost(f"dask: lost the scheduler at {self.address} (client {self._client.status})")

    def cancel(self, futures: Iterable[Any]) -> None:
        """Cancel `futures` on the scheduler (nothing to do if it is gone)."""
        if self._client.status == "running":
            self._client.cancel(list(futures))

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started one."""
        self._client.close(timeout=5)
        if self._cluster is not None:
            self._cluster.close()
        for name, level in {**self._chatty, **(self._quiet or {})}.items():
            logging.getLogger(name).setLevel(level)
        self._quiet = None


EXECUTORS = tuple(kind.name for kind in (SerialExecutor, ProcessExecutor, DaskExecutor))
"""The executor names, from the classes themselves: the one list (`parley --executor` offers these)."""


def make_executor(name: str = "serial", workers: int | None = None, address: str | None = None,
                  no_worker_timeout: float = NO_WORKER_TIMEOUT) -> Executor:
    """An executor by name: `serial`, `process` or `dask` (`address` implies dask; a Dask sweep
    stops after `no_worker_timeout` seconds without a worker)."""
    if address is not None:
        name = "dask"
    if name == "serial":
        return SerialExecutor()
    if name == "process":
        return ProcessExecutor(workers)
    if name == "dask":
        return DaskExecutor(address, workers, no_worker_timeout)
    raise SweepError(f"executor: expected one of {', '.join(EXECUTORS)}, found '{name}'")


def imap_unordered(executor: Executor, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple[Any, ...]]],
                   window: int) -> Iterator[tuple[Any, Any]]:
    """`(key, fn(*args))` for each `(key, args)` as results arrive, with at most `window` tasks
    submitted at a time, so the parent holds a bounded number of tasks whatever the sweep's size.
    If the consumer stops early (or Ctrl-C), tasks not yet started are cancelled."""
    source = iter(tasks)
    keys: dict[Any, Any] = {}
    try:
        for key, args in source:
            keys[executor.submit(fn, *args)] = key
            if len(keys) >= window:
                break
        while keys:
            done, _ = executor.wait_any(set(keys))
            for future in done:
                yield keys.pop(future), future.result()
            for key, args in source:
                keys[executor.submit(fn, *args)] = key
                if len(keys) >= window:
                    break
    finally:
        if keys:
            executor.cancel(keys)


PARENT_CHECK_SECONDS = 1.0
"""How often a pool worker's watcher thread checks that its parent is still alive."""
PR_SET_PDEATHSIG = 1
"""Linux prctl option: the signal the kernel sends a process when its parent dies."""


def ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the parent, which cancels the work and shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def prepare_worker(parent: int) -> None:
    """A pool worker's start: leave Ctrl-C to the parent and end when the parent `parent` dies."""
    ignore_interrupts()
    watch_parent(parent)


def watch_parent(parent: int, interval: float = PARENT_CHECK_SECONDS) -> None:
    """End this process when process `parent` is no longer its parent (it died, however it died).

    On Linux the kernel sends SIGKILL at the parent's death; a daemon thread checks the parent
    every `interval` seconds everywhere, and covers the moment before the kernel was told."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="parley-parent-watch", daemon=True).start()
