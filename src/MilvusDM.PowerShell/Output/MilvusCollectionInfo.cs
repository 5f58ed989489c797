using System.Collections;

namespace MilvusDM.PowerShell;

/// <summary>A collection with its schema, size, partitions and indexes (Get-MilvusCollection).</summary>
public sealed class MilvusCollectionInfo
{
    public string Name { get; init; } = "";
    public string Database { get; init; } = "";
    public string Description { get; init; } = "";
    public long CollectionId { get; init; }
    public string PrimaryKey { get; init; } = "";
    public bool AutoId { get; init; }
    public string? VectorField { get; init; }
    public int? Dimension { get; init; }
    public string? MetricType { get; init; }

    /// <summary>Rows as the server's statistics report them (flushed data; deletes not subtracted).</summary>
    public long RowCount { get; init; }

    public string LoadState { get; init; } = "";
    public string ConsistencyLevel { get; init; } = "";
    public bool EnableDynamicField { get; init; }
    public PrintableList<string> Partitions { get; init; } = Array.Empty<string>();
    public PrintableList<string> Indexes { get; init; } = Array.Empty<string>();
    public PrintableList<string> Aliases { get; init; } = Array.Empty<string>();
    public PrintableList<MilvusFieldInfo> Fields { get; init; } = Array.Empty<MilvusFieldInfo>();
    public Hashtable Properties { get; init; } = [];
    public string Uri { get; init; } = "";

    /// <summary>The server this collection is on: piped on, it binds -Connection, so the next cmdlet reads from here.</summary>
    public MilvusConnection? Connection { get; init; }

    public override string ToString() => Name;
}
