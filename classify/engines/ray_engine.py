"""Running the scoring step on Ray Data (``--engine ray``).

The corpus is still read here, lazily and in chunks (whole articles), and
each chunk is written as an input Parquet shard beside the output. Ray Data
then streams all pending shards through ``map_batches`` with a callable
class, so each worker (actor) loads the model folder once for the whole run,
and the scored rows come back to this process, which writes each chunk's
output shard as soon as all of its rows are in (the same resumable parts as
the local engine: :class:`classify.engines.local.ChunkStore`).

``address`` connects to an existing cluster (``ray://host:10001`` or
``auto``); without it a local Ray instance with ``workers`` CPUs is started
and stopped again at the end. Install with ``pip install 'classify[ray]'``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from classify.errors import ClassifyError, option

CHUNK_COLUMN = "classify_chunk__"


@contextlib.contextmanager
def ray_session(address: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """An initialised ``ray`` module: connected to ``address``, or a local
    instance with ``workers`` CPUs (default: all), shut down on exit if it
    was started here.

    Raises ClassifyError when Ray is not installed."""
    try:
        import ray
    except ImportError:
        raise ClassifyError(
            f"{option('engine', 'ray')} needs Ray Data: pip install 'classify[ray]'"
        ) from None
    _quiet_data_threads()
    started = not ray.is_initialized()
    # Ray's own start-up and execution notices (INFO lines, and C++ core
    # worker messages about actor arguments that need no action) would bury
    # the command's output; RAY_BACKEND_LOG_LEVEL=info shows them again.
    quiet = os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal") == "fatal"
    logging.getLogger("ray").setLevel(logging.WARNING)
    # That token authentication is on (Ray's default where a token exists)
    # needs no action; that it is off is a warning and still shown.
    logging.getLogger("ray._private.authentication.authentication_token_setup").addFilter(
        _DropNotice("Token authentication is enabled")
    )
    kept = _sigterm_handler()
    if started:
        kwargs: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "configure_logging": False,
        }
        with _without_stderr_lines(_LOG_LEVEL_NOTICE if quiet else None):
            if address:
                _check_reachable(address)
                try:
                    ray.init(address=address, **kwargs)
                except ConnectionError as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else "refused"
                    if "could not find any running ray instance" in str(exc).lower():
                        raise ClassifyError(
                            f"no Ray cluster is running for {option('address', address)}: "
                            "start one (ray start --head), or leave --address out to start a "
                            "local instance for this run"
                        ) from None
                    raise ClassifyError(
                        f"could not connect to the Ray cluster at {address} ({first[:200]}); a "
                        "cluster started with token authentication (what `ray start` does from "
                        "Ray 2.59) needs it here too: export RAY_AUTH_MODE=token and the "
                        "cluster's token (RAY_AUTH_TOKEN, or the token file `ray get-auth-token` "
                        "reads), then run again"
                    ) from None
                except ValueError as exc:
                    if "ray[client]" not in str(exc):
                        raise
                    raise ClassifyError(
                        f"{option('address', address)} needs Ray Client: pip install "
                        "'ray[client]' (or reinstall with the ray extra, which includes it)"
                    ) from None
            else:
                # One CPU more than the scoring actors, for the Parquet reads.
                # address="local": a new instance of our own, even where a
                # cluster started with `ray start` (or the record of one that
                # died) is on this machine, which ray.init would join.
                ray.init(address="local", num_cpus=(workers or os.cpu_count() or 1) + 1, **kwargs)
        _restore_sigterm(kept)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _sigterm_handler() -> Any:
    """SIGTERM's handler now (the command's, which stops a run as Ctrl-C
    does), or None outside the main thread."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.getsignal(signal.SIGTERM)


def _restore_sigterm(handler: Any) -> None:
    """Put back the SIGTERM handler :func:`ray.init` replaced: Ray's core
    worker installs a crash handler that dumps a stack and kills the process
    (exit 15), so a scheduler's SIGTERM would lose the run's "kept" line and
    its exit status 143."""
    import signal

    if handler is not None:
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, handler)


def _quiet_data_threads() -> None:
    """Keep out of stderr the InterruptedError that a Ray Data worker thread
    ("pool-0/completion-signaler") may raise when its queue is closed as the
    iteration ends or the instance shuts down: Ray's own race, not an error
    of the run (the predictions are complete and checked). Every other
    thread exception is printed as before. Installed once per process."""
    import threading

    previous = threading.excepthook
    if getattr(previous, "_classify_ray", False):
        return

    def hook(args: Any) -> None:
        tb = args.exc_traceback
        frames = []
        while tb is not None:
            frames.append(tb.tb_frame.f_code.co_filename)
            tb = tb.tb_next
        if args.exc_type is InterruptedError and any(
            f"{os.sep}ray{os.sep}data{os.sep}" in f for f in frames
        ):
            return
        previous(args)

    hook._classify_ray = True  # type: ignore[attr-defined]
    threading.excepthook = hook


# Ports a cluster address names where it gives none: Ray Client's and the GCS's.
_CLIENT_PORT, _GCS_PORT = 10001, 6379
# How long a cluster's port may take to answer before the address is refused.
CONNECT_TIMEOUT_S = 5.0


def _check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Refuse a cluster address whose host does not answer on its port
    within ``timeout`` seconds (``ray://host:10001``, ``host:6379``), in one
    line: ``ray.init`` itself retries an unreachable address for minutes.
    ``auto`` and other forms are left to Ray.

    Raises:
        ClassifyError: nothing answers at the address.
    """
    import socket

    m = re.fullmatch(
        r"(?P<client>ray://)?(?P<host>\[[^\]]+\]|[^:/]+)(?::(?P<port>\d+))?/?", address
    )
    if address == "auto" or m is None:
        return
    port = int(m["port"] or (_CLIENT_PORT if m["client"] else _GCS_PORT))
    host = m["host"].strip("[]")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        if isinstance(exc, TimeoutError):
            reason = f"no answer within {timeout:g} s"
        else:
            reason = (exc.strerror or str(exc)).lower()
        raise ClassifyError(
            f"cannot reach a Ray cluster at {address} (port {port}: {reason}): start one there "
            f"(ray start --head), check the address, or leave out {option('address')} to start "
            "a local one"
        ) from None


# The one line Ray's C++ core prints on reading RAY_BACKEND_LOG_LEVEL.
_LOG_LEVEL_NOTICE = re.compile(r"logging\.cc:\d+: Set ray log level from environment variable")


class _DropNotice(logging.Filter):
    """Drops the log records whose message starts with ``prefix``."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


@contextlib.contextmanager
def _without_stderr_lines(pattern: re.Pattern[str] | None) -> Iterator[None]:
    """Within this block, lines written to file descriptor 2 (by C++ code
    too) that match ``pattern`` are dropped; every other line is written
    to stderr afterwards, so no error is lost."""
    if pattern is None:
        yield
        return
    import sys
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            for line in caught.read().decode("utf-8", "replace").splitlines(keepends=True):
                if not pattern.search(line):
                    sys.stderr.write(line)
            sys.stderr.flush()


def run_chunks(
    chunks: Iterable[tuple[list[dict[str, Any]], int]],
    store: Any,
    *,
    scorer: type,
    scorer_kwargs: dict[str, Any],
    finish: Callable[[int, list[dict[str, Any]]], None],
    reused: Callable[[int], None],
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = 256,
    report: Callable[[str, int, int], None] | None = None,
    total: int | None = None,
) -> int:
    """Score every chunk not yet in ``store`` on Ray Data.

    Args:
        chunks: ``(rows, articles read so far)`` as :func:`classify.corpus.iter_unit_chunks` gives.
        store: the run's :class:`~classify.engines.local.ChunkStore`.
        scorer: a callable class ``scorer(**scorer_kwargs)(pandas batch) -> batch``.
        finish: called with ``(chunk index, scored rows)`` once a chunk is complete.
        reused: called with the index of each chunk already in ``store``.

    Returns:
        the number of chunks.
    """
    from classify.engines.local import to_arrow

    inputs: list[str] = []
    sizes: dict[int, int] = {}
    articles: dict[int, int] = {}
    index = -1
    for index, (rows, done) in enumerate(chunks):
        articles[index] = done
        if store.done(index):
            reused(index)
            continue
        path = store.dir / f"in-{index:05d}.parquet"
        if not path.is_file():
            table = to_arrow([{**r, CHUNK_COLUMN: str(index)} for r in rows])
            store.write_file(path, table)
        inputs.append(str(path))
        sizes[index] = len(rows)
    if not inputs:
        return index + 1
    if report:
        # Starts the clock (Ray's start-up included) after the reused chunks,
        # so the rate counts only what this run scores.
        base = max([a for i, a in articles.items() if i not in sizes], default=0)
        report("predicting", base, max(total or 0, base))
    with ray_session(address, workers) as ray:
        ctx = ray.data.DataContext.get_current()
        # Ray Data sets up its own logger on import: its notices (progress
        # bars off, each dataset's execution time) are not the command's.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        n_workers = workers or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
        # One block per shard: Ray would coalesce small files into one read,
        # leaving every actor but one idle ("only received 1 input").
        ds = ray.data.read_parquet(inputs, override_num_blocks=len(inputs))
        ds = ds.repartition(len(inputs)).map_batches(
            scorer,
            fn_constructor_kwargs=scorer_kwargs,
            batch_size=batch_size,
            batch_format="pandas",
            # No more actors than input shards: an actor with nothing to
            # score only costs a model load.
            compute=ray.data.ActorPoolStrategy(size=min(n_workers, len(inputs))),
            num_cpus=1,
        )
        pending: dict[int, list[dict[str, Any]]] = {}
        for batch in ds.iter_batches(batch_format="pandas", batch_size=None):
            from classify.predicting import _plain

            for record in batch.to_dict(orient="records"):
                chunk = int(record.pop(CHUNK_COLUMN))
                pending.setdefault(chunk, []).append({k: _plain(v) for k, v in record.items()})
                if len(pending[chunk]) == sizes[chunk]:
                    finish(chunk, pending.pop(chunk))
                    (store.dir / f"in-{chunk:05d}.parquet").unlink(missing_ok=True)
                    if report:
                        report("predicting", articles[chunk], max(total or 0, articles[chunk]))
    if pending:
        raise ClassifyError(f"Ray returned incomplete chunks {sorted(pending)}", source=store.dir)
    return index + 1
