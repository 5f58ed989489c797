using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using PureHDF;
using PureHDF.Selections;

namespace MilvusDM.Core.Hdf5;

/// <summary>
/// Writes a collection's rows into one HDF5 file in the MilvusDM layout — <c>ids</c>, <c>embeddings</c>, one dataset
/// per other field (nullable fields with a <c>NAME.valid</c> uint8 dataset), <c>$meta</c> for dynamic data — plus
/// attributes recording the schema, so the file can be imported back without a task file. Datasets are pre-sized
/// (PureHDF cannot grow them), contiguous (or chunked and compressed, see <see cref="Hdf5Compression"/>), written row
/// range by row range into <c>PATH.partial</c>, and renamed only when every row arrived: a killed writer never leaves
/// a file that looks complete.
/// </summary>
public sealed class Hdf5FileWriter : IDisposable
{
    private readonly string _path, _partial;
    private readonly long _rows;
    private readonly Dictionary<string, (H5Dataset Data, H5Dataset<byte[]>? Valid, Hdf5Storage Storage, int Width)> _datasets = [];
    private readonly object _gate = new();
    private H5NativeWriter? _writer;
    private long _written;
    private bool _completed;

    /// <param name="partition">The partition the rows come from: an import of the file puts them back there.</param>
    /// <param name="compression">How numeric datasets are stored; compressed files must be written in row order.</param>
    public Hdf5FileWriter(string path, CollectionSpec spec, long rows, string? metric, string? partition = null, Hdf5Compression compression = Hdf5Compression.None)
    {
        Hdf5Filters.EnsureRegistered();
        _path = Path.GetFullPath(path);
        _partial = _path + ".partial";
        _rows = rows;
        var file = new H5File();
        var vector = spec.VectorFields.FirstOrDefault();
        foreach (var f in spec.Fields.Where(f => !f.IsFunctionOutput))
        {
            string name = Hdf5FieldCodec.DatasetFor(spec, f);
            var (storage, width) = Hdf5FieldCodec.StorageOf(f);
            H5Dataset data = storage switch
            {
                Hdf5Storage.Float32Rows => Numeric<float>(rows, width, compression),
                Hdf5Storage.ByteRows => Numeric<byte>(rows, width, compression),
                Hdf5Storage.Int64 => Numeric<long>(rows, 0, compression),
                Hdf5Storage.Float64 => Numeric<double>(rows, 0, compression),
                Hdf5Storage.Bool => Numeric<byte>(rows, 0, compression),
                _ => new H5Dataset<string[]>(fileDims: [(ulong)rows]),
            };
            file[name] = data;
            H5Dataset<byte[]>? valid = null;
            if (f.IsNullable)
            {
                valid = Numeric<byte>(rows, 0, compression);
                file[Hdf5FieldCodec.ValidDatasetFor(name)] = valid;
            }
            _datasets[f.Name] = (data, valid, storage, width);
        }
        if (spec.EnableDynamicField)
        {
            var meta = new H5Dataset<string[]>(fileDims: [(ulong)rows]);
            file[Hdf5FieldCodec.DynamicDataset] = meta;
            _datasets[Hdf5FieldCodec.DynamicDataset] = (meta, null, Hdf5Storage.Text, 1);
        }
        file.Attributes["milvusdm_format"] = 2;
        file.Attributes["row_count"] = rows;
        file.Attributes["primary_key"] = spec.PrimaryField.Name;
        if (vector is not null)
        {
            file.Attributes["vector_field"] = vector.Name;
            file.Attributes["vector_type"] = vector.DataType.ToString();
            file.Attributes["dimension"] = vector.Dimension ?? 0;
        }
        if (metric is not null) file.Attributes["metric_type"] = metric;
        // Milvus's own DescribeCollection JSON: every field attribute, function, property and the consistency level.
        file.Attributes["schema"] = Milvus.SchemaConverter.ToJson(spec);
        if (spec.Indexes.Count > 0) file.Attributes["indexes"] = Hdf5FieldCodec.IndexesToJson(spec.Indexes);
        if (partition is not null) file.Attributes["partition"] = partition;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        if (File.Exists(_partial)) File.Delete(_partial);
        _writer = file.BeginWrite(_partial);
    }

    /// <summary>
    /// A numeric dataset of <paramref name="rows"/> (× <paramref name="width"/> when 2-D): contiguous, or chunked in
    /// about 1 MiB chunks of whole rows through shuffle and the compressor, each chunk written as soon as rows move past it.
    /// </summary>
    private static H5Dataset<T[]> Numeric<T>(long rows, int width, Hdf5Compression compression) where T : unmanaged
    {
        ulong[] dims = width > 0 ? [(ulong)rows, (ulong)width] : [(ulong)rows];
        if (compression == Hdf5Compression.None || rows == 0) return new H5Dataset<T[]>(fileDims: dims);
        int rowBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<T>() * Math.Max(width, 1);
        uint chunkRows = (uint)Math.Clamp((1 << 20) / rowBytes, 1, rows);   // chunks may not exceed the dataset (purehdf.md §2.5)
        uint[] chunks = width > 0 ? [chunkRows, (uint)width] : [chunkRows];
        ushort codec = compression == Hdf5Compression.Gzip ? PureHDF.Filters.DeflateFilter.Id : Hdf5LzfFilter.Id;
        return new H5Dataset<T[]>(fileDims: dims, chunks: chunks, datasetCreation: new PureHDF.VOL.Native.H5DatasetCreation(
            ChunkCache: new Hdf5EvictingChunkCache(maxChunks: 4), Filters: [PureHDF.Filters.ShuffleFilter.Id, codec]));
    }

    /// <summary>
    /// Writes a batch at rows [offset, offset + count). Thread-safe; uncompressed files take batches in any order,
    /// compressed ones in row order.
    /// </summary>
    public void Write(VectorBatch batch, long offset)
    {
        if (offset < 0 || offset + batch.RowCount > _rows)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5RowCountExceeded",
                $"Rows {offset}..{offset + batch.RowCount} do not fit the {_rows} rows declared for '{_path}'.", "The source changed while it was exported; run the export again.");
        lock (_gate)
        {
            var w = _writer ?? throw new ObjectDisposedException(nameof(Hdf5FileWriter));
            foreach (var column in batch.Columns)
            {
                if (!_datasets.TryGetValue(column.Name, out var target)) continue;
                var rows = new HyperslabSelection(start: (ulong)offset, block: (ulong)batch.RowCount);
                switch (target.Storage, column)
                {
                    case (Hdf5Storage.Float32Rows, FloatVectorColumn f):
                        w.Write((H5Dataset<float[]>)target.Data, f.Data, fileSelection: Rows2D(offset, batch.RowCount, target.Width)); break;
                    case (Hdf5Storage.ByteRows, ByteVectorColumn b):
                        w.Write((H5Dataset<byte[]>)target.Data, b.Data, fileSelection: Rows2D(offset, batch.RowCount, target.Width)); break;
                    case (Hdf5Storage.Int64, ScalarColumn<long> l): w.Write((H5Dataset<long[]>)target.Data, l.Values, fileSelection: rows); break;
                    case (Hdf5Storage.Int64, ScalarColumn<int> i): w.Write((H5Dataset<long[]>)target.Data, i.Values.Select(v => (long)v).ToArray(), fileSelection: rows); break;
                    case (Hdf5Storage.Float64, ScalarColumn<double> d): w.Write((H5Dataset<double[]>)target.Data, d.Values, fileSelection: rows); break;
                    case (Hdf5Storage.Float64, ScalarColumn<float> f32): w.Write((H5Dataset<double[]>)target.Data, f32.Values.Select(v => (double)v).ToArray(), fileSelection: rows); break;
                    case (Hdf5Storage.Bool, ScalarColumn<bool> bo): w.Write((H5Dataset<byte[]>)target.Data, bo.Values.Select(v => v ? (byte)1 : (byte)0).ToArray(), fileSelection: rows); break;
                    case (Hdf5Storage.Text, ScalarColumn<string> s): w.Write((H5Dataset<string[]>)target.Data, s.Values.Select(v => v ?? "").ToArray(), fileSelection: rows); break;
                    case (Hdf5Storage.JsonEncoded, SparseVectorColumn or ScalarColumn<Array> or StructArrayColumn):
                        w.Write((H5Dataset<string[]>)target.Data, Hdf5FieldCodec.EncodeJson(column), fileSelection: rows); break;
                    default:
                        throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5ColumnMismatch",
                            $"Column '{column.Name}' ({column.DataType}) does not match the file's dataset for it.", "Every batch must have the schema of the first.");
                }
                if (target.Valid is { } valid)
                    w.Write(valid, Enumerable.Range(0, batch.RowCount).Select(i => column.IsNull(i) ? (byte)0 : (byte)1).ToArray(), fileSelection: rows);
            }
            _written += batch.RowCount;
        }
    }

    private static HyperslabSelection Rows2D(long start, int n, int width) => new(rank: 2, starts: [(ulong)start, 0], blocks: [(ulong)n, (ulong)width]);

    /// <summary>Closes the file and gives it its final name; fails (deleting the partial file) when rows are missing.</summary>
    public void Complete(bool overwrite)
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
            if (_written != _rows)
            {
                File.Delete(_partial);
                throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "Hdf5RowCountMismatch",
                    $"{_written} rows arrived for the {_rows} declared in '{_path}'; the file was not written.", "The source changed while it was exported; run the export again.");
            }
            File.Move(_partial, _path, overwrite);
            _completed = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
            if (!_completed && File.Exists(_partial)) File.Delete(_partial);
        }
    }
}
