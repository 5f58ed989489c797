using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>The outcome of comparing two collections row by row.</summary>
public sealed record ComparisonResult(long SourceRows, long TargetRows, long Missing, long Extra, long Different,
    IReadOnlyList<object> MissingKeys, IReadOnlyList<object> ExtraKeys, IReadOnlyList<object> DifferentKeys, string SourceDigest, string TargetDigest)
{
    public bool Equal => Missing == 0 && Extra == 0 && Different == 0 && SourceRows == TargetRows;
}

/// <summary>
/// Proves a copy: both collections are paged in primary-key order (each under its own snapshot) and merged, so
/// every key is compared once with memory bounded by two pages — keys only on one side, rows whose values differ
/// (vectors byte for byte, scalars, nulls, JSON by meaning), and an order-independent digest of each side.
/// </summary>
public static class CollectionComparison
{
    public static async Task<ComparisonResult> CompareAsync(MilvusClient source, string sourceName, MilvusClient target, string targetName,
        int reportLimit = 20, CancellationToken ct = default)
    {
        var a = Rows(new MilvusCollectionSource(source, sourceName), ct).GetAsyncEnumerator(ct);
        var b = Rows(new MilvusCollectionSource(target, targetName), ct).GetAsyncEnumerator(ct);
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
        return new ComparisonResult(rowsA, rowsB, nMissing, nExtra, nDifferent, missing, extra, different, digestA.ToString("x16"), digestB.ToString("x16"));
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
            var columns = page.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
            for (int i = 0; i < page.RowCount; i++) yield return (keys.GetValue(i)!, RowHash(columns, i));
        }
    }

    /// <summary>A 64-bit hash of one row's canonical encoding (column names, nulls, values).</summary>
    private static ulong RowHash(ColumnData[] columns, int row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var c in columns)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(c.Name));
            var value = c.GetValue(row);
            hash.AppendData(value is null ? [0] : [1]);
            hash.AppendData(Canonical(c, value));
        }
        return BitConverter.ToUInt64(hash.GetHashAndReset(), 0);
    }

    private static byte[] Canonical(ColumnData c, object? value) => value switch
    {
        null => [],
        float[] f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        byte[] b => b,
        string s when c.DataType == MilvusDataType.Json => Encoding.UTF8.GetBytes(NormalizeJson(s)),
        string s => Encoding.UTF8.GetBytes(s),
        Array a => Encoding.UTF8.GetBytes(string.Join("\u0001", a.Cast<object?>().Select(e => Convert.ToString(e, System.Globalization.CultureInfo.InvariantCulture)))),
        IReadOnlyDictionary<uint, float> sparse => Encoding.UTF8.GetBytes(string.Join(",", sparse.Select(p => $"{p.Key}:{BitConverter.SingleToInt32Bits(p.Value)}"))),
        float f => BitConverter.GetBytes(f),
        double d => BitConverter.GetBytes(d),
        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>JSON compared by meaning: parsed and re-serialised (servers may re-format it).</summary>
    private static string NormalizeJson(string text)
    {
        try { return JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement); }
        catch (JsonException) { return text; }
    }
}
