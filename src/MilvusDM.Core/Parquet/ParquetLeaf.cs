using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>
/// One leaf column of a row group as read: the defined values, and per entry its definition and repetition levels,
/// turned back into rows of (nested) lists. Handles the shapes <see cref="ParquetLayout"/> maps — a plain value, a list,
/// a list of structs whose members are values or lists — whether the file's lists and elements are optional or required.
/// </summary>
internal sealed class ParquetLeaf
{
    private ParquetLeaf(DataField field, Array values, int[] defs, int[] reps)
    {
        Field = field;
        Values = values;
        Defs = defs;
        Reps = reps;
    }

    public DataField Field { get; }

    /// <summary>Defined values only, in order, typed as the leaf's CLR type (strings as ReadOnlyMemory&lt;char&gt;).</summary>
    public Array Values { get; }

    public int[] Defs { get; }
    public int[] Reps { get; }

    public static async Task<ParquetLeaf> ReadAsync(ParquetRowGroupReader rg, DataField field, CancellationToken ct)
    {
        int entries = checked((int)(rg.GetMetadata(field)?.MetaData?.NumValues ?? rg.RowCount));
        var defs = new int[entries];
        // Parquet.Net wants both level buffers even for a flat required column.
        var reps = new int[entries];
        Array values = field.ClrType switch
        {
            var t when t == typeof(bool) => await Read<bool>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(sbyte) => await Read<sbyte>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(byte) => await Read<byte>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(short) => await Read<short>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(ushort) => await Read<ushort>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(int) => await Read<int>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(uint) => await Read<uint>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(long) => await Read<long>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(ulong) => await Read<ulong>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(float) => await Read<float>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(double) => await Read<double>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t when t == typeof(ReadOnlyMemory<char>) => await Read<ReadOnlyMemory<char>>(rg, field, entries, defs, reps, ct).ConfigureAwait(false),
            var t => throw new NotSupportedException($"Parquet leaf '{field.Path}' of {t} is not read by MilvusDM."),
        };
        return new ParquetLeaf(field, values, defs, reps);
    }

    private static async Task<Array> Read<T>(ParquetRowGroupReader rg, DataField field, int entries, int[] defs, int[] reps, CancellationToken ct) where T : struct
    {
        var values = new T[entries];
        await rg.ReadRawAsync<T>(field, values,
            defs.AsMemory(),
            reps.AsMemory(), ct).ConfigureAwait(false);
        int defined = field.MaxDefinitionLevel == 0 ? entries : defs.Count(d => d == field.MaxDefinitionLevel);
        return defined == entries ? values : values.AsSpan(0, defined).ToArray();
    }

    /// <summary>A plain column: per row, the index of its value in <see cref="Values"/>, or -1 for null.</summary>
    public int[] Scalars()
    {
        var index = new int[Defs.Length];
        for (int i = 0, v = 0; i < Defs.Length; i++) index[i] = Defs[i] == Field.MaxDefinitionLevel ? v++ : -1;
        return index;
    }

    /// <summary>
    /// A list column (<paramref name="listLevel"/> = the definition level of its repeated group): per row, its
    /// elements' value indexes (-1 for a null element), or null for a null list.
    /// </summary>
    public List<int[]?> Lists(int listLevel)
    {
        var rows = new List<int[]?>();
        List<int>? current = null;
        bool started = false;
        for (int i = 0, v = 0; i < Defs.Length; i++)
        {
            if (Reps[i] == 0)
            {
                if (started) rows.Add(current?.ToArray());
                started = true;
                current = Defs[i] < listLevel - 1 ? null : [];
            }
            if (Defs[i] >= listLevel) current!.Add(Defs[i] == Field.MaxDefinitionLevel ? v++ : -1);
        }
        if (started) rows.Add(current?.ToArray());
        return rows;
    }

    /// <summary>
    /// A list of lists (a vector member of a struct array): per row, per outer element, its inner elements' value indexes.
    /// </summary>
    public List<List<int[]>> ListsOfLists(int outerLevel, int innerLevel)
    {
        var rows = new List<List<int[]>>();
        int v = 0;
        List<int>? inner = null;
        for (int i = 0; i < Defs.Length; i++)
        {
            if (Reps[i] == 0) { FlushInner(); rows.Add([]); }
            if (Defs[i] >= outerLevel && Reps[i] <= 1) { FlushInner(); inner = []; }
            if (Defs[i] >= innerLevel) inner!.Add(Defs[i] == Field.MaxDefinitionLevel ? v++ : -1);
        }
        FlushInner();
        return rows;

        void FlushInner()
        {
            if (inner is not null) rows[^1].Add(inner.ToArray());
            inner = null;
        }
    }
}
