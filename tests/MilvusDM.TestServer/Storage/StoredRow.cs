namespace MilvusDM.TestServer.Storage;

/// <summary>
/// One inserted row version. Values are in column order (schema fields, then struct-array fields); a null value is a
/// null (nullable) field. Vectors are float[] / byte[]; sparse rows byte[]; arrays typed arrays; JSON raw UTF-8 text;
/// Text and VarChar strings; Geometry canonical WKT; Timestamptz UTC microseconds (long); a struct array a
/// <see cref="StructValue"/>.
/// </summary>
internal sealed class StoredRow(object pk, long partitionId, ulong insertTs, object?[] values, string? meta)
{
    public object Pk { get; } = pk;
    public long PartitionId { get; } = partitionId;
    public ulong InsertTs { get; } = insertTs;

    /// <summary>0 while alive; the hybrid timestamp of the delete otherwise.</summary>
    public ulong DeleteTs { get; set; }

    public object?[] Values { get; } = values;

    /// <summary>The dynamic $meta JSON object text, when the collection has a dynamic field.</summary>
    public string? Meta { get; } = meta;
}

/// <summary>
/// One row of a struct-array field: <see cref="Count"/> structs, held column-wise. <see cref="Fields"/>[k] is the
/// k-th sub-field's elements: a typed array (bool[], int[], long[], float[], double[], string[]) for an Array
/// sub-field, or float[][] (one vector per struct) for an ArrayOfVector sub-field.
/// </summary>
internal sealed record StructValue(int Count, Array[] Fields);
