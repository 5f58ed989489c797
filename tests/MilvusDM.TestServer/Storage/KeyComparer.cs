namespace MilvusDM.TestServer.Storage;

/// <summary>
/// Orders primary keys as Milvus does: int64 numerically, VarChar by UTF-8 bytes (Go string order),
/// which equals Unicode code-point order — not .NET's UTF-16 ordinal order.
/// </summary>
internal sealed class KeyComparer : IComparer<object>
{
    public static readonly KeyComparer Instance = new();

    public int Compare(object? x, object? y) => (x, y) switch
    {
        (long a, long b) => a.CompareTo(b),
        (string a, string b) => CompareUtf8(a, b),
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => throw new InvalidOperationException($"Cannot compare {x.GetType().Name} with {y.GetType().Name}."),
    };

    public static int CompareUtf8(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char ca = a[i], cb = b[i];
            if (ca != cb) return Fix(ca) - Fix(cb);
        }
        return a.Length - b.Length;
    }

    // Surrogates (supplementary planes) sort after U+E000..U+FFFF in code-point order.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
