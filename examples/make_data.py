#!/usr/bin/env python3
"""Makes the small data the example task files read, with the real libraries (Debian python3-faiss, python3-h5py).

Usage: python3 examples/make_data.py   (writes examples/data/; run again to start over)
  data/demo.index      Faiss IndexIDMap over IndexFlatL2, 1000 × 32 float32, ids 0..999
  data/h5/part1.h5     MilvusDM layout (embeddings + ids), 600 × 32, ids 10000..10599
  data/h5/part2.h5     the same layout, 400 × 32, ids 10600..10999
  data/milvus1/        a Milvus 1.x data path (collection pester_m1, partition 'tag 1'), see tests/fixtures/make_milvus1.py
"""
import os, shutil, subprocess, sys
import numpy as np
import faiss
import h5py

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, 'data')
shutil.rmtree(data, ignore_errors=True)
os.makedirs(os.path.join(data, 'h5'))
rng = np.random.default_rng(7)

index = faiss.IndexIDMap(faiss.IndexFlatL2(32))
index.add_with_ids(rng.random((1000, 32), dtype='float32'), np.arange(1000, dtype='int64'))
faiss.write_index(index, os.path.join(data, 'demo.index'))

for name, first, n in (('part1', 10000, 600), ('part2', 10600, 400)):
    with h5py.File(os.path.join(data, 'h5', name + '.h5'), 'w') as f:
        f['embeddings'] = rng.random((n, 32), dtype='float32')
        f['ids'] = np.arange(first, first + n, dtype='int64')

subprocess.run([sys.executable, os.path.join(here, '..', 'tests', 'fixtures', 'make_milvus1.py'), os.path.join(data, 'milvus1')], check=True)
print('examples/data written')
