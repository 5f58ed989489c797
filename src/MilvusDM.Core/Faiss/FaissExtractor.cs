using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MilvusDM.Core.Model;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// Streams (id, vector) blocks out of a parsed index (faiss-format.md §6) with positional reads: flat data row
/// range by row range, IVF data list by list (a list larger than a batch is read in pieces). Memory stays within
/// one batch, plus the coarse centroids for residual codecs and, for an IDMap over an IVF, the id map.
/// </summary>
internal sealed class FaissExtractor : IDisposable
{
    private readonly string _path;
    private readonly SafeFileHandle _file;
    private readonly Dictionary<string, SafeFileHandle> _dataFiles = [];
    private readonly bool _invertTransforms;
    // Flat vectors and ids are read into arrays rented here (every array of a block is the block's alone).
    private readonly ArrayRecycler? _pool;

    public FaissExtractor(string path, bool invertTransforms, ArrayRecycler? pool = null)
    {
        _path = path;
        _pool = pool;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        _invertTransforms = invertTransforms;
    }

    public IEnumerable<FaissRowBlock> Read(FaissNode node, int batchRows)
    {
        foreach (var block in Blocks(node, batchRows))
            yield return block;
    }

    private IEnumerable<FaissRowBlock> Blocks(FaissNode node, int batch) => node switch
    {
        FlatNode f => Flat(f, batch),
        BinaryFlatNode b => Fixed(b.NTotal, b.Dimension, b.Dimension / 8, b.DataOffset, batch, (bytes, block) => block with { Bytes = bytes }),
        SqNode s => Fixed(s.NTotal, s.Dimension, s.Codec.CodeSize, s.CodesOffset, batch, (bytes, block) => Decode(bytes, block, s.Dimension, s.Codec.CodeSize, (c, o) => FaissCodecs.DecodeSq(s.Codec, c, o))),
        PqNode p => Fixed(p.NTotal, p.Dimension, p.Codec.CodeSize, p.CodesOffset, batch, (bytes, block) => Decode(bytes, block, p.Dimension, p.Codec.CodeSize, (c, o) => FaissCodecs.DecodePq(p.Codec, c, o))),
        PanoramaFlatNode pf => Panorama(pf),
        IdMapNode m => MapIds(m, batch),
        IvfNode v => Ivf(v, batch),
        HnswNode { Storage: { } storage } => Blocks(storage, batch),
        RefineNode r => Blocks(r.Refine, batch),
        PreTransformNode p => PreTransform(p, batch),
        _ => throw NotRecoverable(node),
    };

    private MilvusDMException NotRecoverable(FaissNode node) => new(MilvusDMErrorKind.Unsupported, "FaissVectorsNotRecoverable",
        $"Faiss file '{_path}': the vectors of {node.TypeName} ('{node.Fourcc}') cannot be recovered: {FaissInspector.Recoverability(node).Why}.",
        "Export the original vectors, or an index that stores them (IndexFlat, IndexIVFFlat, IndexHNSWFlat).");

    /// <summary>Fixed-size rows with implicit ids 0..n-1.</summary>
    private IEnumerable<FaissRowBlock> Fixed(long n, int dim, int rowBytes, long offset, int batch, Func<byte[], FaissRowBlock, FaissRowBlock> fill)
    {
        for (long start = 0; start < n; start += batch)
        {
            int count = (int)Math.Min(batch, n - start);
            var bytes = ReadAt(_file, offset + start * rowBytes, (long)count * rowBytes);
            yield return fill(bytes, new FaissRowBlock(ImplicitIds(start, count), null, null, dim, "", start));
        }
    }

    /// <summary>Flat float rows, read from the file straight into the block's floats (no intermediate bytes).</summary>
    private IEnumerable<FaissRowBlock> Flat(FlatNode f, int batch)
    {
        for (long start = 0; start < f.NTotal; start += batch)
        {
            int count = (int)Math.Min(batch, f.NTotal - start);
            if ((long)count * f.Dimension > Array.MaxLength) throw Corrupt($"a block of {count} vectors is too large");
            var floats = Rent<float>(count * f.Dimension);
            ReadInto(_file, MemoryMarshal.AsBytes(floats.AsSpan()), f.DataOffset + start * f.Dimension * 4L);
            yield return new FaissRowBlock(ImplicitIds(start, count), floats, null, f.Dimension, "", start);
        }
    }

    private long[] ImplicitIds(long first, int count)
    {
        var ids = Rent<long>(count);
        for (int i = 0; i < count; i++) ids[i] = first + i;
        return ids;
    }

    private T[] Rent<T>(int length) => _pool is null ? new T[length] : _pool.Rent<T>(length);

    private static FaissRowBlock Floats(byte[] bytes, FaissRowBlock block, int dim)
    {
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return block with { Floats = floats, Dimension = dim };
    }

    private static FaissRowBlock Decode(byte[] codes, FaissRowBlock block, int dim, int codeSize, DecodeRow decode)
    {
        var floats = new float[block.Count * dim];
        for (int i = 0; i < block.Count; i++) decode(codes.AsSpan(i * codeSize, codeSize), floats.AsSpan(i * dim, dim));
        return block with { Floats = floats, Dimension = dim };
    }

    private delegate void DecodeRow(ReadOnlySpan<byte> code, Span<float> output);

    private IEnumerable<FaissRowBlock> Panorama(PanoramaFlatNode p)
    {
        int codeSize = p.Dimension * 4;
        long batchBytes = (long)p.BatchSize * codeSize;
        for (long b = 0; b * p.BatchSize < p.NTotal; b++)
        {
            int count = (int)Math.Min(p.BatchSize, p.NTotal - b * p.BatchSize);
            var rows = PanoramaLayout.Deinterleave(ReadAt(_file, p.CodesOffset + b * batchBytes, batchBytes), count, p.BatchSize, codeSize, p.Levels);
            var ids = new long[count];
            for (int i = 0; i < count; i++) ids[i] = b * p.BatchSize + i;
            yield return Floats(rows, new FaissRowBlock(ids, null, null, p.Dimension, "", b * p.BatchSize), p.Dimension);
        }
    }

    private IEnumerable<FaissRowBlock> MapIds(IdMapNode m, int batch)
    {
        long[]? full = null;
        foreach (var block in Blocks(m.Inner, batch))
        {
            var ids = block.Ids;
            bool contiguous = ids.Length > 0 && ids[^1] - ids[0] == ids.Length - 1 && ids[0] >= 0 && ids[^1] < m.NTotal;
            long[] mapped;
            if (contiguous && full is null)
            {
                mapped = Rent<long>(ids.Length);
                ReadInto(_file, MemoryMarshal.AsBytes(mapped.AsSpan()), m.IdsOffset + ids[0] * 8);
            }
            else
            {
                full ??= LoadIdMap(m);
                mapped = new long[ids.Length];
                for (int i = 0; i < ids.Length; i++)
                    mapped[i] = ids[i] >= 0 && ids[i] < full.Length ? full[ids[i]]
                        : throw Corrupt($"internal id {ids[i]} is outside the id map of {full.Length} entries");
            }
            _pool?.Return(ids);   // the inner index's ids, replaced by the mapped ones
            yield return block with { Ids = mapped };
        }
    }

    private long[] LoadIdMap(IdMapNode m)
    {
        var bytes = ReadAt(_file, m.IdsOffset, m.NTotal * 8);
        var map = new long[m.NTotal];
        Buffer.BlockCopy(bytes, 0, map, 0, bytes.Length);
        return map;
    }

    private IEnumerable<FaissRowBlock> Ivf(IvfNode v, int batch)
    {
        if (v.Lists is null) throw NotRecoverable(v);
        var handle = v.DataFile is null ? _file : DataFile(v.DataFile);
        float[]? centroids = v.ByResidual ? LoadAll(v.Quantizer) : null;
        int dim = v.Dimension;
        Dictionary<long, (long Offset, SafeFileHandle File)>? dedupSources = v.DedupPairs.Length > 0 ? [] : null;
        foreach (var list in v.Lists)
        {
            // Panorama lists are read a whole storage batch at a time (their rows are interleaved inside it).
            int step = v.Panorama is { } pano ? pano.BatchSize : batch;
            for (long start = 0; start < list.Count; start += step)
            {
                int count = (int)Math.Min(step, list.Count - start);
                var codes = v.Panorama is { } pn
                    ? PanoramaLayout.Deinterleave(ReadAt(handle, list.CodesOffset + start * v.CodeSize, (long)pn.BatchSize * v.CodeSize), count, pn.BatchSize, v.CodeSize, pn.Levels)
                    : ReadAt(handle, list.CodesOffset + start * v.CodeSize, (long)count * v.CodeSize);
                var idBytes = ReadAt(handle, list.IdsOffset + start * 8, count * 8L);
                var ids = new long[count];
                Buffer.BlockCopy(idBytes, 0, ids, 0, idBytes.Length);
                if (dedupSources is not null)
                    for (int i = 0; i < count; i++) dedupSources[ids[i]] = (list.CodesOffset + (start + i) * v.CodeSize, handle);
                var block = new FaissRowBlock(ids, null, null, dim, $"list {list.ListNo}", start);
                yield return DecodeIvf(v, codes, block, centroids, list.ListNo);
            }
        }
        if (dedupSources is not null) foreach (var b in Duplicates(v, dedupSources, batch)) yield return b;
    }

    private FaissRowBlock DecodeIvf(IvfNode v, byte[] codes, FaissRowBlock block, float[]? centroids, int listNo)
    {
        int dim = v.Dimension;
        var decoded = v.Kind switch
        {
            IvfKind.Binary => block with { Bytes = codes },
            IvfKind.Flat => Floats(codes, block, dim),
            IvfKind.ScalarQuantizer => Decode(codes, block, dim, v.CodeSize, (c, o) => FaissCodecs.DecodeSq(v.Sq!, c, o)),
            _ => Decode(codes, block, dim, v.CodeSize, (c, o) => FaissCodecs.DecodePq(v.Pq!, c, o)),
        };
        if (centroids is not null && decoded.Floats is { } floats)
        {
            var centroid = centroids.AsSpan(listNo * dim, dim);
            for (int i = 0; i < block.Count; i++)
            {
                var row = floats.AsSpan(i * dim, dim);
                for (int k = 0; k < dim; k++) row[k] += centroid[k];
            }
        }
        if (v.RefinePq is { } refine && decoded.Floats is { } refined)
        {
            var error = new float[dim];
            for (int i = 0; i < block.Count; i++)
            {
                long id = block.Ids[i];
                if (id < 0 || id >= v.NTotal) throw Corrupt($"IVFPQR id {id} has no refine code");
                FaissCodecs.DecodePq(refine, ReadAt(_file, v.RefineCodesOffset + id * refine.CodeSize, refine.CodeSize), error);
                var row = refined.AsSpan(i * dim, dim);
                for (int k = 0; k < dim; k++) row[k] += error[k];
            }
        }
        return decoded;
    }

    private IEnumerable<FaissRowBlock> Duplicates(IvfNode v, Dictionary<long, (long Offset, SafeFileHandle File)> sources, int batch)
    {
        for (int start = 0; start < v.DedupPairs.Length / 2; start += batch)
        {
            int count = Math.Min(batch, v.DedupPairs.Length / 2 - start);
            var ids = new long[count];
            var floats = new float[count * v.Dimension];
            for (int i = 0; i < count; i++)
            {
                long stored = v.DedupPairs[2 * (start + i)];
                ids[i] = v.DedupPairs[2 * (start + i) + 1];
                if (!sources.TryGetValue(stored, out var src)) throw Corrupt($"dedup pair names id {stored}, which no list holds");
                var bytes = ReadAt(src.File, src.Offset, v.CodeSize);
                Buffer.BlockCopy(bytes, 0, floats, i * v.Dimension * 4, bytes.Length);
            }
            yield return new FaissRowBlock(ids, floats, null, v.Dimension, "duplicates", start);
        }
    }

    /// <summary>All vectors of a (small) index in row order, e.g. the coarse centroids.</summary>
    private float[] LoadAll(FaissNode node)
    {
        var all = new float[node.NTotal * node.Dimension];
        foreach (var block in Blocks(node, 65536))
        {
            if (block.Floats is null) throw Corrupt("the quantizer holds no float centroids");
            for (int i = 0; i < block.Count; i++)
                block.Floats.AsSpan(i * node.Dimension, node.Dimension).CopyTo(all.AsSpan((int)(block.Ids[i] * node.Dimension), node.Dimension));
        }
        return all;
    }

    private IEnumerable<FaissRowBlock> PreTransform(PreTransformNode p, int batch)
    {
        bool invert = _invertTransforms && p.Chain.All(t => t.IsInvertible);
        foreach (var block in Blocks(p.Inner, batch))
            yield return invert ? Invert(p, block) : block;
    }

    private static FaissRowBlock Invert(PreTransformNode p, FaissRowBlock block)
    {
        var current = block.Floats!;
        foreach (var t in p.Chain.Reverse())
        {
            int d = t.DIn;
            var next = new float[current.Length];
            var y = new double[d];
            for (int r = 0; r < block.Count; r++)
            {
                for (int j = 0; j < d; j++) y[j] = current[r * d + j] - t.B![j];
                for (int i = 0; i < d; i++)
                {
                    double x = 0;
                    for (int j = 0; j < d; j++) x += t.A![j * d + i] * y[j];   // x = Aᵀ (y − b)
                    next[r * d + i] = (float)x;
                }
            }
            current = next;
        }
        return block with { Floats = current, Dimension = p.Dimension };
    }

    private SafeFileHandle DataFile(string stored)
    {
        if (_dataFiles.TryGetValue(stored, out var h)) return h;
        string candidate = File.Exists(stored) ? stored : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path))!, Path.GetFileName(stored));
        if (!File.Exists(candidate))
            throw new MilvusDMException(MilvusDMErrorKind.NotFound, "FaissDataFileNotFound",
                $"Faiss file '{_path}' keeps its inverted lists in '{stored}', which was not found (also looked for '{candidate}').",
                "Put the .ivfdata file next to the index file.");
        h = File.OpenHandle(candidate, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        _dataFiles[stored] = h;
        return h;
    }

    private byte[] ReadAt(SafeFileHandle handle, long offset, long count)
    {
        if (count > Array.MaxLength) throw Corrupt($"a block of {count} bytes is too large");
        var buffer = new byte[count];
        ReadInto(handle, buffer, offset);
        return buffer;
    }

    private void ReadInto(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0) throw Corrupt($"the data ends before byte {offset + buffer.Length}");
            done += n;
        }
    }

    private MilvusDMException Corrupt(string what) => new(MilvusDMErrorKind.InvalidData, "FaissFileCorrupt",
        $"Faiss file '{_path}' is corrupt: {what}.", "Check that the file is a complete Faiss index.");

    public void Dispose()
    {
        _file.Dispose();
        foreach (var h in _dataFiles.Values) h.Dispose();
    }
}
