"""Joining one cluster of a letter's mentions into another, the same for the English and the
Russian reader: the mentions move and point at their new home, and the clusters left are
numbered afresh."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar


class _Cluster(Protocol):
    index: int
    mentions: list[Any]


C = TypeVar("C", bound=_Cluster)


def join(home: _Cluster, cluster: _Cluster) -> None:
    """Move every mention of `cluster` into `home`, in the order they stand in the text."""
    for mention in cluster.mentions:
        mention.cluster = home.index
    home.mentions.extend(cluster.mentions)
    home.mentions.sort(key=lambda m: m.start)
    cluster.mentions = []


def renumbered(clusters: list[C]) -> list[C]:
    """The clusters that still hold mentions, numbered from 0, their mentions told so."""
    kept = [c for c in clusters if c.mentions]
    for index, cluster in enumerate(kept):
        cluster.index = index
        for mention in cluster.mentions:
            mention.cluster = index
    return kept
