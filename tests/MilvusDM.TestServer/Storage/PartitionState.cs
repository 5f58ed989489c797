namespace MilvusDM.TestServer.Storage;

internal sealed class PartitionState(string name, long id, ulong createdTs)
{
    public string Name { get; } = name;
    public long Id { get; } = id;
    public ulong CreatedTs { get; } = createdTs;
    public bool Loaded { get; set; }

    /// <summary>Rows inserted into this partition before the last flush (what statistics report).</summary>
    public long FlushedRows { get; set; }

    public long InsertedRows { get; set; }
}
