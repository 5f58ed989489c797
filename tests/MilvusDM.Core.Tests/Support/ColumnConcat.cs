using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Support;

/// <summary>Joins the same column from several pages (test helper).</summary>
public static class ColumnConcat
{
    public static ColumnData Concat(IReadOnlyList<ColumnData> parts)
    {
        var first = parts[0];
        bool[]? validity = parts.Any(p => p.Validity is not null)
            ? parts.SelectMany(p => p.Validity ?? Enumerable.Repeat(true, p.RowCount).ToArray()).ToArray() : null;
        return first switch
        {
            FloatVectorColumn f => new FloatVectorColumn(f.Name, f.Dimension, parts.Cast<FloatVectorColumn>().SelectMany(p => p.Data).ToArray(), validity),
            ByteVectorColumn b => new ByteVectorColumn(b.Name, b.DataType, b.Dimension, parts.Cast<ByteVectorColumn>().SelectMany(p => p.Data).ToArray(), validity),
            SparseVectorColumn => new SparseVectorColumn(first.Name, parts.Cast<SparseVectorColumn>().SelectMany(p => p.Rows).ToArray(), validity),
            ScalarColumn<bool> => Scalar<bool>(parts, validity),
            ScalarColumn<int> => Scalar<int>(parts, validity),
            ScalarColumn<long> => Scalar<long>(parts, validity),
            ScalarColumn<float> => Scalar<float>(parts, validity),
            ScalarColumn<double> => Scalar<double>(parts, validity),
            ScalarColumn<string> => Scalar<string>(parts, validity),
            ScalarColumn<Array> => Scalar<Array>(parts, validity),
            VectorArrayColumn v => new VectorArrayColumn(v.Name, v.ElementType, v.Dimension, parts.Cast<VectorArrayColumn>().SelectMany(p => p.Rows).ToArray()),
            StructArrayColumn s => new StructArrayColumn(s.Name, s.Members.Select(m => Concat(parts.Cast<StructArrayColumn>().Select(p => p.Members.Single(x => x.Name == m.Name)).ToArray())).ToArray()),
            _ => throw new NotSupportedException(first.GetType().Name),
        };
    }

    private static ScalarColumn<T> Scalar<T>(IReadOnlyList<ColumnData> parts, bool[]? validity)
    {
        var first = (ScalarColumn<T>)parts[0];
        return new ScalarColumn<T>(first.Name, first.DataType, parts.Cast<ScalarColumn<T>>().SelectMany(p => p.Values).ToArray(), validity, first.ElementType)
        { IsDynamic = first.IsDynamic };
    }
}
