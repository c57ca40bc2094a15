"""Scale out on Dask: millions of articles on a cluster, the same results as on a laptop.

    from thucydides.distributed import run_dask, merge_shards, slurm_cluster
    run_dask(["corpus/"], "news.duckdb", workers=8)                       # LocalCluster
    run_dask(["corpus/"], "news.duckdb", scheduler="tcp://head:8786", out_dir="/shared/run1")
    run_dask(["corpus/"], "news.duckdb", cluster=slurm_cluster(jobs=20), out_dir="/shared/run1")
    merge_shards("/shared/run1", "news.duckdb")                            # after merge=False

Inputs are cut into partitions (partitions.py), each coded on a worker by the same Pipeline as
`thucydides run` into a Parquet shard (worker.py, shards.py), and the shards merged into the store in
input order (engine.py). docs/SCALING.md shows SLURM and Kubernetes set-ups.
"""

from .cluster import dashboard_line, load_jobqueue_config, open_client, slurm_cluster
from .engine import DaskRunSummary, merge_shards, print_partition_progress, run_dask
from .partitions import DEFAULT_PARTITION_BYTES, Partition, Unit, plan_partitions, read_partition
from .shards import decode_record, encode_record, read_shard
from .worker import JobConfig, PipelineLoader, code_partition

__all__ = [
    "run_dask", "merge_shards", "DaskRunSummary", "print_partition_progress",
    "open_client", "slurm_cluster", "load_jobqueue_config", "dashboard_line",
    "plan_partitions", "read_partition", "Partition", "Unit", "DEFAULT_PARTITION_BYTES",
    "encode_record", "decode_record", "read_shard", "JobConfig", "PipelineLoader", "code_partition",
]
