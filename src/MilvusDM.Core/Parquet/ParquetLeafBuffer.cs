using System.Runtime.InteropServices;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>
/// One Parquet leaf column being assembled in the Dremel encoding Parquet stores: the defined values only, plus a
/// definition level per entry (how deep the entry is defined) and a repetition level per entry (at which list depth it
/// repeats; 0 starts a new row). Values are converted to the leaf's physical type as they are appended.
/// </summary>
internal sealed class ParquetLeafBuffer(DataField leaf)
{
    private readonly List<int> _defs = [];
    private readonly List<int> _reps = [];
    private readonly System.Collections.IList _values = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(leaf.ClrType))!;

    public DataField Leaf { get; } = leaf;

    /// <summary>An entry with no value (null or empty at some depth).</summary>
    public void Missing(int def, int rep) { _defs.Add(def); _reps.Add(rep); }

    /// <summary>An entry holding one value.</summary>
    public void Value(object value, int rep)
    {
        _defs.Add(Leaf.MaxDefinitionLevel);
        _reps.Add(rep);
        _values.Add(Convert(value));
    }

    private object Convert(object v)
    {
        var t = Leaf.ClrType;
        if (t == typeof(ReadOnlyMemory<char>)) return ((string)v).AsMemory();
        if (v.GetType() == t) return v;
        return System.Convert.ChangeType(v, t, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task WriteAsync(ParquetRowGroupWriter rg, CancellationToken ct) => Leaf.ClrType switch
    {
        var t when t == typeof(bool) => Put<bool>(rg, ct),
        var t when t == typeof(sbyte) => Put<sbyte>(rg, ct),
        var t when t == typeof(byte) => Put<byte>(rg, ct),
        var t when t == typeof(short) => Put<short>(rg, ct),
        var t when t == typeof(int) => Put<int>(rg, ct),
        var t when t == typeof(long) => Put<long>(rg, ct),
        var t when t == typeof(float) => Put<float>(rg, ct),
        var t when t == typeof(double) => Put<double>(rg, ct),
        var t when t == typeof(ReadOnlyMemory<char>) => Put<ReadOnlyMemory<char>>(rg, ct),
        var t => throw new NotSupportedException($"Parquet leaf '{Leaf.Path}' of {t} is not written by MilvusDM."),
    };

    private Task Put<T>(ParquetRowGroupWriter rg, CancellationToken ct) where T : struct
    {
        var values = CollectionsMarshal.AsSpan((List<T>)_values).ToArray();
        return WriteLevels(rg, Leaf, values, _defs.ToArray(), _reps.ToArray(), ct);
    }

    /// <summary>
    /// Writes a leaf from ready arrays. Definition levels go in even for a required column (all 0): Parquet.Net counts
    /// a row group's rows from the levels.
    /// </summary>
    public static Task WriteLevels<T>(ParquetRowGroupWriter rg, DataField leaf, T[] values, int[] defs, int[] reps, CancellationToken ct) where T : struct =>
        WriteLevels(rg, leaf, new ReadOnlyMemory<T>(values), defs, reps, ct);

    public static Task WriteLevels<T>(ParquetRowGroupWriter rg, DataField leaf, ReadOnlyMemory<T> values, int[] defs, int[] reps, CancellationToken ct) where T : struct =>
        rg.WriteAllPartsAsync<T>(leaf, values, defs, leaf.MaxRepetitionLevel > 0 ? reps : null, ct);
}
