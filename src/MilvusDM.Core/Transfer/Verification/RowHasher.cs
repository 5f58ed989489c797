using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// A 64-bit hash of one row's canonical encoding (column names, nulls, values: vectors byte for byte, JSON by
/// meaning), the same whichever side the row was read from, so rows can be compared and summed into digests.
/// </summary>
internal static class RowHasher
{
    /// <summary>Columns in the order every hash uses (by name).</summary>
    public static ColumnData[] Ordered(IEnumerable<ColumnData> columns) => columns.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    // One hash object and one name encoding per thread: a dump hashes every row it writes, so allocation per row shows.
    [ThreadStatic] private static IncrementalHash? t_hash;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Names = new(StringComparer.Ordinal);
    private static readonly byte[] Null = [0], NotNull = [1];

    public static ulong Hash(ColumnData[] ordered, int row)
    {
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try { return HashInto(hash, ordered, row); }
        catch
        {
            t_hash = null;   // it holds part of this row: the next row must not start from it
            throw;
        }
    }

    private static ulong HashInto(IncrementalHash hash, ColumnData[] ordered, int row)
    {
        Span<byte> digits = stackalloc byte[24];
        foreach (var c in ordered)
        {
            hash.AppendData(Names.GetOrAdd(c.Name, n => Encoding.UTF8.GetBytes(n)));
            // The common columns without boxing or copying; the bytes are what Canonical gives for their values.
            switch (c)
            {
                case FloatVectorColumn v when !v.IsNull(row):
                    hash.AppendData(NotNull);
                    hash.AppendData(MemoryMarshal.AsBytes(v.GetVector(row)));
                    continue;
                case ByteVectorColumn b when !b.IsNull(row):
                    hash.AppendData(NotNull);
                    hash.AppendData(b.GetVector(row));
                    continue;
                case ScalarColumn<long> l when !l.IsNull(row) && l.Values[row].TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture):
                    hash.AppendData(NotNull);
                    hash.AppendData(digits[..written]);
                    continue;
            }
            var value = c.GetValue(row);
            hash.AppendData(value is null ? Null : NotNull);
            hash.AppendData(c is StructArrayColumn s ? Encoding.UTF8.GetBytes(s.RowJson(row)) : Canonical(c, value));
        }
        Span<byte> sum = stackalloc byte[32];
        hash.GetHashAndReset(sum);
        return BitConverter.ToUInt64(sum);
    }

    private static byte[] Canonical(ColumnData c, object? value) => value switch
    {
        null => [],
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
        byte[] b => b,
        string s when c.DataType == MilvusDataType.Json => Encoding.UTF8.GetBytes(NormalizeJson(s)),
        string s => Encoding.UTF8.GetBytes(s),
        Array a => Encoding.UTF8.GetBytes(string.Join("\u0001", a.Cast<object?>().Select(e => Convert.ToString(e, CultureInfo.InvariantCulture)))),
        IReadOnlyDictionary<uint, float> sparse => Encoding.UTF8.GetBytes(string.Join(",", sparse.Select(p => $"{p.Key}:{BitConverter.SingleToInt32Bits(p.Value)}"))),
        float f => BitConverter.GetBytes(f),
        double d => BitConverter.GetBytes(d),
        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>JSON compared by meaning: parsed and re-serialised (servers may re-format it).</summary>
    private static string NormalizeJson(string text)
    {
        try { return JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement); }
        catch (JsonException) { return text; }
    }
}
