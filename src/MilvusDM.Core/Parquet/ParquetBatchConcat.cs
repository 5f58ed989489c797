using MilvusDM.Core.Model;

namespace MilvusDM.Core.Parquet;

/// <summary>Joins row slices of several batches into one column per field, so a row group is written in one piece.</summary>
internal static class ParquetBatchConcat
{
    public static ColumnData? Column(IReadOnlyList<VectorBatch> parts, string name)
    {
        var columns = parts.Select(p => p[name]).ToList();
        if (columns.All(c => c is null)) return null;
        if (columns.Count == 1) return columns[0];
        if (columns.Any(c => c is null))
            throw new ArgumentException($"Column '{name}' is in some batches and not in others.");
        return Concat(columns!);
    }

    private static ColumnData Concat(IReadOnlyList<ColumnData> cs)
    {
        var first = cs[0];
        var validity = cs.All(c => c.Validity is null) ? null : cs.SelectMany(c => c.Validity ?? Enumerable.Repeat(true, c.RowCount)).ToArray();
        return first switch
        {
            ScalarColumn<bool> => Scalars<bool>(cs, validity),
            ScalarColumn<int> => Scalars<int>(cs, validity),
            ScalarColumn<long> => Scalars<long>(cs, validity),
            ScalarColumn<float> => Scalars<float>(cs, validity),
            ScalarColumn<double> => Scalars<double>(cs, validity),
            ScalarColumn<string> => Scalars<string>(cs, validity),
            ScalarColumn<Array> => Scalars<Array>(cs, validity),
            FloatVectorColumn f => new FloatVectorColumn(f.Name, f.Dimension, cs.Cast<FloatVectorColumn>().SelectMany(c => c.Data).ToArray(), validity),
            ByteVectorColumn b => new ByteVectorColumn(b.Name, b.DataType, b.Dimension, cs.Cast<ByteVectorColumn>().SelectMany(c => c.Data).ToArray(), validity),
            SparseVectorColumn s => new SparseVectorColumn(s.Name, cs.Cast<SparseVectorColumn>().SelectMany(c => c.Rows).ToArray(), validity),
            VectorArrayColumn v => new VectorArrayColumn(v.Name, v.ElementType, v.Dimension, cs.Cast<VectorArrayColumn>().SelectMany(c => c.Rows).ToArray()),
            StructArrayColumn s => new StructArrayColumn(s.Name, s.Members.Select((m, i) => Concat(cs.Cast<StructArrayColumn>().Select(c => c.Members[i]).ToArray())).ToArray()),
            _ => throw new NotSupportedException($"Column '{first.Name}' of {first.GetType().Name} cannot be joined."),
        };
    }

    private static ScalarColumn<T> Scalars<T>(IReadOnlyList<ColumnData> cs, bool[]? validity)
    {
        var first = (ScalarColumn<T>)cs[0];
        return new ScalarColumn<T>(first.Name, first.DataType, cs.Cast<ScalarColumn<T>>().SelectMany(c => c.Values).ToArray(), validity, first.ElementType) { IsDynamic = first.IsDynamic };
    }
}
