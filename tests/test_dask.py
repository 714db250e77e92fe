"""textfix inside Dask, for real: a local distributed cluster of two worker processes.

Needs the ``dask`` extra (``pip install -e '.[dask]'``); skipped with that reason without it.
The workers are separate processes, so this also shows that Config pickles and that each
worker builds its own converters on first use.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from textfix import Config
from textfix.integrations.frames import fix_frame, fix_series, fix_texts

_WHY = ("the Dask integration test needs the optional dask extra (dask.distributed, "
        "dask.dataframe, pandas): pip install -e '.[dask]'")
pytest.importorskip("dask.distributed", reason=_WHY)
pytest.importorskip("dask.dataframe", reason=_WHY)  # imports pyarrow, which may be missing
pd = pytest.importorskip("pandas", reason=_WHY)

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

from textfix.integrations.dask import fix_bag, fix_dataframe  # noqa: E402

# (input, repaired, repaired and simplified): news with converter debris, cp1252 mojibake of a
# forum post, a product title with an entity, and clean lines (negatives) in both scripts.
ROWS = [
    ("衡陽市僑聯(lián)召開第八次歸僑僑眷代表大會", "衡陽市僑聯召開第八次歸僑僑眷代表大會",
     "衡阳市侨联召开第八次归侨侨眷代表大会"),
    ("楼主说得对，我也这么觉得".encode().decode("cp1252"), "楼主说得对，我也这么觉得",
     "楼主说得对，我也这么觉得"),
    ("华为 Mate 60 Pro 12GB&#43;512GB 雅川青", "华为 Mate 60 Pro 12GB+512GB 雅川青",
     "华为 Mate 60 Pro 12GB+512GB 雅川青"),
    ("今天天气很好，我们去公园散步吧。", "今天天气很好，我们去公园散步吧。",
     "今天天气很好，我们去公园散步吧。"),
    ("這裡的群眾很多，大家都在討論軟體的問題。", "這裡的群眾很多，大家都在討論軟體的問題。",
     "这里的群众很多，大家都在讨论软体的问题。"),
    ("函数(function)和北京(Beijing)", "函数(function)和北京(Beijing)",
     "函数(function)和北京(Beijing)"),
]
TEXTS = [row[0] for row in ROWS] * 5
FIXED = [row[1] for row in ROWS] * 5
SIMPLIFIED = [row[2] for row in ROWS] * 5


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    with cluster, Client(cluster) as dask_client:
        yield dask_client


def test_pandas_functions_without_a_cluster() -> None:
    assert fix_texts([*TEXTS, None, 3]) == [*FIXED, None, 3]
    series = pd.Series([*TEXTS, None], name="body", dtype=object)
    assert fix_series(series, Config(to="simplified")).tolist() == [*SIMPLIFIED, None]
    frame = pd.DataFrame({"id": range(len(TEXTS)), "body": TEXTS})
    fixed = fix_frame(frame, ["body"])
    assert fixed["body"].tolist() == FIXED
    assert fixed["id"].tolist() == list(range(len(TEXTS)))
    assert frame["body"].tolist() == TEXTS  # the input frame is not changed


def test_bag_on_two_worker_processes(client: Client) -> None:
    bag = db.from_sequence(TEXTS, npartitions=6)
    assert fix_bag(bag).compute() == FIXED
    assert fix_bag(bag, to="simplified").compute() == SIMPLIFIED
    workers = client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()


def test_dataframe_map_partitions(client: Client) -> None:
    frame = pd.DataFrame({"id": range(len(TEXTS)), "title": TEXTS, "body": TEXTS[::-1],
                          "views": [10 * i for i in range(len(TEXTS))]})
    ddf = dd.from_pandas(frame, npartitions=4)
    fixed = fix_dataframe(ddf, ["title"], config=Config(to="simplified")).compute()
    assert fixed["title"].tolist() == SIMPLIFIED
    assert fixed["body"].tolist() == TEXTS[::-1]  # not a named column: untouched
    assert fixed["views"].tolist() == frame["views"].tolist()
    assert list(fixed.columns) == ["id", "title", "body", "views"]


def test_converters_are_built_in_each_worker(client: Client) -> None:
    def converters_built() -> int:
        from textfix.layers import script
        return script._converter.cache_info().currsize

    client.run(lambda: None)
    fix_bag(db.from_sequence(TEXTS, npartitions=4), to="simplified").compute()
    built = client.run(converters_built)
    assert all(count >= 1 for count in built.values())


def test_bad_option_fails_in_the_caller() -> None:
    with pytest.raises(TypeError, match="unknown textfix option"):
        fix_bag(db.from_sequence(TEXTS), no_such_option=True)
    with pytest.raises(KeyError, match="headline"):
        fix_dataframe(dd.from_pandas(pd.DataFrame({"title": TEXTS}), npartitions=1),
                      ["headline"])
