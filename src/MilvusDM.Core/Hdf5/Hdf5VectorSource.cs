using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// One HDF5 file as a transfer source: the vector dataset (float32/float64, and int16/uint16 converted exactly →
/// FloatVector; float16 → Float16Vector; int8 → Int8Vector; uint8 rows or fixed-length byte strings → BinaryVector
/// with dim = 8 × bytes), ids (any integer width, or strings, or generated), optional 1-D scalar datasets. Datasets
/// may sit in groups, be big-endian, and be compressed with gzip or lzf. Everything is checked before anything is read; rows are streamed by hyperslab with a shared chunk
/// cache so column-split chunks are not re-read for every row (purehdf.md §1.4).
/// </summary>
public sealed class Hdf5VectorSource(string path, Hdf5ReadOptions? options = null) : IVectorSource, IPrecheckedSource
{
    private readonly Hdf5ReadOptions _o = options ?? new Hdf5ReadOptions();
    private Plan? _plan;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Identity => $"hdf5:{Path}:{new FileInfo(Path).Length}:{File.GetLastWriteTimeUtc(Path).Ticks}";
    public string Description => Path;
    public long? TotalRows => _plan?.Rows;

    /// <summary>Metric of the file (ann-benchmarks distance attribute) or the override; null when unknown.</summary>
    public string? MetricType => _plan?.Metric;

    public Hdf5Layout Layout => _plan?.Layout ?? Hdf5Layout.Unknown;

    private sealed record Plan(Hdf5Layout Layout, string VectorDataset, VectorKind Kind, Hdf5Number Number, int Columns, long Rows, string? IdDataset, bool TextIds,
        IReadOnlyList<Hdf5Scalar> Scalars, string? Metric, string IdField, string VectorField, Hdf5OwnLayout? Own);

    /// <summary>How vector components are stored and become a Milvus vector.</summary>
    private enum VectorKind { Float32, Float64, Float16, Int8, SmallInt, UInt8, FixedBytes }

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        using var file = Hdf5Files.Open(Path);
        var (layout, prefix, group) = Hdf5LayoutFinder.Find(file);
        var names = Hdf5Files.DatasetNames(group);
        string vectorName = _o.Dataset is { } named ? Hdf5Files.Normalize(named) : layout switch
        {
            Hdf5Layout.MilvusDM => prefix + "embeddings",
            Hdf5Layout.AnnBenchmarks => prefix + "train",
            _ => throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "Hdf5LayoutNotRecognized",
                $"HDF5 file '{Path}' has neither 'embeddings' (MilvusDM layout) nor 'train' (ann-benchmarks), at its root or in its only group; it has: {string.Join(", ", Hdf5Files.AllDatasets(file).Select(d => d.Path))}.",
                "Name the vector dataset with {Dataset} (and the ids with {IdDataset}); a dataset in a group is named by its path, e.g. /group/name."),
        };
        var vectors = Hdf5Files.Dataset(file, Path, vectorName, "vectors");
        Hdf5Files.ProbeEnd(vectors, Path);
        var dims = vectors.Space.Dimensions;
        var number = Hdf5Number.Of(vectors);
        VectorKind? kind = (number, vectors.Type.Class, dims.Length) switch
        {
            ({ IsFloat: true, Size: 4 }, _, 2) => VectorKind.Float32,
            ({ IsFloat: true, Size: 8 }, _, 2) => VectorKind.Float64,
            ({ IsFloat: true, Size: 2 }, _, 2) => VectorKind.Float16,
            ({ Size: 1, Signed: false }, _, 2) => VectorKind.UInt8,
            ({ Size: 1, Signed: true }, _, 2) => VectorKind.Int8,
            ({ Size: 2 }, _, 2) => VectorKind.SmallInt,   // float32 holds every int16 and uint16 exactly
            (null, H5DataTypeClass.String, 1) => VectorKind.FixedBytes,
            _ => null,   // int32/int64 components: float32 cannot hold them all exactly, so they are not guessed at
        };
        if (kind is null)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5UnsupportedType",
                $"HDF5 dataset '{vectorName}' in '{Path}' is {(number?.ToString() ?? $"{vectors.Type.Class} of {vectors.Type.Size} bytes")} with shape ({string.Join(", ", dims)}); " +
                "vectors must be 2-D float16/float32/float64, int8, uint8 (binary), int16/uint16, or 1-D fixed-length byte strings (binary).",
                "Convert the dataset (e.g. to float32 with h5py), or name another one with {Dataset}.");
        int columns = kind == VectorKind.FixedBytes ? (int)vectors.Type.Size : (int)dims[1];
        long rows = (long)dims[0];
        if (columns <= 0) throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5UnsupportedType", $"HDF5 dataset '{vectorName}' in '{Path}' has vectors of dimension 0.", "Check the file.");

        bool plainOptions = _o.Dataset is null && _o.IdDataset is null && _o.ScalarDatasets.Count == 0;
        var own = layout == Hdf5Layout.MilvusDM && plainOptions ? Hdf5OwnLayout.TryRead(file, Path, rows) : null;
        string? idName = _o.IdDataset is { } namedIds ? Hdf5Files.Normalize(namedIds) : layout == Hdf5Layout.MilvusDM && names.Contains("ids") ? prefix + "ids" : null;
        // Ids are integers or strings (VarChar keys); a float dataset is refused.
        var idType = own is null && idName is not null ? CheckColumn(file, idName, rows, "ids", integer: false) : MilvusDataType.Int64;
        if (idType == MilvusDataType.Double)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5UnsupportedType", $"HDF5 dataset '{idName}' in '{Path}' holds floats, which cannot be used as ids.", "Ids must be integers (int64) or strings.");
        bool textIds = idType == MilvusDataType.VarChar;
        // A dataset in a group becomes the field named after its last path segment: /meta/year → year.
        var scalars = own is not null ? [] : _o.ScalarDatasets.Select(Hdf5Files.Normalize)
            .Select(n => new Hdf5Scalar(n[(n.LastIndexOf('/') + 1)..], CheckColumn(file, n, rows, "scalar field", integer: false), null, n)).ToArray();

        bool binary = kind is VectorKind.UInt8 or VectorKind.FixedBytes;
        // Our own files record metric_type; ann-benchmarks files a distance name (on the root, or on the group holding the layout).
        string? metric = _o.MetricType ?? Hdf5Files.StringAttribute(file, "metric_type")
            ?? MetricFromAttribute(Hdf5Files.StringAttribute(file, "distance") ?? Hdf5Files.StringAttribute(group, "distance")) ?? (binary ? "HAMMING" : null);
        if (idName is not null) Hdf5Files.ProbeEnd(Hdf5Files.Dataset(file, Path, idName, "ids"), Path);
        if (idName is not null && !_o.AllowDuplicateIds) CheckIdsUnique(file, idName, rows, textIds || own?.Spec.PrimaryField.DataType == MilvusDataType.VarChar, ct);
        _plan = new Plan(layout, vectorName, kind.Value, number ?? default, columns, rows, idName, textIds, scalars, metric, _o.IdField, _o.VectorField, own);
        // Files MilvusDM wrote come back as the collection they were exported from.
        // The file's metric (attribute or override) goes with the vectors, as the index a collection made from it gets.
        IReadOnlyList<IndexSpec> indexes = metric is null ? [] : [new IndexSpec { FieldName = _o.VectorField, IndexType = "AUTOINDEX", MetricType = metric }];
        if (own is not null)
            return Task.FromResult(own.Spec with { Name = System.IO.Path.GetFileNameWithoutExtension(Path), Indexes = own.Spec.Indexes.Count > 0 ? own.Spec.Indexes : indexes });


        var fields = new List<FieldSpec>
        {
            new() { Name = _o.IdField, DataType = textIds ? MilvusDataType.VarChar : MilvusDataType.Int64, IsPrimaryKey = true, MaxLength = textIds ? 65535 : null },
            kind switch
            {
                VectorKind.UInt8 or VectorKind.FixedBytes => new() { Name = _o.VectorField, DataType = MilvusDataType.BinaryVector, Dimension = columns * 8 },
                VectorKind.Float16 => new() { Name = _o.VectorField, DataType = MilvusDataType.Float16Vector, Dimension = columns },
                VectorKind.Int8 => new() { Name = _o.VectorField, DataType = MilvusDataType.Int8Vector, Dimension = columns },
                _ => new() { Name = _o.VectorField, DataType = MilvusDataType.FloatVector, Dimension = columns },
            },
        };
        fields.AddRange(scalars.Select(s => new FieldSpec
        {
            Name = s.Name, DataType = s.Type, MaxLength = s.Type == MilvusDataType.VarChar ? 65535 : null, IsNullable = s.ValidDataset is not null,
        }));
        return Task.FromResult(new CollectionSpec { Name = System.IO.Path.GetFileNameWithoutExtension(Path), Fields = fields, Indexes = indexes });
    }

    /// <summary>
    /// Reads the ids once before anything is written (8 bytes a row, a megarow at a time) and refuses a file whose ids
    /// repeat: Milvus would store both rows under one key (about 11 bytes an id in memory for int64 ids).
    /// </summary>
    private void CheckIdsUnique(NativeFile file, string idName, long rows, bool text, CancellationToken ct)
    {
        var ds = (NativeDataset)Hdf5Files.Dataset(file, Path, idName, "ids");
        var seenLong = text ? null : new Faiss.IdSet();
        var seenText = text ? new HashSet<string>(StringComparer.Ordinal) : null;
        const int chunk = 1 << 20;
        for (long start = 0; start < rows; start += chunk)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(chunk, rows - start);
            if (seenLong is not null)
            {
                var ids = Hdf5Columns.ReadLongs(ds, start, n, Path);
                for (int i = 0; i < n; i++)
                    if (!seenLong.Add(ids[i])) throw DuplicateId(idName, ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture), start + i);
            }
            else
            {
                var ids = ds.Read<string[]>(fileSelection: new HyperslabSelection(start: (ulong)start, block: (ulong)n));
                for (int i = 0; i < n; i++)
                    if (!seenText!.Add(ids[i])) throw DuplicateId(idName, $"'{ids[i]}'", start + i);
            }
        }
    }

    private MilvusDMException DuplicateId(string dataset, string id, long row) =>
        new(MilvusDMErrorKind.InvalidData, "Hdf5DuplicateIds",
            $"HDF5 file '{Path}' holds id {id} more than once (dataset '{dataset}', again at row {row}); Milvus primary keys would not be unique. Nothing was written.",
            "Remove the repeated ids, or allow them (allow duplicate ids) to import every row anyway.");

    /// <summary>ann-benchmarks distance names → Milvus metrics.</summary>
    public static string? MetricFromAttribute(string? distance) => distance?.ToLowerInvariant() switch
    {
        "euclidean" => "L2",
        "angular" => "COSINE",
        "jaccard" => "JACCARD",
        "hamming" => "HAMMING",
        "dot" or "ip" or "inner_product" => "IP",
        _ => null,
    };

    private MilvusDataType CheckColumn(NativeFile file, string name, long rows, string role, bool integer)
    {
        var ds = Hdf5Files.Dataset(file, Path, name, role);
        var dims = ds.Space.Dimensions;
        if (dims.Length != 1 || (long)dims[0] != rows)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5LengthMismatch",
                $"HDF5 dataset '{name}' in '{Path}' has shape ({string.Join(", ", dims)}), but the vectors have {rows} rows.",
                "Every id or scalar dataset must be 1-D with one value per vector.");
        var type = (Hdf5Number.Of(ds), ds.Type.Class) switch
        {
            ({ IsFloat: false }, _) => MilvusDataType.Int64,   // every width and sign, either byte order
            ({ IsFloat: true }, _) when !integer => MilvusDataType.Double,
            (null, H5DataTypeClass.String or H5DataTypeClass.VariableLength) when !integer => MilvusDataType.VarChar,
            _ => throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5UnsupportedType",
                $"HDF5 dataset '{name}' in '{Path}' is {ds.Type.Class} of {ds.Type.Size} bytes, which cannot be used as {role}.",
                integer ? "Ids must be integers (int64)." : "Scalar datasets must be integers, floats or strings."),
        };
        return type;
    }

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        if (_plan is null) await DescribeAsync(ct).ConfigureAwait(false);
        var plan = _plan!;
        using var file = Hdf5Files.Open(Path);
        var vectors = (NativeDataset)file.Dataset(plan.VectorDataset);
        var ids = plan.IdDataset is null ? null : (NativeDataset)file.Dataset(plan.IdDataset);
        if (plan.Own is { } own)
        {
            for (long start = resumeAfter?.Offset ?? 0; start < plan.Rows; start += batchRows)
            {
                ct.ThrowIfCancellationRequested();
                yield return new VectorBatch(own.ReadRows(file, Path, start, (int)Math.Min(batchRows, plan.Rows - start)), new SourcePosition { Part = Path, Offset = start });
                await Task.Yield();
            }
            yield break;
        }
        var scalars = plan.Scalars.Select(s => ((NativeDataset)file.Dataset(s.Dataset ?? s.Name), s, s.ValidDataset is null ? null : (NativeDataset)file.Dataset(s.ValidDataset))).ToArray();
        var access = new H5DatasetAccess(ChunkCache: Hdf5Chunks.CacheFor(vectors, batchRows));
        for (long start = resumeAfter?.Offset ?? 0; start < plan.Rows; start += batchRows)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(batchRows, plan.Rows - start);
            var columns = new List<ColumnData>
            {
                plan.TextIds
                    ? new ScalarColumn<string>(plan.IdField, MilvusDataType.VarChar, ids!.Read<string[]>(fileSelection: new HyperslabSelection(start: (ulong)start, block: (ulong)n)))
                    : new ScalarColumn<long>(plan.IdField, MilvusDataType.Int64, ids is null ? Sequence(_o.FirstId + start, n) : Hdf5Columns.ReadLongs(ids, start, n, Path)),
                ReadVectors(plan, vectors, access, start, n),
            };
            foreach (var (ds, scalar, valid) in scalars) columns.Add(Hdf5Columns.ReadScalar(ds, scalar.Name, scalar.Type, start, n, Path, valid));
            yield return new VectorBatch(columns, new SourcePosition { Part = Path, Offset = start });
            await Task.Yield();
        }
    }

    /// <summary>
    /// Float vectors stored contiguously (no filter to undo, so a read is cheap) are all checked for NaN and infinity
    /// before the first row is sent; compressed ones are checked batch by batch as they are read.
    /// </summary>
    public async Task PrecheckAsync(int batchRows, CancellationToken ct)
    {
        if (_plan is null) await DescribeAsync(ct).ConfigureAwait(false);
        var plan = _plan!;
        if (plan.Own is not null || plan.Kind is not (VectorKind.Float32 or VectorKind.Float64 or VectorKind.Float16)) return;
        using var file = Hdf5Files.Open(Path);
        var vectors = (NativeDataset)file.Dataset(plan.VectorDataset);
        if (vectors.Layout.Class != H5DataLayoutClass.Contiguous) return;
        var access = new H5DatasetAccess(ChunkCache: Hdf5Chunks.CacheFor(vectors, batchRows));
        for (long start = 0; start < plan.Rows; start += batchRows)
        {
            ct.ThrowIfCancellationRequested();
            ReadVectors(plan, vectors, access, start, (int)Math.Min(batchRows, plan.Rows - start));
        }
    }

    private static long[] Sequence(long first, int n)
    {
        var ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = first + i;
        return ids;
    }

    private ColumnData ReadVectors(Plan plan, NativeDataset ds, H5DatasetAccess access, long start, int n)
    {
        int cols = plan.Columns;
        if (plan.Kind == VectorKind.FixedBytes)
        {
            // Fixed-length (NULLPAD) strings read as raw bytes: trailing zero bytes are part of the vector.
            var bytes = ds.Read<byte[]>(fileSelection: new HyperslabSelection(start: (ulong)start, block: (ulong)n));
            if (bytes.Length != n * cols) throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5FileCorrupt", $"HDF5 dataset '{plan.VectorDataset}' returned {bytes.Length} bytes for {n} rows of {cols}.", "Check the file.");
            return new ByteVectorColumn(plan.VectorField, MilvusDataType.BinaryVector, cols * 8, bytes);
        }
        var selection = Rows2D(start, n, cols);
        if (plan.Kind == VectorKind.Float32)
        {
            var data = new float[n * cols];   // read straight into the floats: the common case stays copy-free
            plan.Number.Read(ds, MemoryMarshal.AsBytes(data.AsSpan()), selection, access);
            CheckFinite(data, start, cols);
            return new FloatVectorColumn(plan.VectorField, cols, data);
        }
        var raw = plan.Number.Read(ds, selection, (long)n * cols, access);
        switch (plan.Kind)
        {
            case VectorKind.Float64:
            {
                var wide = MemoryMarshal.Cast<byte, double>(raw);
                var data = new float[wide.Length];
                for (int i = 0; i < wide.Length; i++) data[i] = (float)wide[i];
                CheckFinite(data, start, cols);
                return new FloatVectorColumn(plan.VectorField, cols, data);
            }
            case VectorKind.SmallInt:
                return new FloatVectorColumn(plan.VectorField, cols, Array.ConvertAll(plan.Number.ToLongs(raw, plan.VectorDataset, Path, start), v => (float)v));
            case VectorKind.Float16:
                // Milvus takes float16 vectors as their little-endian bytes: no conversion, only the NaN check.
                CheckFinite(Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(raw).ToArray(), v => (float)v), start, cols);
                return new ByteVectorColumn(plan.VectorField, MilvusDataType.Float16Vector, cols, raw);
            case VectorKind.Int8:
                return new ByteVectorColumn(plan.VectorField, MilvusDataType.Int8Vector, cols, raw);
            default:
                return new ByteVectorColumn(plan.VectorField, MilvusDataType.BinaryVector, cols * 8, raw);
        }
    }

    private static HyperslabSelection Rows2D(long start, int n, int cols) => new(rank: 2, starts: [(ulong)start, 0], blocks: [(ulong)n, (ulong)cols]);

    private void CheckFinite(float[] data, long start, int cols)
    {
        for (int i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i]))
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5VectorNotFinite",
                    $"HDF5 file '{Path}': row {start + i / cols} holds {data[i]} at component {i % cols} (or a float64 value beyond float32's range); Milvus rejects NaN and infinite values.",
                    "Clean the vectors and write the file again.");
    }
}
