"""Where the workers come from: a local cluster, a running scheduler, or SLURM through dask-jobqueue.

    with open_client(workers=4) as client: ...                  # LocalCluster on this machine
    with open_client(scheduler="tcp://head:8786") as client: ... # any running scheduler (Helm chart,
                                                                 # `dask scheduler`, a SLURMCluster)
    cluster = slurm_cluster(jobs=10, queue="standard")           # our jobqueue.yaml + overrides

Workers always run one thread each: spaCy parses with one thread and the pipeline is Python, so a
second thread in the same process only waits on the interpreter lock.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from distributed import Client, LocalCluster

from ..errors import DataFileError

PACKAGE_JOBQUEUE = "data/dask/jobqueue.yaml"
# SLURMCluster arguments the config file may not set: they belong to the code (or are deprecated).
_NOT_CONFIGURABLE = {"self", "scheduler", "name", "config_name", "base_class_kwargs", "job_kwargs", "job_cls",
                     "loop", "asynchronous", "scheduler_cls", "security", "extra", "job_extra", "env_extra",
                     "header_skip"}


@contextmanager
def open_client(*, workers: int | None = None, scheduler: str | None = None,
                cluster: Any = None) -> Iterator[Client]:
    """A Client for `cluster` (any Dask cluster object), `scheduler` (an address, or the JSON file
    `dask scheduler --scheduler-file` writes), or else a new LocalCluster of `workers` processes."""
    own_cluster = None
    if cluster is not None:
        client = Client(cluster)
    elif scheduler:
        if scheduler.endswith(".json") and Path(scheduler).is_file():
            client = Client(scheduler_file=scheduler)
        else:
            client = Client(scheduler)
    else:
        own_cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True)
        client = Client(own_cluster)
    try:
        yield client
    finally:
        client.close()
        if own_cluster is not None:
            own_cluster.close()


def dashboard_line(client: Client) -> str:
    link = client.dashboard_link
    if importlib.util.find_spec("bokeh") is None:
        return f"Dask dashboard: {link} (install bokeh>=3.1 to see it: pip install 'dask[diagnostics]')"
    return f"Dask dashboard: {link}"


# ------------------------------------------------------------------ SLURM (dask-jobqueue)


def slurm_options() -> set[str]:
    """Every argument SLURMCluster takes (its own, its job class's and the base job's)."""
    from dask_jobqueue import SLURMCluster
    from dask_jobqueue.core import Job
    from dask_jobqueue.slurm import SLURMJob

    names: set[str] = set()
    for function in (SLURMCluster.__init__, SLURMJob.__init__, Job.__init__):
        names.update(inspect.signature(function).parameters)
    return names - _NOT_CONFIGURABLE


def load_jobqueue_config(path: str | Path | None = None) -> dict[str, Any]:
    """The `slurm:` options of a jobqueue YAML file (the package's by default), validated."""
    if path is None:
        name = f"thucydides/{PACKAGE_JOBQUEUE}"
        text = resources.files("thucydides").joinpath(PACKAGE_JOBQUEUE).read_text(encoding="utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(name, f"cannot read the cluster config: {exc}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else None
        raise DataFileError(name, f"not valid YAML: {getattr(exc, 'problem', exc)}", line) from exc
    if not isinstance(data, dict) or not isinstance(data.get("slurm"), dict):
        raise DataFileError(name, "expected a mapping with a `slurm:` section of SLURMCluster options", 1)
    lines = {key.value: key.start_mark.line + 1 for section_key, section in root.value
             if section_key.value == "slurm" for key, _ in section.value}
    allowed = slurm_options()
    for key, value in data["slurm"].items():
        if key not in allowed:
            raise DataFileError(name, f"unknown SLURMCluster option {key!r} (known: {', '.join(sorted(allowed))})",
                                lines.get(key))
        if key in ("cores", "processes") and (not isinstance(value, int) or value < 1):
            raise DataFileError(name, f"{key} must be a positive whole number, not {value!r}", lines.get(key))
    options = dict(data["slurm"])
    cores, processes = options.get("cores"), options.get("processes")
    if cores and processes and cores % processes:
        raise DataFileError(name, f"cores ({cores}) must be a multiple of processes ({processes})",
                            lines.get("processes"))
    return options


def slurm_cluster(config: str | Path | None = None, *, jobs: int = 0, **overrides: Any) -> Any:
    """A dask-jobqueue SLURMCluster from a jobqueue YAML file (ours by default) with `overrides`
    on top; `jobs` SLURM jobs are requested at once (scale or adapt it later). `.job_script()`
    shows the batch script without submitting anything."""
    from dask_jobqueue import SLURMCluster

    options = load_jobqueue_config(config)
    options.update(overrides)
    cluster = SLURMCluster(**options)
    if jobs:
        cluster.scale(jobs=jobs)
    return cluster
