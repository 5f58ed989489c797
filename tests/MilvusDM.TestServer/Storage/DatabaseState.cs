namespace MilvusDM.TestServer.Storage;

internal sealed class DatabaseState(string name, long id, ulong createdTs)
{
    public string Name { get; } = name;
    public long Id { get; } = id;
    public ulong CreatedTs { get; } = createdTs;
    public Dictionary<string, CollectionState> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Properties given at create (DescribeDatabase returns them).</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>alias → collection name.</summary>
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
}
