using System.Runtime.CompilerServices;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Milvus1;

/// <summary>
/// One partition of a Milvus 1.x collection as a transfer source: its live segments read file by file, deleted
/// rows skipped, ids int64 (kept: trap T14), vectors float32 or binary bytes verbatim (T10). Describing opens every
/// segment's headers, so the exact live row count is known before a row is read (HDF5 export needs it) and a
/// metadata count that disagrees is reported (T9). Ids seen more than once are reported (T13): 8 bytes per row.
/// </summary>
public sealed class Milvus1Source(Milvus1DataPath path, Milvus1Collection collection, Milvus1Partition partition) : IVectorSource, ISourceNotes
{
    public const string IdField = "id", VectorField = "embedding";

    public string Identity => $"milvus1:{path.DbFolder}:{collection.Name}:{partition.TableId}:{string.Join(",", partition.Segments.Select(s => s.SegmentId))}";
    public string Description => $"{path.DbFolder} {collection.Name}/{partition.Tag}";
    public long? TotalRows { get; private set; }

    /// <summary>Row-count mismatches and duplicate ids, in words (filled as the source is described and read).</summary>
    private readonly List<string> _notes = [];
    public IReadOnlyList<string> Notes => _notes;

    public int RowBytes => collection.IsBinary ? collection.Dimension / 8 : collection.Dimension * 4;

    public static CollectionSpec SpecFor(Milvus1Collection c) => new()
    {
        Name = c.Name,
        Indexes = Milvus1Codes.IndexFor(c.EngineType, c.IndexParams, VectorField, c.Metric).Index is { } index ? [index] : [],
        Description = $"Copied from Milvus {c.Version} by MilvusDM",
        Fields =
        [
            new FieldSpec { Name = IdField, DataType = MilvusDataType.Int64, IsPrimaryKey = true },
            new FieldSpec { Name = VectorField, DataType = c.IsBinary ? MilvusDataType.BinaryVector : MilvusDataType.FloatVector, Dimension = c.Dimension },
        ],
    };

    public Task<CollectionSpec> DescribeAsync(CancellationToken ct)
    {
        long live = 0;
        foreach (var s in partition.Segments)
        {
            ct.ThrowIfCancellationRequested();
            using var files = Milvus1SegmentFiles.Open(path.SegmentFolder(s), s.SegmentId, RowBytes);
            live += files.LiveRows;
            if (files.LiveRows != s.MetadataRows)
                _notes.Add($"Segment {s.SegmentId} of {collection.Name}/{partition.Tag} holds {files.LiveRows} live rows, but its metadata says {s.MetadataRows} " +
                    "(Milvus up to 1.1.0 could count a deletion twice); the rows in the files are copied.");
        }
        TotalRows = live;
        return Task.FromResult(SpecFor(collection));
    }

    public async IAsyncEnumerable<VectorBatch> ReadAsync(SourcePosition? resumeAfter, int batchRows, [EnumeratorCancellation] CancellationToken ct)
    {
        if (TotalRows is null) await DescribeAsync(ct).ConfigureAwait(false);
        long skip = resumeAfter?.Offset ?? 0, emitted = 0;
        var seen = new List<long[]>();
        foreach (var s in partition.Segments)
        {
            using var files = Milvus1SegmentFiles.Open(path.SegmentFolder(s), s.SegmentId, RowBytes);
            if (skip >= files.LiveRows) { skip -= files.LiveRows; emitted += files.LiveRows; continue; }
            for (long start = 0; start < files.PhysicalRows; start += batchRows)
            {
                ct.ThrowIfCancellationRequested();
                int n = (int)Math.Min(batchRows, files.PhysicalRows - start);
                var (ids, vectors) = files.Read(start, n);
                var (keptIds, keptVectors) = KeepLive(files, start, ids, vectors, ref skip);
                if (keptIds.Length == 0) continue;
                seen.Add(keptIds);
                yield return new VectorBatch([new ScalarColumn<long>(IdField, MilvusDataType.Int64, keptIds), VectorColumn(keptVectors)],
                    new SourcePosition { Part = partition.TableId, Offset = emitted });
                emitted += keptIds.Length;
                await Task.Yield();
            }
        }
        if (resumeAfter is null) ReportDuplicates(seen);
    }

    /// <summary>The live rows of a physical range, minus the first <paramref name="skip"/> live rows (resume).</summary>
    private (long[], byte[]) KeepLive(Milvus1SegmentFiles files, long start, long[] ids, byte[] vectors, ref long skip)
    {
        int w = RowBytes, kept = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (!files.IsLive(start + i)) continue;
            if (skip > 0) { skip--; continue; }
            if (kept != i)
            {
                ids[kept] = ids[i];
                Buffer.BlockCopy(vectors, i * w, vectors, kept * w, w);
            }
            kept++;
        }
        return kept == ids.Length ? (ids, vectors) : (ids[..kept], vectors[..(kept * w)]);
    }

    private ColumnData VectorColumn(byte[] bytes) => collection.IsBinary
        ? new ByteVectorColumn(VectorField, MilvusDataType.BinaryVector, collection.Dimension, bytes)
        : new FloatVectorColumn(VectorField, collection.Dimension, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray());

    private void ReportDuplicates(List<long[]> seen)
    {
        var all = new long[seen.Sum(a => a.Length)];
        int at = 0;
        foreach (var a in seen) { a.CopyTo(all, at); at += a.Length; }
        Array.Sort(all);
        long duplicates = 0;
        var examples = new List<long>();
        for (int i = 1; i < all.Length; i++)
            if (all[i] == all[i - 1]) { duplicates++; if (examples.Count < 5 && (examples.Count == 0 || examples[^1] != all[i])) examples.Add(all[i]); }
        if (duplicates > 0)
            _notes.Add($"{collection.Name}/{partition.Tag}: {duplicates} row(s) repeat an id (Milvus 1.x allowed it), e.g. {string.Join(", ", examples)}; " +
                "a Milvus 2.x primary key keeps one row per id when queried.");
    }
}
