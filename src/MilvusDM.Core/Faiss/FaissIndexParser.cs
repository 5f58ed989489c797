using System.Text;
using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Faiss;

/// <summary>
/// Parses a Faiss index file (faiss-format.md §3–§5) into a node tree, recursing into nested indexes.
/// Bulk data (vectors, codes, ids) is skipped and its offset recorded; the whole file must be consumed.
/// </summary>
internal sealed class FaissIndexParser
{
    private readonly FaissFileReader _r;
    private (int Levels, int BatchSize)? _panorama;

    private FaissIndexParser(FaissFileReader reader) => _r = reader;

    public static FaissNode Parse(string path)
    {
        using var reader = new FaissFileReader(path);
        var p = new FaissIndexParser(reader);
        var node = p.ReadIndex() ?? throw reader.Corrupt("the file holds no index (fourcc 'null')");
        if (reader.Remaining != 0) throw reader.Corrupt($"{reader.Remaining} unexpected bytes after the index");
        return node;
    }

    private (int D, long NTotal, int Metric) ReadHeader()
    {
        int d = _r.ReadInt32();
        long ntotal = _r.ReadInt64();
        _r.ReadInt64();
        _r.ReadInt64();
        _r.ReadBool();
        int metric = _r.ReadInt32();
        if (metric > 1) _r.ReadFloat();
        if (d <= 0 || d > (1 << 20)) throw _r.Corrupt($"dimension {d} is out of range");
        if (ntotal < 0) throw _r.Corrupt($"ntotal {ntotal} is negative");
        return (d, ntotal, metric);
    }

    private (int D, long NTotal) ReadBinaryHeader()
    {
        int d = _r.ReadInt32();
        int codeSize = _r.ReadInt32();
        long ntotal = _r.ReadInt64();
        _r.ReadBool();
        _r.ReadInt32();
        // Wrappers (e.g. IndexBinaryIDMap written by 1.7.3) may leave code_size at 0.
        if (d <= 0 || d % 8 != 0 || (codeSize != d / 8 && codeSize != 0)) throw _r.Corrupt($"binary dimension {d} / code size {codeSize} are inconsistent");
        if (ntotal < 0) throw _r.Corrupt($"ntotal {ntotal} is negative");
        return (d, ntotal);
    }

    /// <summary>Reads one index object; null for the 'null' placeholder.</summary>
    private FaissNode? ReadIndex()
    {
        long at = _r.Position;
        string f = _r.ReadFourcc();
        switch (f)
        {
            case "null": return null;
            case "IxF2" or "IxFI" or "IxFl": return ReadFlat(f);
            case "IxFP" or "IxFp": return ReadPanoramaFlat(f);
            case "IxMp" or "IxM2":
            {
                var (d, n, m) = ReadHeader();
                var inner = ReadIndex() ?? throw _r.Corrupt("an IDMap wraps no index");
                return ReadIdMap(f, d, n, m, inner);
            }
            case "IwFl" or "IwFd" or "IwSq" or "IwSQ" or "IwPQ" or "IwQR": return ReadIvf(f);
            case "IwPn" or "IwP2": return ReadIvfPanorama(f);
            case "IxSQ":
            {
                var (d, n, m) = ReadHeader();
                var sq = ReadSq();
                long count = _r.ReadCount(1, "SQ codes");
                if (count != n * sq.CodeSize) throw _r.Corrupt($"SQ codes hold {count} bytes, expected {n} × {sq.CodeSize}");
                long offset = _r.Position;
                _r.Skip(count);
                return new SqNode(f, d, n, m, sq, offset);
            }
            case "IxPq" or "IxPo" or "IxPQ":
            {
                var (d, n, m) = ReadHeader();
                var pq = ReadPq();
                long count = _r.ReadCount(1, "PQ codes");
                if (count != n * pq.CodeSize) throw _r.Corrupt($"PQ codes hold {count} bytes, expected {n} × {pq.CodeSize}");
                long offset = _r.Position;
                _r.Skip(count);
                if (f != "IxPQ") { _r.ReadInt32(); _r.ReadBool(); _r.ReadInt32(); }
                return new PqNode(f, d, n, f == "IxPq" ? m : FaissMetric.L2, pq, offset);
            }
            case "IHNf" or "IHNs" or "IHNp" or "IHN2" or "IH00" or "IHNc" or "IHc2" or "IHfP": return ReadHnsw(f);
            case "IxRF" or "IxRP":
            {
                var (d, n, m) = ReadHeader();
                var baseIndex = ReadIndex() ?? throw _r.Corrupt("a refine index has no base index");
                var refine = ReadIndex() ?? throw _r.Corrupt("a refine index has no refine index");
                _r.ReadFloat();
                return new RefineNode(f, d, n, m, baseIndex, refine);
            }
            case "IxPT": return ReadPreTransform(f);
            case "IxHe" or "IxHE":
            {
                var (d, n, m) = ReadHeader();
                _r.ReadInt32(); _r.ReadBool(); _r.ReadBool();
                _r.SkipVector(4, "LSH thresholds");
                _r.ReadInt32();
                ReadTransform();
                _r.SkipVector(1, "LSH codes");
                return new UnrecoverableNode(f, d, n, m, "IndexLSH", "LSH keeps only bit hashes of the vectors");
            }
            case "IBxF":
            {
                var (d, n) = ReadBinaryHeader();
                long count = _r.ReadCount(1, "binary vectors");
                if (count != n * (d / 8)) throw _r.Corrupt($"binary data holds {count} bytes, expected {n} × {d / 8}");
                long offset = _r.Position;
                _r.Skip(count);
                return new BinaryFlatNode(f, d, n, offset);
            }
            case "IBMp" or "IBM2":
            {
                var (d, n) = ReadBinaryHeader();
                var inner = ReadIndex() ?? throw _r.Corrupt("a binary IDMap wraps no index");
                return ReadIdMap(f, d, n, FaissMetric.L2, inner);
            }
            case "IBwF": return ReadBinaryIvf(f);
            case "IBHf" or "IBHc":
            {
                var (d, n) = ReadBinaryHeader();
                if (f == "IBHc") { _r.ReadBool(); _r.ReadBool(); _r.ReadInt32(); }
                SkipHnswGraph(n);
                var storage = ReadIndex();
                return new HnswNode(f, d, n, FaissMetric.L2, storage, true);
            }
            case "IBFf":
            {
                ReadBinaryHeader();
                return ReadIndex() ?? throw _r.Corrupt("IndexBinaryFromFloat wraps no index");
            }
            default:
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "FaissIndexTypeUnsupported",
                    $"Faiss file '{_r.Path}' holds an index of type '{Printable(f)}' at byte {at}, which MilvusDM cannot read{UnsupportedReason(f)}.",
                    "Rebuild the index as IndexFlat, IndexIDMap, IndexIVFFlat or IndexHNSWFlat (or a supported lossy type) and export again.");
        }
    }

    private static string Printable(string f) => f.All(c => c >= 32 && c < 127) ? f : string.Join(" ", Encoding.Latin1.GetBytes(f).Select(b => b.ToString("x2")));

    private static string UnsupportedReason(string f) => f switch
    {
        "IwSh" => " (spectral hash keeps only hashes: the vectors are not recoverable)",
        "IxLa" => " (IndexLattice stores no codes: the vectors are not recoverable)",
        "Imiq" or "ImRQ" => " (a multi-index quantizer holds no vectors)",
        "IPfs" or "IwPf" => " (fast-scan PQ codes are not supported)",
        _ when f.StartsWith("Iv", StringComparison.Ordinal) => " (pre-2018 legacy IVF layout)",
        _ => "",
    };

    private FlatNode ReadFlat(string f)
    {
        var (d, n, m) = ReadHeader();
        long floats = _r.ReadCount(4, "flat vectors");
        if (floats != n * d) throw _r.Corrupt($"flat data holds {floats} floats, expected {n} × {d}");
        long offset = _r.Position;
        _r.Skip(floats * 4);
        return new FlatNode(f, d, n, m, offset);
    }

    private PanoramaFlatNode ReadPanoramaFlat(string f)
    {
        int d = _r.ReadInt32();
        long levels = (long)_r.ReadUInt64();
        long batch = (long)_r.ReadUInt64();
        long n = _r.ReadNonNegative64("ntotal");
        _r.ReadBool();
        if (d <= 0 || levels <= 0 || levels > d || batch <= 0 || batch > int.MaxValue) throw _r.Corrupt("Panorama parameters are out of range");
        long bytes = _r.ReadCount(1, "Panorama codes");
        long batches = (n + batch - 1) / batch;
        if (bytes != batches * batch * d * 4L) throw _r.Corrupt($"Panorama codes hold {bytes} bytes, expected {batches} batches of {batch} × {d * 4}");
        long offset = _r.Position;
        _r.Skip(bytes);
        _r.SkipVector(4, "Panorama cum_sums");
        return new PanoramaFlatNode(f, d, n, f == "IxFP" ? FaissMetric.L2 : FaissMetric.InnerProduct, offset, (int)levels, (int)batch);
    }

    private IdMapNode ReadIdMap(string f, int d, long n, int metric, FaissNode inner)
    {
        long count = _r.ReadCount(8, "id map");
        if (count != n) throw _r.Corrupt($"the id map holds {count} ids for {n} vectors");
        if (inner.NTotal != n) throw _r.Corrupt($"the IDMap says {n} vectors, its inner index {inner.NTotal}");
        long offset = _r.Position;
        _r.Skip(count * 8);
        return new IdMapNode(f, d, n, metric, inner, offset);
    }

    private SqCodec ReadSq()
    {
        int qtype = _r.ReadInt32();
        _r.ReadInt32();
        _r.ReadFloat();
        long d = (long)_r.ReadUInt64();
        long codeSize = (long)_r.ReadUInt64();
        var trained = _r.ReadFloatVector("SQ trained parameters");
        if (d <= 0 || d > (1 << 20) || codeSize <= 0 || codeSize > 8 * d) throw _r.Corrupt("scalar quantizer dimensions are out of range");
        return new SqCodec(qtype, (int)d, (int)codeSize, trained);
    }

    private PqCodec ReadPq()
    {
        long d = (long)_r.ReadUInt64(), m = (long)_r.ReadUInt64(), nbits = (long)_r.ReadUInt64();
        if (d <= 0 || d > (1 << 20) || m <= 0 || d % m != 0 || nbits < 1 || nbits > 24) throw _r.Corrupt($"product quantizer parameters d={d} M={m} nbits={nbits} are invalid");
        var centroids = _r.ReadFloatVector("PQ centroids");
        if (centroids.Length != d * (1L << (int)nbits)) throw _r.Corrupt($"PQ centroids hold {centroids.Length} floats, expected {d} × {1L << (int)nbits}");
        return new PqCodec((int)d, (int)m, (int)nbits, centroids);
    }

    private (long NList, FaissNode Quantizer) ReadIvfCommon(bool binary)
    {
        long nlist = _r.ReadNonNegative64("nlist");
        _r.ReadUInt64();
        var quantizer = ReadIndex() ?? throw _r.Corrupt("an IVF index has no quantizer");
        if (quantizer.NTotal != nlist) throw _r.Corrupt($"the IVF quantizer holds {quantizer.NTotal} centroids for {nlist} lists");
        byte directMap = _r.ReadByte();
        if (directMap > 2) throw _r.Corrupt($"unknown direct map type {directMap}");
        _r.SkipVector(8, "direct map array");
        if (directMap == 2) _r.Skip(_r.ReadCount(16, "direct map hashtable") * 16);
        _ = binary;
        return (nlist, quantizer);
    }

    private IvfNode ReadIvf(string f)
    {
        var (d, n, m) = ReadHeader();
        var (nlist, quantizer) = ReadIvfCommon(false);
        long[] dedup = [];
        SqCodec? sq = null;
        PqCodec? pq = null;
        bool byResidual = false;
        int codeSize = d * 4;
        var kind = IvfKind.Flat;
        switch (f)
        {
            case "IwFd":
                dedup = _r.ReadInt64Vector("dedup instances");
                if (dedup.Length % 2 != 0) throw _r.Corrupt("dedup instances are not pairs");
                break;
            case "IwSq" or "IwSQ":
                kind = IvfKind.ScalarQuantizer;
                sq = ReadSq();
                codeSize = checked((int)_r.ReadUInt64());
                byResidual = f == "IwSQ" || _r.ReadBool();
                break;
            case "IwPQ" or "IwQR":
                kind = IvfKind.ProductQuantizer;
                byResidual = _r.ReadBool();
                codeSize = checked((int)_r.ReadUInt64());
                pq = ReadPq();
                if (pq.CodeSize != codeSize) throw _r.Corrupt($"IVFPQ code size {codeSize} does not match its PQ ({pq.CodeSize})");
                break;
        }
        if (sq is not null && sq.CodeSize != codeSize) throw _r.Corrupt($"IVFSQ code size {codeSize} does not match its SQ ({sq.CodeSize})");
        var (lists, dataFile) = ReadInvertedLists(nlist, codeSize);
        PqCodec? refine = null;
        long refineOffset = 0;
        if (f == "IwQR")
        {
            // IVFPQR: a second PQ encodes each vector's remaining error; its codes are indexed by sequential id.
            refine = ReadPq();
            long count = _r.ReadCount(1, "IVFPQR refine codes");
            if (count != n * refine.CodeSize) throw _r.Corrupt($"IVFPQR refine codes hold {count} bytes, expected {n} × {refine.CodeSize}");
            refineOffset = _r.Position;
            _r.Skip(count);
            _r.ReadFloat();
        }
        CheckListTotal(lists, n, dedup.Length / 2);
        return new IvfNode(f, d, n, m, nlist, quantizer, kind, codeSize, byResidual, sq, pq, lists, dataFile, dedup, false)
        {
            RefinePq = refine,
            RefineCodesOffset = refineOffset,
        };
    }

    private IvfNode ReadIvfPanorama(string f)
    {
        var (d, n, m) = ReadHeader();
        var (nlist, quantizer) = ReadIvfCommon(false);
        long levels = (long)_r.ReadUInt64();
        if (f == "IwP2") _r.ReadUInt64();
        if (levels <= 0 || levels > d) throw _r.Corrupt($"Panorama levels {levels} out of range");
        _panorama = null;
        var (lists, dataFile) = ReadInvertedLists(nlist, d * 4);
        if (_panorama is null) throw _r.Corrupt("an IVFFlatPanorama index without Panorama inverted lists");
        CheckListTotal(lists, n, 0);
        return new IvfNode(f, d, n, m, nlist, quantizer, IvfKind.Flat, d * 4, false, null, null, lists, dataFile, [], false) { Panorama = _panorama };
    }

    private IvfNode ReadBinaryIvf(string f)
    {
        var (d, n) = ReadBinaryHeader();
        var (nlist, quantizer) = ReadIvfCommon(true);
        var (lists, dataFile) = ReadInvertedLists(nlist, d / 8);
        CheckListTotal(lists, n, 0);
        return new IvfNode(f, d, n, FaissMetric.L2, nlist, quantizer, IvfKind.Binary, d / 8, false, null, null, lists, dataFile, [], true);
    }

    private void CheckListTotal(IReadOnlyList<InvertedList>? lists, long ntotal, long duplicates)
    {
        if (lists is null) return;
        long sum = lists.Sum(l => l.Count);
        if (sum + duplicates != ntotal) throw _r.Corrupt($"the inverted lists hold {sum} entries (+{duplicates} duplicates) for ntotal {ntotal}");
    }

    /// <summary>Inverted lists: offsets of each list's codes and ids (null lists: 'il00').</summary>
    private (IReadOnlyList<InvertedList>? Lists, string? DataFile) ReadInvertedLists(long nlist, int codeSize)
    {
        string f = _r.ReadFourcc();
        switch (f)
        {
            case "il00": return (null, null);
            case "ilar":
            {
                long n = (long)_r.ReadUInt64();
                long cs = (long)_r.ReadUInt64();
                if (n != nlist) throw _r.Corrupt($"inverted lists count {n} differs from nlist {nlist}");
                if (cs != codeSize) throw _r.Corrupt($"inverted lists code size {cs} differs from the index's {codeSize}");
                var sizes = ReadListSizes(nlist);
                var lists = new List<InvertedList>();
                for (int l = 0; l < nlist; l++)
                {
                    long count = sizes[l];
                    if (count == 0) continue;
                    if (count > _r.Remaining / (codeSize + 8)) throw _r.Corrupt($"list {l} claims {count} entries");
                    long codes = _r.Position;
                    _r.Skip(count * codeSize);
                    long ids = _r.Position;
                    _r.Skip(count * 8);
                    lists.Add(new InvertedList(l, count, codes, ids));
                }
                return (lists, null);
            }
            case "ilod":
            {
                long n = (long)_r.ReadUInt64();
                long cs = (long)_r.ReadUInt64();
                if (n != nlist || cs != codeSize) throw _r.Corrupt("on-disk inverted lists disagree with the index (nlist or code size)");
                long count = _r.ReadCount(24, "on-disk list descriptors");
                var lists = new List<InvertedList>();
                for (int l = 0; l < count; l++)
                {
                    long size = (long)_r.ReadUInt64(), capacity = (long)_r.ReadUInt64();
                    ulong offset = _r.ReadUInt64();
                    if (size == 0) continue;
                    if (size > capacity || offset > long.MaxValue) throw _r.Corrupt($"on-disk list {l} has size {size}, capacity {capacity}, offset {offset}");
                    lists.Add(new InvertedList(l, size, (long)offset, (long)offset + capacity * codeSize));
                }
                _r.Skip(_r.ReadCount(16, "on-disk slots") * 16);
                string fileName = Encoding.UTF8.GetString(_r.ReadBytes(_r.ReadCount(1, "on-disk file name")));
                _r.ReadUInt64();
                return (lists, fileName);
            }
            case "ilpn" or "ilp2":
            {
                long n = (long)_r.ReadUInt64(), cs = (long)_r.ReadUInt64(), levels = (long)_r.ReadUInt64();
                long batchSize = f == "ilp2" ? (long)_r.ReadUInt64() : 128;
                if (n != nlist || cs != codeSize) throw _r.Corrupt("Panorama inverted lists disagree with the index (nlist or code size)");
                if (levels <= 0 || levels > codeSize / 4 || batchSize <= 0 || batchSize > 1 << 24) throw _r.Corrupt("Panorama list parameters are out of range");
                _panorama = ((int)levels, (int)batchSize);
                var sizes = ReadListSizes(nlist);
                var lists = new List<InvertedList>();
                for (int l = 0; l < nlist; l++)
                {
                    long count = sizes[l];
                    if (count == 0) continue;
                    long rounded = (count + batchSize - 1) / batchSize * batchSize;
                    if (rounded > _r.Remaining / (codeSize + 8)) throw _r.Corrupt($"list {l} claims {count} entries");
                    long codes = _r.Position;
                    _r.Skip(rounded * codeSize);
                    long ids = _r.Position;
                    _r.Skip(count * 8);
                    _r.Skip(rounded * (levels + 1) * 4);   // cum_sums: a search aid
                    lists.Add(new InvertedList(l, count, codes, ids));
                }
                return (lists, null);
            }
            case "ilbl":
                throw new MilvusDMException(MilvusDMErrorKind.Unsupported, "FaissIndexTypeUnsupported",
                    $"Faiss file '{_r.Path}' uses fast-scan block inverted lists ('ilbl'), whose packed 4-bit codes MilvusDM does not decode.",
                    "Rebuild the index without fast-scan and export again.");
            default:
                throw _r.Corrupt($"unknown inverted-lists type '{Printable(f)}'");
        }
    }

    private long[] ReadListSizes(long nlist)
    {
        string type = _r.ReadFourcc();
        var sizes = new long[nlist];
        if (type == "full")
        {
            long n = _r.ReadCount(8, "list sizes");
            if (n != nlist) throw _r.Corrupt($"the 'full' sizes table has {n} entries for {nlist} lists");
            for (long i = 0; i < n; i++) sizes[i] = (long)_r.ReadUInt64();
        }
        else if (type == "sprs")
        {
            long n = _r.ReadCount(8, "sparse list sizes");
            if (n % 2 != 0) throw _r.Corrupt("the 'sprs' sizes table is not made of pairs");
            for (long i = 0; i < n; i += 2)
            {
                ulong list = _r.ReadUInt64(), size = _r.ReadUInt64();
                if (list >= (ulong)nlist) throw _r.Corrupt($"the 'sprs' table names list {list} of {nlist}");
                sizes[list] = (long)size;
            }
        }
        else throw _r.Corrupt($"unknown list sizes layout '{Printable(type)}'");
        if (sizes.Any(s => s < 0)) throw _r.Corrupt("a list size is negative");
        return sizes;
    }

    private HnswNode ReadHnsw(string f)
    {
        var (d, n, m) = ReadHeader();
        if (f is "IHNc" or "IHc2") { _r.ReadBool(); _r.ReadBool(); _r.ReadInt32(); }
        if (f == "IHc2") _r.ReadInt32();
        if (f == "IHfP") { _r.ReadUInt64(); _r.SkipVector(4, "HNSW Panorama cum_sums"); }
        SkipHnswGraph(n);
        var storage = ReadIndex();
        if (storage is not null && storage.NTotal != n) throw _r.Corrupt($"HNSW holds {n} nodes, its storage {storage.NTotal} vectors");
        return new HnswNode(f, d, n, m, storage, false);
    }

    private void SkipHnswGraph(long ntotal)
    {
        _r.SkipVector(8, "HNSW assign_probas");
        _r.SkipVector(4, "HNSW cum_nneighbor_per_level");
        long levels = _r.ReadCount(4, "HNSW levels");
        if (levels != ntotal) throw _r.Corrupt($"HNSW levels has {levels} entries for {ntotal} nodes");
        _r.Skip(levels * 4);
        long offsets = _r.ReadCount(8, "HNSW offsets");
        if (offsets != ntotal + 1) throw _r.Corrupt($"HNSW offsets has {offsets} entries for {ntotal} nodes");
        _r.Skip(offsets * 8);
        _r.SkipVector(4, "HNSW neighbors");
        for (int i = 0; i < 5; i++) _r.ReadInt32();
    }

    private PreTransformNode ReadPreTransform(string f)
    {
        var (d, n, m) = ReadHeader();
        int count = _r.ReadInt32();
        if (count < 0 || count > 64) throw _r.Corrupt($"a transform chain of {count} elements");
        var chain = new List<TransformInfo>();
        for (int i = 0; i < count; i++) chain.Add(ReadTransform());
        var inner = ReadIndex() ?? throw _r.Corrupt("a PreTransform wraps no index");
        return new PreTransformNode(f, d, n, m, chain, inner);
    }

    private TransformInfo ReadTransform()
    {
        string f = _r.ReadFourcc();
        float[]? a = null, b = null;
        switch (f)
        {
            case "rrot" or "LTra": (a, b) = ReadLinear(); break;
            case "Pcam" or "PcAm" or "PCAm":
                _r.ReadFloat();
                if (f == "Pcam") _r.ReadFloat();
                _r.ReadBool();
                if (f != "PCAm") _r.ReadInt32();
                _r.SkipVector(4, "PCA mean");
                _r.SkipVector(4, "PCA eigenvalues");
                _r.SkipVector(4, "PCA matrix");
                (a, b) = ReadLinear();
                break;
            case "Viqm": _r.ReadInt32(); _r.ReadInt32(); (a, b) = ReadLinear(); break;
            case "RmDT": _r.SkipVector(4, "remap"); break;
            case "VNrm": _r.ReadFloat(); break;
            case "VCnt": _r.SkipVector(4, "centering mean"); break;
            case "Viqt": _r.SkipVector(4, "ITQ mean"); _r.ReadBool(); ReadTransform(); ReadTransform(); break;
            case "HRot": _r.ReadUInt32(); break;
            default: throw _r.Corrupt($"unknown vector transform '{Printable(f)}'");
        }
        int dIn = _r.ReadInt32(), dOut = _r.ReadInt32();
        _r.ReadBool();
        var t = new TransformInfo(f, dIn, dOut, a, b);
        return t with { IsInvertible = a is not null && dIn == dOut && a.Length == (long)dIn * dOut && IsOrthonormal(a, dIn) };
    }

    private (float[] A, float[] B) ReadLinear()
    {
        bool haveBias = _r.ReadBool();
        var a = _r.ReadFloatVector("linear transform matrix");
        var b = _r.ReadFloatVector("linear transform bias");
        return (a, haveBias ? b : new float[b.Length]);
    }

    private static bool IsOrthonormal(float[] a, int d)
    {
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
            {
                double dot = 0;
                for (int k = 0; k < d; k++) dot += (double)a[i * d + k] * a[j * d + k];
                if (Math.Abs(dot - (i == j ? 1 : 0)) > 1e-4) return false;
            }
        return true;
    }
}
