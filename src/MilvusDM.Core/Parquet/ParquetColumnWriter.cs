using System.Globalization;
using System.Text;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MilvusDM.Core.Parquet;

/// <summary>Writes one batch column into a row group in <see cref="ParquetLayout"/>'s shape for its field.</summary>
internal static class ParquetColumnWriter
{
    public static async Task WriteAsync(ParquetRowGroupWriter rg, FieldSpec field, Field column, ColumnData? data, int rows, CancellationToken ct)
    {
        if (data is null && !field.IsNullable && !field.IsDynamic)
            throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnMissing",
                $"The batch has no column '{field.Name}', which is not nullable.", "Send every non-nullable field of the collection.");
        switch (column)
        {
            case DataField leaf:
                await WriteScalarAsync(rg, field, leaf, data, rows, ct).ConfigureAwait(false);
                break;
            case ListField { Item: DataField item } list when field.DataType.IsDenseVector():
                await WriteVectorsAsync(rg, field, list, item, data, rows, ct).ConfigureAwait(false);
                break;
            case ListField { Item: DataField item } list:
                await WriteArraysAsync(rg, list, item, data as ScalarColumn<Array>, rows, ct).ConfigureAwait(false);
                break;
            case ListField { Item: StructField members } list:
                await WriteStructsAsync(rg, list, members, data as StructArrayColumn ?? throw WrongColumn(field, data), rows, ct).ConfigureAwait(false);
                break;
            default:
                throw ParquetLayout.Unsupported(field.Name, $"its Parquet shape {column.SchemaType} is not one MilvusDM writes");
        }
    }

    private static async Task WriteScalarAsync(ParquetRowGroupWriter rg, FieldSpec field, DataField leaf, ColumnData? data, int rows, CancellationToken ct)
    {
        var buffer = new ParquetLeafBuffer(leaf);
        for (int r = 0; r < rows; r++)
        {
            object? value = data is null || data.IsNull(r) ? null : ScalarValue(field, data, r);
            // Milvus reads $meta as a JSON object on every row: a row without dynamic fields is {}.
            if (value is null && field.IsDynamic) value = "{}";
            if (value is not null) buffer.Value(value, 0);
            else if (leaf.MaxDefinitionLevel > 0) buffer.Missing(0, 0);
            else throw new MilvusDMException(MilvusDMErrorKind.InvalidData, "ParquetNullNotAllowed",
                $"Row {r} of column '{field.Name}' is null, but the field is neither nullable nor defaulted.", "Give the row a value, or make the field nullable.");
        }
        await buffer.WriteAsync(rg, ct).ConfigureAwait(false);
    }

    private static object? ScalarValue(FieldSpec field, ColumnData data, int row) => data switch
    {
        SparseVectorColumn s => SparseJson(s, row),
        ScalarColumn<long> t when field.DataType == MilvusDataType.Timestamptz => TimestamptzText(t.Values[row]),
        ScalarColumn<string> { IsDynamic: true } m => string.IsNullOrEmpty(m.Values[row]) ? "{}" : m.Values[row],
        _ => data.GetValue(row),
    };

    /// <summary>RFC 3339 in UTC with microseconds: what Milvus's ValidateAndReturnUnixMicroTz reads back to the same µs.</summary>
    internal static string TimestamptzText(long micros) =>
        DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>{"index": value, ...} with floats in their shortest exact form.</summary>
    internal static string SparseJson(SparseVectorColumn s, int row)
    {
        var sb = new StringBuilder("{");
        foreach (var (index, value) in s.DecodeRow(row))
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append('"').Append(index.ToString(CultureInfo.InvariantCulture)).Append("\":").Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        return sb.Append('}').ToString();
    }

    /// <summary>Dense vectors as list&lt;element&gt;: dim entries a valid row, one null entry a null row.</summary>
    private static Task WriteVectorsAsync(ParquetRowGroupWriter rg, FieldSpec field, ListField list, DataField item, ColumnData? data, int rows, CancellationToken ct)
    {
        int width = data switch
        {
            FloatVectorColumn f => f.Dimension,
            ByteVectorColumn b => b.BytesPerRow,
            null => 0,
            _ => throw WrongColumn(field, data),
        };
        var (defs, reps) = data is { Validity: null } ? AllValidLevels(rows, width, item.MaxDefinitionLevel) : Levels(list, item, data, rows, width);
        return data switch
        {
            FloatVectorColumn f => ParquetLeafBuffer.WriteLevels(rg, item, ValidRows(f.Data, f, width), defs, reps, ct),
            ByteVectorColumn b when item.ClrType == typeof(sbyte) => ParquetLeafBuffer.WriteLevels(rg, item, AsSigned(ValidRows(b.Data, b, width)), defs, reps, ct),
            ByteVectorColumn b => ParquetLeafBuffer.WriteLevels(rg, item, ValidRows(b.Data, b, width), defs, reps, ct),
            _ when item.ClrType == typeof(float) => ParquetLeafBuffer.WriteLevels(rg, item, Array.Empty<float>(), defs, reps, ct),
            _ when item.ClrType == typeof(sbyte) => ParquetLeafBuffer.WriteLevels(rg, item, Array.Empty<sbyte>(), defs, reps, ct),
            _ => ParquetLeafBuffer.WriteLevels(rg, item, Array.Empty<byte>(), defs, reps, ct),
        };
    }

    /// <summary>Levels of a vector column with null rows: dim entries a valid row, one null entry a null row.</summary>
    private static (int[] Defs, int[] Reps) Levels(ListField list, DataField item, ColumnData? data, int rows, int width)
    {
        int valid = 0;
        for (int r = 0; r < rows; r++) if (data is not null && !data.IsNull(r)) valid++;
        var defs = new int[valid * width + (rows - valid)];
        var reps = new int[defs.Length];
        int nullDef = list.MaxDefinitionLevel - 2, e = 0;
        for (int r = 0; r < rows; r++)
        {
            if (data is null || data.IsNull(r)) { defs[e++] = nullDef; continue; }
            for (int j = 0; j < width; j++, e++) { defs[e] = item.MaxDefinitionLevel; reps[e] = j == 0 ? 0 : 1; }
        }
        return (defs, reps);
    }

    // Row groups rarely fall on batch boundaries: the vectors of a group's batches are copied into a pooled buffer
    // (8 MB a group) instead of a new array each time, which the GC would leave on the large object heap.
    private static readonly System.Buffers.ArrayPool<float> Floats = System.Buffers.ArrayPool<float>.Create(1 << 26, 16);
    private static readonly System.Buffers.ArrayPool<byte> Bytes = System.Buffers.ArrayPool<byte>.Create(1 << 28, 16);

    /// <summary>
    /// The dense vectors of several batches as one column chunk, through a pooled buffer; false (nothing written) when a
    /// part has nulls or is not a float or unsigned-byte vector, which then go through one concatenated column.
    /// </summary>
    public static async Task<bool> TryWriteVectorPartsAsync(ParquetRowGroupWriter rg, FieldSpec field, Field column, IReadOnlyList<ColumnData?> parts, int rows, CancellationToken ct)
    {
        if (column is not ListField { Item: DataField item } || !field.DataType.IsDenseVector() || parts.Any(p => p is null || p.Validity is not null)) return false;
        if (parts.All(p => p is FloatVectorColumn) && item.ClrType == typeof(float))
            return await WritePooledAsync(rg, item, Floats, parts.Cast<FloatVectorColumn>().Select(p => p.Data).ToList(), ((FloatVectorColumn)parts[0]!).Dimension, rows, ct).ConfigureAwait(false);
        if (parts.All(p => p is ByteVectorColumn) && item.ClrType == typeof(byte))
            return await WritePooledAsync(rg, item, Bytes, parts.Cast<ByteVectorColumn>().Select(p => p.Data).ToList(), ((ByteVectorColumn)parts[0]!).BytesPerRow, rows, ct).ConfigureAwait(false);
        return false;
    }

    private static async Task<bool> WritePooledAsync<T>(ParquetRowGroupWriter rg, DataField item, System.Buffers.ArrayPool<T> pool, List<T[]> parts, int width, int rows, CancellationToken ct)
        where T : struct
    {
        int length = rows * width;
        // A column's array holds exactly its rows, as the concatenating path assumes too; anything else is left to it, as before.
        if (parts.Sum(p => (long)p.Length) != length) return false;
        var buffer = pool.Rent(length);
        try
        {
            int at = 0;
            foreach (var p in parts) { p.CopyTo(buffer, at); at += p.Length; }
            var (defs, reps) = AllValidLevels(rows, width, item.MaxDefinitionLevel);
            await ParquetLeafBuffer.WriteLevels(rg, item, new ReadOnlyMemory<T>(buffer, 0, length), defs, reps, ct).ConfigureAwait(false);
        }
        finally { pool.Return(buffer); }
        return true;
    }

    private sealed record LevelCache(int Rows, int Width, int Def, int[] Defs, int[] Reps);

    // Every full row group of a vector column without nulls has the same levels (8 bytes per element, twice the
    // floats): kept from the last group instead of being made again. Read-only once made, so shared safely.
    private static LevelCache? s_levels;

    private static (int[] Defs, int[] Reps) AllValidLevels(int rows, int width, int def)
    {
        if (s_levels is { } c && c.Rows == rows && c.Width == width && c.Def == def) return (c.Defs, c.Reps);
        var defs = new int[rows * width];
        var reps = new int[defs.Length];
        Array.Fill(defs, def);
        for (int e = 0; e < reps.Length; e++) reps[e] = e % width == 0 ? 0 : 1;
        s_levels = new LevelCache(rows, width, def, defs, reps);
        return (defs, reps);
    }

    /// <summary>The flat data without the placeholders of null rows (no copy when there are none).</summary>
    private static T[] ValidRows<T>(T[] flat, ColumnData column, int width)
    {
        if (column.Validity is null) return flat;
        var kept = new List<T>(flat.Length);
        for (int r = 0; r < column.RowCount; r++)
            if (!column.IsNull(r)) kept.AddRange(flat.AsSpan(r * width, width).ToArray());
        return kept.ToArray();
    }

    private static sbyte[] AsSigned(byte[] bytes)
    {
        var signed = new sbyte[bytes.Length];
        Buffer.BlockCopy(bytes, 0, signed, 0, bytes.Length);
        return signed;
    }

    /// <summary>Array fields as list&lt;element&gt;: a null row is a null list, an empty array an empty list.</summary>
    private static Task WriteArraysAsync(ParquetRowGroupWriter rg, ListField list, DataField item, ScalarColumn<Array>? data, int rows, CancellationToken ct)
    {
        var buffer = new ParquetLeafBuffer(item);
        int emptyDef = list.MaxDefinitionLevel - 1;
        for (int r = 0; r < rows; r++)
        {
            var a = data is null || data.IsNull(r) ? null : data.Values[r];
            if (a is null) { buffer.Missing(emptyDef - 1, 0); continue; }
            if (a.Length == 0) { buffer.Missing(emptyDef, 0); continue; }
            for (int i = 0; i < a.Length; i++) buffer.Value(a.GetValue(i)!, i == 0 ? 0 : 1);
        }
        return buffer.WriteAsync(rg, ct);
    }

    /// <summary>
    /// Struct arrays row-wise, as Milvus's reader wants them: list&lt;struct&gt; with one struct per element, whose members
    /// hold the i-th element of each member column (a vector member: the i-th vector as a list).
    /// </summary>
    private static async Task WriteStructsAsync(ParquetRowGroupWriter rg, ListField list, StructField members, StructArrayColumn data, int rows, CancellationToken ct)
    {
        int emptyDef = list.MaxDefinitionLevel - 1;
        foreach (var memberField in members.Fields)
        {
            var member = data.Members.FirstOrDefault(m => m.Name == memberField.Name)
                ?? throw new MilvusDMException(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnMissing",
                    $"Struct array '{data.Name}' has no member '{memberField.Name}'.", "Send every member of the struct.");
            switch (memberField, member)
            {
                case (DataField leaf, ScalarColumn<Array> scalars):
                {
                    var buffer = new ParquetLeafBuffer(leaf);
                    for (int r = 0; r < rows; r++)
                    {
                        int n = data.CountOf(r);
                        var a = scalars.Values[r];
                        if (n == 0) { buffer.Missing(emptyDef, 0); continue; }
                        for (int k = 0; k < n; k++)
                            if (a is not null && k < a.Length) buffer.Value(a.GetValue(k)!, k == 0 ? 0 : 1);
                            else buffer.Missing(leaf.MaxDefinitionLevel - 1, k == 0 ? 0 : 1);
                    }
                    await buffer.WriteAsync(rg, ct).ConfigureAwait(false);
                    break;
                }
                case (ListField { Item: DataField leaf }, VectorArrayColumn vectors):
                {
                    var buffer = new ParquetLeafBuffer(leaf);
                    int width = VectorArrayColumn.ElementWidth(vectors.ElementType, vectors.Dimension);
                    for (int r = 0; r < rows; r++)
                    {
                        int n = data.CountOf(r);
                        if (n == 0) { buffer.Missing(emptyDef, 0); continue; }
                        var flat = vectors.Rows[r];
                        for (int k = 0; k < n; k++)
                            for (int j = 0; j < width; j++)
                            {
                                object v = flat is byte[] b && leaf.ClrType == typeof(sbyte) ? (sbyte)b[k * width + j] : flat.GetValue(k * width + j)!;
                                buffer.Value(v, k == 0 && j == 0 ? 0 : j == 0 ? 1 : 2);
                            }
                    }
                    await buffer.WriteAsync(rg, ct).ConfigureAwait(false);
                    break;
                }
                default:
                    throw ParquetLayout.Unsupported(data.Name, $"its member '{member.Name}' is a {member.GetType().Name}");
            }
        }
    }

    private static MilvusDMException WrongColumn(FieldSpec field, ColumnData? data) =>
        new(MilvusDMErrorKind.SchemaMismatch, "ParquetColumnType",
            $"Column '{field.Name}' is a {data?.GetType().Name ?? "missing column"}, which does not hold {field.DataType}.", "Check the batch against the collection schema.");
}
