"""Syndicated copies: the same wire story republished by several outlets.

A copy is an article whose text is near-identical to an article stored before it (same
story, another outlet; a changed headline, dateline or last paragraph). Copies stay
articles, so their positions are extracted and exported, but the report views count a
story once as evidence (``article_stories``, ``independent_positions``) and show how
many outlets carried it.

Detection is MinHash with LSH banding:

- shingles: the 16 bytes (UTF-8) that start at each word of the lower-cased text, with
  ASCII punctuation folded to spaces; about three words each, one per word, in any
  language;
- signature: datasketch's ``affine32`` MinHash scheme (``MinHash(num_perm=64,
  scheme="affine32")``: MurmurHash3 pre-mix, then ``a*h+b mod 2^32`` per permutation,
  with datasketch's own permutation parameters), computed for a whole batch at once
  with numpy rather than one Python call per article; ``signature_of`` checks it
  against datasketch's ``MinHash.update_batch`` in the tests;
- LSH: 16 bands of 4 rows; articles that share a band key are candidates; a candidate
  is a copy when the estimated Jaccard similarity is at least ``THRESHOLD``.

Band keys live in ``article_lsh_bands``, so the join against everything stored before
is one DuckDB hash join; the cost per article is a few vectorised numpy operations
(see ``bench/bench_report.py``).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from negotrack import store

log = logging.getLogger("negotrack.syndication")

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE_BYTES = 16
SEED = 1
THRESHOLD = 0.6  # estimated Jaccard similarity of the shingle sets
MIN_SHINGLES = 25  # shorter texts (about 25 words) are not fingerprinted
CHUNK_ARTICLES = 1000  # articles per numpy batch (memory: ~CHUNK * words * NUM_PERM * 4 B)
SCHEME = f"minhash-affine32-p{NUM_PERM}-b{BANDS}-k{SHINGLE_BYTES}-s{SEED}"

_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_FMIX64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(33), np.uint64(0xC4CEB9FE1A85EC53), np.uint64(33))


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutation parameters, taken on first use: importing datasketch pulls
    in scipy (about a second), which a run with nothing to fingerprint never needs."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _fmix(h: np.ndarray, consts) -> np.ndarray:
    s1, m1, s2, m2, s3 = consts
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    return h ^ (h >> s3)


# ASCII bytes that are not letters or digits become spaces; other bytes (UTF-8 letters
# of any script, non-ASCII punctuation) are kept as they are.
_FOLD = np.arange(256, dtype=np.uint8)
_FOLD[[c for c in range(128) if not chr(c).isalnum()]] = 0x20


_PAD = 0xFF  # never occurs in UTF-8: separates articles, so no shingle spans two of them


def _normalised_bytes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The batch as one byte buffer (lower-cased UTF-8, ASCII punctuation folded, runs of
    spaces collapsed, each article followed by SHINGLE_BYTES padding bytes) and each
    article's start offset in it."""
    sep = bytes([_PAD]) * SHINGLE_BYTES
    lower = texts.fill_null("").str.to_lowercase()
    raw = np.frombuffer(sep.join(t.encode("utf-8") for t in lower.to_list()) + sep, dtype=np.uint8)
    lengths = lower.str.len_bytes().cast(pl.Int64).to_numpy() + SHINGLE_BYTES
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    buf = _FOLD[raw]
    space = buf == 0x20
    keep = np.ones(buf.size, dtype=bool)
    keep[1:] = ~(space[1:] & space[:-1])  # collapse runs of spaces
    new_index = np.cumsum(keep) - 1
    return buf[keep], new_index[starts]


def shingle_hashes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The 32-bit shingle hashes of a batch: (hashes, article index of each hash).

    One shingle per word: the SHINGLE_BYTES bytes of the normalised UTF-8 text starting
    at the word (about three words), read as two 64-bit integers and mixed.
    """
    buf, starts = _normalised_bytes(texts)
    gap = (buf == 0x20) | (buf == _PAD)
    word_start = ~gap
    word_start[1:] &= gap[:-1]
    pos = np.flatnonzero(word_start)
    pos = pos[pos + SHINGLE_BYTES <= buf.size]
    # an unaligned strided view: element i is the 8 bytes starting at byte i
    as_u64 = np.ndarray(shape=(buf.size - 7,), dtype="<u8", buffer=buf, strides=(1,))
    h64 = _fmix(as_u64[pos] ^ _fmix(as_u64[pos + 8], _FMIX64), _FMIX64)
    hashes = (h64 >> np.uint64(32)).astype(np.uint32)
    owner = np.searchsorted(starts, pos, side="right") - 1
    return hashes, owner


def signatures(hashes: np.ndarray, owner: np.ndarray, n_articles: int) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (n_articles x NUM_PERM, uint32) and shingle counts per article.

    Exactly datasketch's ``affine32`` scheme over ``hashes`` (identity hash function):
    fmix32, then per permutation ``a*h + b`` in uint32, minimum per article. Duplicate
    shingles do not change a minimum. Articles with no shingle keep the empty signature.
    """
    counts = np.bincount(owner, minlength=n_articles)
    sig = np.full((n_articles, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    if hashes.size == 0:
        return sig, counts
    order = np.argsort(owner, kind="stable")
    owner, hv = owner[order], _fmix(hashes[order], _FMIX32)
    present = np.flatnonzero(counts)
    seg_starts = np.searchsorted(owner, present, side="left")
    x = np.empty_like(hv)
    perm_a, perm_b = _permutations()
    for p in range(NUM_PERM):  # one permutation at a time: 1-D reduceat is fast
        np.multiply(hv, perm_a[p], out=x)
        x += perm_b[p]  # uint32 wrap-around is the mod 2^32
        sig[present, p] = np.minimum.reduceat(x, seg_starts)
    return sig, counts


def signature_of(text: str) -> np.ndarray:
    """The signature of one text (for tests and ad-hoc checks)."""
    h, o = shingle_hashes(pl.Series([text], dtype=pl.String))
    return signatures(h, o, 1)[0][0]


def band_keys(sig: np.ndarray) -> np.ndarray:
    """(n, BANDS) uint64 keys: each band's ROWS values and its index, mixed."""
    n = sig.shape[0]
    rows = sig.reshape(n, BANDS, ROWS).astype(np.uint64)
    key = np.broadcast_to(np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), (n, BANDS)).copy()
    for r in range(ROWS):
        key = _fmix(key ^ (rows[:, :, r] + np.uint64((r + 1) * 0x9E3779B9)), _FMIX64)
    return key


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


@dataclass(frozen=True)
class SyndicationResult:
    fingerprinted: int  # articles fingerprinted in this call
    copies: list[tuple[str, str, float]]  # (article_id, original_id, similarity)

    def copies_in_run(self, con: duckdb.DuckDBPyConnection, run_id: str | None) -> int:
        """How many of the copies were stored by ``run_id`` (what a run summary counts)."""
        if not self.copies or run_id is None:
            return 0 if run_id is not None else len(self.copies)
        ids = pl.DataFrame({"article_id": [c[0] for c in self.copies]})
        with store.registered(con, copy_ids=ids):
            return store.query_frame(con, "syndication/copies_in_run.sql", {"run_id": run_id})["n"][0]


def _fingerprint_frame(pending: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Fingerprint rows (article_id, scheme, n_shingles, signature) and band rows."""
    fps, bands = [], []
    for off in range(0, pending.height, CHUNK_ARTICLES):
        chunk = pending.slice(off, CHUNK_ARTICLES)
        hashes, owner = shingle_hashes(chunk["text"])
        sig, counts = signatures(hashes, owner, chunk.height)
        ok = counts >= MIN_SHINGLES
        ids = chunk["article_id"]
        fps.append(
            pl.DataFrame(
                {
                    "article_id": ids,
                    "scheme": pl.Series([SCHEME] * chunk.height, dtype=pl.String),
                    "n_shingles": pl.Series(counts, dtype=pl.Int32),
                    "signature": pl.Series(
                        [s.tobytes() if k else None for s, k in zip(sig, ok, strict=True)], dtype=pl.Binary
                    ),
                }
            )
        )
        if ok.any():
            keys = band_keys(sig[ok])
            bands.append(
                pl.DataFrame(
                    {
                        "article_id": ids.filter(pl.Series(ok)).gather(np.repeat(np.arange(int(ok.sum())), BANDS)),
                        "band_key": pl.Series(keys.ravel(), dtype=pl.UInt64),
                    }
                )
            )
    empty_bands = pl.DataFrame(schema={"article_id": pl.String, "band_key": pl.UInt64})
    return (
        pl.concat(fps) if fps else pl.DataFrame(
            schema={"article_id": pl.String, "scheme": pl.String, "n_shingles": pl.Int32, "signature": pl.Binary}
        ),
        pl.concat(bands) if bands else empty_bands,
    )


STREAM_ARTICLES = 10_000  # texts loaded at a time: memory stays flat whatever the batch size


def _fingerprint_pending(con: duckdb.DuckDBPyConnection, pending: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``_fingerprint_frame`` over the pending articles, their texts loaded a slice at a time."""
    fps, bands = [], []
    for off in range(0, pending.height, STREAM_ARTICLES):
        ids = pending.slice(off, STREAM_ARTICLES).select("article_id").with_row_index("ord")
        with store.registered(con, stream_ids=ids):
            texts = store.query_frame(con, "syndication/stream_texts.sql")
        f, b = _fingerprint_frame(texts)
        fps.append(f)
        bands.append(b)
    return pl.concat(fps), pl.concat(bands)


def mark_syndicated(con: duckdb.DuckDBPyConnection) -> SyndicationResult:
    """Fingerprint every article not yet fingerprinted and record which ones are copies.

    A new article is a copy when it is near-identical to an article fingerprinted in an
    earlier call, or to one of this batch published before it (the same day: a longer
    one, the most complete version); its ``original_id`` is the first article of that
    story (a copy of a copy points at the first). Runs in the
    caller's connection; wrap it in a transaction for all-or-nothing.
    """
    store.run_script(con, "syndication/drop_other_schemes.sql", {"scheme": SCHEME})
    pending = store.query_frame(con, "syndication/pending.sql", {"scheme": SCHEME})  # ids only, in batch order
    if pending.height == 0:
        return SyndicationResult(0, [])
    fps, bands = _fingerprint_pending(con, pending)
    with store.registered(con, new_bands=bands):
        cand = store.query_frame(con, "syndication/candidates.sql")
    copies: list[tuple[str, str, float]] = []
    if cand.height:
        copies = _resolve(con, pending, fps, cand)
    with store.registered(con, new_fps=fps, new_bands=bands):
        store.run_script(con, "syndication/store_fingerprints.sql")
    if copies:
        rows = pl.DataFrame(
            {"article_id": [c[0] for c in copies], "original_id": [c[1] for c in copies],
             "similarity": [round(c[2], 4) for c in copies]},
            schema={"article_id": pl.String, "original_id": pl.String, "similarity": pl.Float64},
        )
        with store.registered(con, new_copies=rows):
            store.run_script(con, "syndication/store_copies.sql", {"scheme": SCHEME})
    log.debug("fingerprinted %d articles, %d syndicated copies", pending.height, len(copies))
    return SyndicationResult(pending.height, copies)


def _resolve(
    con: duckdb.DuckDBPyConnection, pending: pl.DataFrame, fps: pl.DataFrame, cand: pl.DataFrame
) -> list[tuple[str, str, float]]:
    """Verify candidate pairs and pick each copy's original.

    Similarities of all candidate pairs are computed at once (numpy, in slices); only the
    pairs at or above THRESHOLD reach the per-article loop, which walks the batch in order
    so that a copy of a copy points at the first article of the story.
    """
    order_of = {aid: i for i, aid in enumerate(pending["article_id"].to_list())}
    n = len(order_of)
    new_sig = np.zeros((n, NUM_PERM), dtype=np.uint32)
    has_sig = np.zeros(n, dtype=bool)
    with_sig = fps.filter(pl.col("signature").is_not_null()).select("article_id", "signature")
    if with_sig.height:
        rows = np.fromiter((order_of[a] for a in with_sig["article_id"].to_list()), dtype=np.int64,
                           count=with_sig.height)
        new_sig[rows] = np.frombuffer(b"".join(with_sig["signature"].to_list()), dtype=np.uint32).reshape(-1, NUM_PERM)
        has_sig[rows] = True

    old_ids = cand.filter(~pl.col("is_new"))["other_id"].unique()
    old_index: dict[str, int] = {}
    old_root_list: list[str] = []
    old_sig = np.zeros((0, NUM_PERM), dtype=np.uint32)
    if old_ids.len():
        with store.registered(con, old_ids=pl.DataFrame({"article_id": old_ids})):
            old = store.query_frame(con, "syndication/old_signatures.sql")
        old_index = {aid: i for i, aid in enumerate(old["article_id"].to_list())}
        old_root_list = old["root"].to_list()
        if old.height:
            old_sig = np.frombuffer(b"".join(old["signature"].to_list()), dtype=np.uint32).reshape(-1, NUM_PERM)

    a_idx = np.fromiter((order_of[a] for a in cand["article_id"].to_list()), dtype=np.int64, count=cand.height)
    is_new = cand["is_new"].to_numpy()
    others = cand["other_id"].to_list()
    o_idx = np.fromiter(
        (order_of.get(o, -1) if nw else old_index.get(o, -1) for o, nw in zip(others, is_new, strict=True)),
        dtype=np.int64, count=cand.height,
    )
    usable = (o_idx >= 0) & has_sig[a_idx]
    usable &= np.where(is_new, has_sig[np.where(is_new, np.maximum(o_idx, 0), 0)], True)
    usable &= ~is_new | (o_idx < a_idx)  # a later article of this batch is never the original
    sims = np.zeros(cand.height, dtype=np.float64)
    step = 1 << 16
    for lo in range(0, cand.height, step):
        sl = slice(lo, lo + step)
        a_sig = new_sig[a_idx[sl]]
        nw, oi = is_new[sl], np.maximum(o_idx[sl], 0)
        o_sig = new_sig[np.where(nw, oi, 0)]
        if old_sig.shape[0]:
            o_sig = np.where(nw[:, None], o_sig, old_sig[np.where(nw, 0, oi)])
        sims[sl] = (a_sig == o_sig).mean(axis=1)
    keep = np.flatnonzero(usable & (sims >= THRESHOLD))

    by_article: dict[int, list[tuple[tuple, int, bool, float]]] = {}
    for k in keep.tolist():
        nw = bool(is_new[k])
        rank = (1, int(o_idx[k])) if nw else (0, 0)
        by_article.setdefault(int(a_idx[k]), []).append(((rank, -float(sims[k]), others[k]), int(o_idx[k]), nw,
                                                         float(sims[k])))
    ids = pending["article_id"].to_list()
    root: dict[int, str] = {}
    copies: list[tuple[str, str, float]] = []
    for a in sorted(by_article):
        _key, o, nw, sim = min(by_article[a])
        original = root.get(o, ids[o]) if nw else old_root_list[o]
        root[a] = original
        copies.append((ids[a], original, sim))
    return copies
