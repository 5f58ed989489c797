namespace MilvusDM.TestServer.Storage;

/// <summary>
/// One inserted row version. Values are in schema field order; a null value is a null (nullable) field.
/// Vectors are float[] / byte[]; sparse rows byte[]; arrays typed arrays; JSON raw UTF-8 text.
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
