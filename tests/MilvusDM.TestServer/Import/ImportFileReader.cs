using Apache.Arrow;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Storage;
using ArrowReader = ParquetSharp.Arrow.FileReader;

namespace MilvusDM.TestServer.Import;

/// <summary>
/// Reads one import file as Milvus 2.6's data nodes do. The Parquet file is read by Apache Arrow's C++ reader
/// (ParquetSharp), so the server sees the same Arrow schema as Milvus's Go Arrow reader and shares no code with the
/// client's writer: open, check the schema (<see cref="ImportSchemaCheck"/>), read every column
/// (<see cref="ImportColumns"/>). The columns come back as an insert would carry them.
/// </summary>
internal static class ImportFileReader
{
    /// <summary>datanode.import.maxImportFileSizeInGB (16).</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024 * 1024;

    /// <param name="root">The storage root; null: the server has no storage and every file is missing.</param>
    public static (List<FieldData> Columns, int Rows) Read(CollectionState c, string? root, string file)
    {
        // Object keys never leave the bucket: a path that climbs out of the root (or an absolute one) names no object.
        string? path = root is null ? null : Path.GetFullPath(Path.Combine(root, file));
        if (path is null || !path.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root!)) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            throw new Service.ServerError(1000, $"key not found[key={file}]");
        long size = new FileInfo(path).Length;
        if (size > MaxFileBytes)
            throw Service.ServerError.Unexpected($"The import file size has reached the maximum limit allowed for importing, fileSize={size}, maxSize={MaxFileBytes}");

        ArrowReader reader;
        try { reader = new ArrowReader(path); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw ImportErrors.ImportFailed($"new parquet reader failed, err={e.Message}"); }
        using (reader)
        {
            var sources = ImportSchemaCheck.Check(c, reader.Schema);
            var chunks = sources.Select(_ => new List<IArrowArray>()).ToList();
            int rows = 0;
            try
            {
                using var batches = reader.GetRecordBatchReader();
                while (batches.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
                {
                    for (int i = 0; i < sources.Count; i++) chunks[i].Add(batch.Column(sources[i].Column));
                    rows += batch.Length;
                }
            }
            catch (Exception e) when (e is ParquetSharp.ParquetException or IOException or InvalidDataException)
            {
                throw ImportErrors.ImportFailed($"read parquet file failed, err={e.Message}");
            }
            var columns = new List<FieldData>();
            for (int i = 0; i < sources.Count; i++)
            {
                var s = sources[i];
                columns.Add(s.Field.DataType == DataType.ArrayOfStruct
                    ? ImportColumns.ReadStruct(c.Struct(s.Field.Name)!, chunks[i])
                    : ImportColumns.Read(s.Field, chunks[i]));
            }
            return (columns, rows);
        }
    }
}
