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

    public static ulong Hash(ColumnData[] ordered, int row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var c in ordered)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(c.Name));
            var value = c.GetValue(row);
            hash.AppendData(value is null ? [0] : [1]);
            hash.AppendData(c is StructArrayColumn s ? Encoding.UTF8.GetBytes(s.RowJson(row)) : Canonical(c, value));
        }
        return BitConverter.ToUInt64(hash.GetHashAndReset(), 0);
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
