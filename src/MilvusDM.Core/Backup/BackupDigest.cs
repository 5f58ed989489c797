using System.Globalization;
using MilvusDM.Core.Model;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>
/// Order-independent row digests, as <see cref="Parquet.ParquetFileSink"/> records them per file: the sum of the rows'
/// <see cref="RowHasher"/> hashes over the columns a backup writes, so a restored collection can be hashed the same way.
/// </summary>
internal static class BackupDigest
{
    public static ulong Sum(IEnumerable<string?> hexDigests) =>
        hexDigests.Aggregate(0UL, (sum, h) => sum + (h is null ? 0 : ulong.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    /// <summary>
    /// The digest and row count of what a source yields, hashed over <paramref name="columns"/> only, and the entities it
    /// counts (a collection's count(*): a key stored twice counts twice, though a query yields it once).
    /// </summary>
    public static async Task<(long Rows, long Entities, ulong Digest)> OfAsync(IVectorSource source, IReadOnlySet<string> columns, CancellationToken ct)
    {
        await source.DescribeAsync(ct).ConfigureAwait(false);
        long rows = 0;
        ulong digest = 0;
        await foreach (var batch in source.ReadAsync(null, 2000, ct).ConfigureAwait(false))
        {
            var ordered = RowHasher.Ordered(batch.Columns.Where(c => columns.Contains(c.Name)));
            for (int r = 0; r < batch.RowCount; r++) digest += RowHasher.Hash(ordered, r);
            rows += batch.RowCount;
        }
        return (rows, source.TotalRows ?? rows, digest);
    }
}
