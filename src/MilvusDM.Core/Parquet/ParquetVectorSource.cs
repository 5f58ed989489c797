using System.Runtime.CompilerServices;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>
/// Parquet files in Milvus's bulk-import layout (ours, or pymilvus BulkWriter's) as a transfer source. The schema is
/// the one given (e.g. from a manifest) or inferred from the first file (<see cref="ParquetLayout.FieldsFrom"/>).
/// Rows stream one row group at a time; a position is the file's path and the row within it.
/// </summary>
public sealed class ParquetVectorSource : IVectorSource
{
    private readonly CollectionSpec? _given;
    private CollectionSpec? _spec;
    private long? _totalRows;

    public ParquetVectorSource(IEnumerable<string> paths, CollectionSpec? schema = null)
    {
        Paths = paths.Select(System.IO.Path.GetFullPath).ToArray();
        if (Paths.Count == 0) throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "ParquetNoFiles", "No Parquet file was given.", "Name at least one file.");
        _given = schema;
    }

    public ParquetVectorSource(string path, CollectionSpec? schema = null) : this([path], schema) { }

    public IReadOnlyList<string> Paths { get; }

    public string Identity => "parquet:" + string.Join("|", Paths.Select(p => $"{p}:{new FileInfo(p).Length}:{File.GetLastWriteTimeUtc(p).Ticks}"));
    public string Description => Paths.Count == 1 ? Paths[0] : $"{Paths[0]} and {Paths.Count - 1} more Parquet file(s)";
    public long? TotalRows => _totalRows;

    public async Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        var rows = new long[Paths.Count];
        for (int i = 0; i < Paths.Count; i++)
        {
            await using var reader = await OpenAsync(Paths[i], ct).ConfigureAwait(false);
            rows[i] = reader.Metadata?.NumRows ?? 0;
            if (_spec is null) _spec = _given ?? await InferAsync(Paths[i], reader, ct).ConfigureAwait(false);
        }
        _fileRows = rows;
        _totalRows = rows.Sum();
        return _spec!;
    }

    private long[] _fileRows = [];

    private static async Task<CollectionSpec> InferAsync(string path, ParquetReader reader, CancellationToken ct)
    {
        // Dimensions are not in the schema: measure the first row of each list column in the first row group.
        var dims = new Dictionary<string, int>(StringComparer.Ordinal);
        if (reader.RowGroupCount > 0)
        {
            using var rg = reader.OpenRowGroupReader(0);
            foreach (var f in reader.Schema.Fields.OfType<ListField>())
                if (f.Item is DataField leaf && (await ParquetLeaf.ReadAsync(rg, leaf, ct).ConfigureAwait(false)).Lists(f.MaxDefinitionLevel).FirstOrDefault(l => l is not null) is { } first)
                    dims[f.Name] = first.Length;
        }
        var fields = ParquetLayout.FieldsFrom(reader.Schema, reader.CustomMetadata, dims);
        return new CollectionSpec
        {
            Name = System.IO.Path.GetFileNameWithoutExtension(path),
            Fields = fields.Where(f => !f.IsDynamic).ToArray(),
            EnableDynamicField = fields.Any(f => f.IsDynamic),
        };
    }

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        var spec = _spec ?? await DescribeAsync(ct).ConfigureAwait(false);
        var fields = ParquetLayout.WrittenFields(spec);
        // Offsets run over all the files, as one sequence of rows: the engine tells rows in flight by offset alone.
        long skip = resumeAfter?.Offset ?? 0, rowsBefore = 0;
        CheckResumePoint(resumeAfter);
        for (int fileIndex = 0; fileIndex < Paths.Count; rowsBefore += _fileRows[fileIndex], fileIndex++)
        {
            if (rowsBefore + _fileRows[fileIndex] <= skip) continue;   // finished before the resume point: not opened
            string path = Paths[fileIndex];
            await using var reader = await OpenAsync(path, ct).ConfigureAwait(false);
            var columns = fields.Select(f => reader.Schema.Fields.FirstOrDefault(c => c.Name == f.Name)).ToArray();
            long fileRow = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                ct.ThrowIfCancellationRequested();
                using var rg = reader.OpenRowGroupReader(g);
                long groupRows = rg.RowCount;
                // Whole row groups before the resume point are skipped without being read.
                if (rowsBefore + fileRow + groupRows <= skip) { fileRow += groupRows; continue; }
                var data = new ColumnData[fields.Count];
                for (int i = 0; i < fields.Count; i++) data[i] = await ParquetColumnReader.ReadAsync(rg, fields[i], columns[i], path, ct).ConfigureAwait(false);
                var group = new VectorBatch(data);
                for (int start = (int)Math.Max(0, skip - rowsBefore - fileRow); start < groupRows; start += batchRows)
                {
                    int n = (int)Math.Min(batchRows, groupRows - start);
                    var slice = start == 0 && n == groupRows ? group : group.Slice(start, n);
                    yield return new VectorBatch(slice.Columns, new SourcePosition { Part = path, Offset = rowsBefore + fileRow + start });
                }
                fileRow += groupRows;
            }
        }
    }

    /// <summary>A checkpoint's offset must fall in the file it names (a checkpoint of other files, or of a build that counted per file, does not).</summary>
    private void CheckResumePoint(SourcePosition? at)
    {
        if (at is null || at.Part.Length == 0) return;
        int index = Array.IndexOf(Paths.ToArray(), at.Part);
        long start = _fileRows.Take(Math.Max(0, index)).Sum();
        if (index < 0 || at.Offset < start || at.Offset > start + _fileRows[index])
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "ParquetResumePartUnknown",
                $"The checkpoint names row {at.Offset:N0} of '{at.Part}', which is not a row of that file among these Parquet files.", "Resume with the same files, or start again without -Resume.");
    }

    private static async Task<ParquetReader> OpenAsync(string path, CancellationToken ct)
    {
        try
        {
            return await ParquetReader.CreateAsync(path, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException && e is not FileNotFoundException)
        {
            throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "ParquetFileUnreadable", $"'{path}' cannot be read as Parquet: {e.Message}", "Check the file.");
        }
    }
}
