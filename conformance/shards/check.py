#!/usr/bin/env python3
"""Conformance of ccnet's shards with Megatron-LM's and llm.c's formats.

Runs `go run ./conformance/shards/gen OUTDIR` (from the module root), then,
from manifest.json alone, recomputes every expected file in Python and
checks the files ccnet wrote:

  * train/valid split and shard rotation recomputed here (FNV-1a 64 of the
    URL, murmur3 fmix64, top 53 bits < fraction * 2**53; a new shard when
    the next framed document would pass max_shard_tokens);
  * Megatron .bin/.idx rebuilt byte for byte the way Megatron-LM's
    _IndexWriter writes them (megatron/core/datasets/indexed_dataset.py:
    MMIDIDX header, version 1, DType code of optimal_dtype(vocab), int32
    lengths, int64 byte pointers, int64 document indices), and read back
    with a numpy transcription of _IndexReader + IndexedDataset's asserts;
  * llm.c .bin rebuilt byte for byte as dev/data/data_common.py
    write_datafile does (256 x int32 header; 20240520/v1 uint16 or
    20240801/v7 uint32) and read back with the checks of llmc/dataloader.h
    dataloader_load_shard_ (llama3 branch);
  * the merged Megatron dataset equals one written from all documents;
  * if megatron.core imports (it needs torch), IndexedDataset itself reads
    every Megatron file, IndexedDatasetBuilder (add_item + end_document)
    writes the same bytes from the same documents, and its add_index over
    the parts writes the same bytes as ccnet's merge.

Needs numpy; megatron-core (+ torch) optional. Usage, from anywhere:
    python3 conformance/shards/check.py [OUTDIR]
"""

import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

MASK = (1 << 64) - 1
MODULE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Megatron-LM class DType(Enum) codes.
DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}
CODES = {np.dtype(v): k for k, v in DTYPES.items()}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for c in data:
        h ^= c
        h = (h * 0x100000001B3) & MASK
    return h


def fmix64(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & MASK
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & MASK
    k ^= k >> 33
    return k


def split_of(url, fraction):
    u = fmix64(fnv1a64(url.encode("utf-8")))
    return "valid" if float(u >> 11) < fraction * float(1 << 53) else "train"


def optimal_dtype(vocab):
    # Megatron DType.optimal_dtype
    return np.uint16 if vocab < 65500 else np.int32


def frame(tokens, bos, eos):
    return ([bos] if bos >= 0 else []) + list(tokens) + ([eos] if eos >= 0 else [])


def megatron_bytes(docs, dtype):
    """The .bin and .idx Megatron's IndexedDatasetBuilder writes, one sequence per document."""
    binb = b"".join(np.array(d, dtype=dtype).tobytes(order="C") for d in docs)
    lengths = [len(d) for d in docs]
    itemsize = np.dtype(dtype).itemsize
    pointers, cur = [], 0
    for n in lengths:
        pointers.append(cur)
        cur += n * itemsize
    doc_indices = list(range(len(docs) + 1))
    idx = b"MMIDIDX\x00\x00" + struct.pack("<Q", 1) + struct.pack("<B", CODES[np.dtype(dtype)])
    idx += struct.pack("<Q", len(lengths)) + struct.pack("<Q", len(doc_indices))
    idx += np.array(lengths, dtype=np.int32).tobytes(order="C")
    idx += np.array(pointers, dtype=np.int64).tobytes(order="C")
    idx += np.array(doc_indices, dtype=np.int64).tobytes(order="C")
    return binb, idx


def megatron_read(prefix):
    """_IndexReader + IndexedDataset.__init__ asserts; returns (dtype, documents)."""
    with open(prefix + ".idx", "rb") as f:
        assert f.read(9) == b"MMIDIDX\x00\x00", "bad header"
        assert struct.unpack("<Q", f.read(8))[0] == 1, "bad version"
        dtype = DTYPES[struct.unpack("<B", f.read(1))[0]]
        seq_count = struct.unpack("<Q", f.read(8))[0]
        doc_count = struct.unpack("<Q", f.read(8))[0]
        offset = f.tell()
    buf = np.memmap(prefix + ".idx", mode="r", order="C")
    lengths = np.frombuffer(buf, dtype=np.int32, count=seq_count, offset=offset)
    pointers = np.frombuffer(buf, dtype=np.int64, count=seq_count, offset=offset + lengths.nbytes)
    doc_indices = np.frombuffer(buf, dtype=np.int64, count=doc_count, offset=offset + lengths.nbytes + pointers.nbytes)
    assert lengths.shape[0] == doc_indices[-1]
    assert lengths.shape[0] == seq_count
    binbuf = np.memmap(prefix + ".bin", mode="r", order="C")
    docs = []
    for d in range(doc_count - 1):
        toks = []
        for s in range(doc_indices[d], doc_indices[d + 1]):
            toks.extend(np.frombuffer(binbuf, dtype=dtype, count=int(lengths[s]), offset=int(pointers[s])).tolist())
        docs.append(toks)
    return dtype, docs


def llmc_bytes(tokens, vocab):
    """write_datafile: gpt-2 layout for uint16 ids, llama-3 for uint32."""
    magic, version, dtype = (20240520, 1, np.uint16) if vocab <= 65536 else (20240801, 7, np.uint32)
    header = np.zeros(256, dtype=np.int32)
    header[0], header[1], header[2] = magic, version, len(tokens)
    return header.tobytes() + np.array(tokens, dtype=dtype).tobytes()


def llmc_read(path):
    """dataloader_load_shard_ checks; returns the tokens."""
    data = open(path, "rb").read()
    header = np.frombuffer(data, dtype=np.int32, count=256)
    magic, version = int(header[0]), int(header[1])
    assert magic in (20240520, 20240801), "Bad magic in the data file"
    assert not (magic == 20240520 and version != 1), "Bad version in data file"
    assert not (magic == 20240801 and version != 7), "Bad version in data file"
    dtype = np.uint16 if magic == 20240520 else np.uint32
    ntok = int(header[2])
    assert ntok > 0
    assert len(data) == 256 * 4 + ntok * np.dtype(dtype).itemsize, "file size is not as expected"
    return np.frombuffer(data, dtype=dtype, offset=1024).tolist()


def mcore():
    """megatron.core.datasets.indexed_dataset, or None when it does not import."""
    import warnings

    warnings.filterwarnings("ignore")  # "Transformer Engine and Apex are not installed"
    try:
        from megatron.core.datasets import indexed_dataset
    except Exception as e:  # torch or a CUDA library missing
        print(f"megatron.core not importable ({type(e).__name__}: {e}); numpy transcription only")
        return None
    return indexed_dataset


def mcore_build(mc, prefix, docs, dtype, parts=()):
    """Megatron's own IndexedDatasetBuilder: add_index for each part, then add_item + end_document per document."""
    import torch

    b = mc.IndexedDatasetBuilder(prefix + ".bin", dtype=dtype)
    for p in parts:
        b.add_index(p)
    for d in docs:
        b.add_item(torch.tensor(d, dtype=torch.int64))
        b.end_document()
    b.finalize(prefix + ".idx")
    return open(prefix + ".bin", "rb").read(), open(prefix + ".idx", "rb").read()


def check_megatron_file(prefix, want_docs, dtype, mc, scratch):
    want_bin, want_idx = megatron_bytes(want_docs, dtype)
    got_bin, got_idx = open(prefix + ".bin", "rb").read(), open(prefix + ".idx", "rb").read()
    check(got_bin == want_bin, f"{prefix}.bin bytes")
    check(got_idx == want_idx, f"{prefix}.idx bytes")
    got_dtype, got_docs = megatron_read(prefix)
    check(got_dtype == dtype and got_docs == want_docs, f"{prefix}: numpy reader documents")
    if mc is not None:
        ds = mc.IndexedDataset(prefix)
        check(len(ds) == len(want_docs), f"{prefix}: IndexedDataset length")
        check(ds.document_indices.tolist() == list(range(len(want_docs) + 1)), f"{prefix}: IndexedDataset document_indices")
        check(all(ds[i].tolist() == want_docs[i] for i in range(len(want_docs))), f"{prefix}: IndexedDataset sequences")
        check(mcore_build(mc, scratch, want_docs, dtype) == (got_bin, got_idx), f"{prefix}: bytes of IndexedDatasetBuilder")


def expected_shards(s):
    """{(split, index): [framed docs]} by recomputing split and rotation."""
    shards, cur = {}, {}
    for d in s["docs"]:
        sp = split_of(d["url"], s["valid_fraction"])
        framed = frame(d["tokens"], s["bos"], s["eos"])
        i = cur.get(sp)
        if i is None or (sum(map(len, shards[(sp, i)])) > 0 and sum(map(len, shards[(sp, i)])) + len(framed) > s["max_shard_tokens"]):
            i = 0 if i is None else i + 1
            cur[sp] = i
            shards[(sp, i)] = []
        shards[(sp, i)].append(framed)
    return shards


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="ccnet-shards-")
    subprocess.run(["go", "run", "./conformance/shards/gen", out], cwd=MODULE_ROOT, check=True)
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    mc = mcore()
    scratch = tempfile.mkdtemp(prefix="ccnet-shards-mcore-")
    files = 0
    for s in manifest["sets"]:
        root, lang = os.path.join(out, s["root"]), s["lang"]
        want_files = set()
        shards = expected_shards(s)
        nvalid = sum(len(v) for (sp, _), v in shards.items() if sp == "valid")
        check(0 < nvalid < len(s["docs"]), f"{s['root']}: both splits used ({nvalid} valid)")
        for (sp, i), docs in sorted(shards.items()):
            name = f"{sp}_{i:04d}"
            prefix = os.path.join(root, "megatron", lang, name)
            check_megatron_file(prefix, docs, optimal_dtype(s["vocab"]), mc, os.path.join(scratch, "b"))
            want_files |= {prefix + ".bin", prefix + ".idx"}
            stream = [t for d in docs for t in d]
            path = os.path.join(root, "llmc", lang, name + ".bin")
            check(open(path, "rb").read() == llmc_bytes(stream, s["vocab"]), f"{path} bytes")
            check(llmc_read(path) == stream, f"{path}: loader tokens")
            want_files.add(path)
            files += 3
        have = {os.path.join(dp, f) for dp, _, fs in os.walk(root) for f in fs}
        check(have == want_files, f"{s['root']}: file tree {sorted(have ^ want_files)}")
    m = manifest["merge"]
    whole = [d["tokens"] for d in m["docs"]]
    merged = os.path.join(out, m["prefix"])
    check_megatron_file(merged, whole, np.uint16, mc, os.path.join(scratch, "b"))
    if mc is not None:
        parts = [os.path.join(out, p) for p in m["parts"]]
        built = mcore_build(mc, os.path.join(scratch, "m"), [], np.uint16, parts)
        check(built == (open(merged + ".bin", "rb").read(), open(merged + ".idx", "rb").read()),
              "merged: bytes of IndexedDatasetBuilder.add_index over the parts")
    files += 2
    print(f"checked {files} files in {out}: {len(failures)} failures"
          + ("" if mc is None else " (numpy transcription and megatron.core IndexedDataset/IndexedDatasetBuilder)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
