using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// The outcome of comparing two collections row by row. Rows are distinct keys (what a query returns); entities are
/// what count(*) counts, a key stored twice counted twice (Milvus does not de-duplicate keys on insert).
/// </summary>
public sealed record ComparisonResult(long SourceRows, long TargetRows, long Missing, long Extra, long Different,
    IReadOnlyList<object> MissingKeys, IReadOnlyList<object> ExtraKeys, IReadOnlyList<object> DifferentKeys, string SourceDigest, string TargetDigest,
    long SourceEntities, long TargetEntities)
{
    /// <summary>Entities beyond one per key: repeated primary keys.</summary>
    public long SourceDuplicates => Math.Max(0, SourceEntities - SourceRows);
    public long TargetDuplicates => Math.Max(0, TargetEntities - TargetRows);

    /// <summary>Same keys, same values, and the target holds each key once.</summary>
    public bool Equal => Missing == 0 && Extra == 0 && Different == 0 && SourceRows == TargetRows && TargetDuplicates == 0;

    public string Describe() =>
        $"{SourceRows} vs {TargetRows} rows, {Missing} missing (e.g. {KeySample.Of(MissingKeys)}), {Extra} extra (e.g. {KeySample.Of(ExtraKeys)}), " +
        $"{Different} different (e.g. {KeySample.Of(DifferentKeys)}), {TargetDuplicates} duplicate(s) in the target" +
        (SourceDuplicates > 0 ? $", {SourceDuplicates} in the source (a query sees each key once, its newest version)." : ".");
}

/// <summary>
/// Proves a copy: both collections are paged in primary-key order (each under its own snapshot) and merged, so
/// every key is compared once (in one partition of each, when one is named) with memory bounded by two pages — keys only on one side, rows whose values differ
/// (vectors byte for byte, scalars, nulls, JSON by meaning), and an order-independent digest of each side.
/// </summary>
public static class CollectionComparison
{
    public static async Task<ComparisonResult> CompareAsync(MilvusClient source, string sourceName, MilvusClient target, string targetName,
        int reportLimit = 20, CancellationToken ct = default, string? partition = null)
    {
        var only = new MilvusSourceOptions { Partition = partition };
        var sourceSide = new MilvusCollectionSource(source, sourceName, only);
        var targetSide = new MilvusCollectionSource(target, targetName, only);
        var a = Rows(sourceSide, ct).GetAsyncEnumerator(ct);
        var b = Rows(targetSide, ct).GetAsyncEnumerator(ct);
        var keyComparer = Comparer<object>.Create(CompareKeys);
        var missing = new List<object>(); var extra = new List<object>(); var different = new List<object>();
        long nMissing = 0, nExtra = 0, nDifferent = 0, rowsA = 0, rowsB = 0;
        ulong digestA = 0, digestB = 0;
        bool hasA = await a.MoveNextAsync().ConfigureAwait(false), hasB = await b.MoveNextAsync().ConfigureAwait(false);
        while (hasA || hasB)
        {
            int c = !hasA ? 1 : !hasB ? -1 : keyComparer.Compare(a.Current.Key, b.Current.Key);
            if (c < 0)
            {
                rowsA++; digestA += a.Current.Hash; nMissing++;
                if (missing.Count < reportLimit) missing.Add(a.Current.Key);
                hasA = await a.MoveNextAsync().ConfigureAwait(false);
            }
            else if (c > 0)
            {
                rowsB++; digestB += b.Current.Hash; nExtra++;
                if (extra.Count < reportLimit) extra.Add(b.Current.Key);
                hasB = await b.MoveNextAsync().ConfigureAwait(false);
            }
            else
            {
                rowsA++; rowsB++; digestA += a.Current.Hash; digestB += b.Current.Hash;
                if (a.Current.Hash != b.Current.Hash) { nDifferent++; if (different.Count < reportLimit) different.Add(a.Current.Key); }
                hasA = await a.MoveNextAsync().ConfigureAwait(false);
                hasB = await b.MoveNextAsync().ConfigureAwait(false);
            }
        }
        await a.DisposeAsync().ConfigureAwait(false);
        await b.DisposeAsync().ConfigureAwait(false);
        // count(*) at each side's snapshot (what the source counted before paging): every stored entity.
        return new ComparisonResult(rowsA, rowsB, nMissing, nExtra, nDifferent, missing, extra, different, digestA.ToString("x16"), digestB.ToString("x16"),
            sourceSide.TotalRows ?? rowsA, targetSide.TotalRows ?? rowsB);
    }

    private static int CompareKeys(object? x, object? y) => (x, y) switch
    {
        (long a, long b) => a.CompareTo(b),
        (string a, string b) => CompareUtf8(a, b),
        _ => throw new InvalidOperationException("The collections' primary keys have different types."),
    };

    /// <summary>Milvus orders VarChar keys by UTF-8 bytes, i.e. by code point: UTF-16 order with surrogates moved above U+FFFF, no allocation.</summary>
    private static int CompareUtf8(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return CodePointOrder(a[i]) - CodePointOrder(b[i]);
        return a.Length - b.Length;
    }

    private static int CodePointOrder(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;

    private static async IAsyncEnumerable<(object Key, ulong Hash)> Rows(MilvusCollectionSource source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var spec = await source.DescribeAsync(ct).ConfigureAwait(false);
        string pk = spec.PrimaryField.Name;
        await foreach (var page in source.ReadAsync(null, 2000, ct).ConfigureAwait(false))
        {
            var keys = page[pk]!;
            var columns = RowHasher.Ordered(page.Columns);
            for (int i = 0; i < page.RowCount; i++) yield return (keys.GetValue(i)!, RowHasher.Hash(columns, i));
        }
    }
}
