namespace MilvusDM.Core.Model;

/// <summary>
/// Where a batch came from in its source, so the engine can checkpoint and a later run can resume:
/// a row offset for files, a primary-key cursor for collections, plus an optional part name
/// (partition, segment, HDF5 file).
/// </summary>
public sealed record SourcePosition
{
    /// <summary>Part of the source (file, partition, segment); empty for single-part sources.</summary>
    public string Part { get; init; } = "";

    /// <summary>First row of the batch within its part.</summary>
    public long Offset { get; init; }

    /// <summary>Primary key of the last row of the batch, for key-ordered sources.</summary>
    public object? LastKey { get; init; }

    public override string ToString() =>
        LastKey is null ? $"{Part}@{Offset}" : $"{Part}@{Offset} (key {LastKey})";
}
