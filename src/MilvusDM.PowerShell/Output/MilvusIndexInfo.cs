using System.Collections;

namespace MilvusDM.PowerShell;

/// <summary>An index on one field of a collection (Get-MilvusIndex, New-MilvusIndex).</summary>
public sealed class MilvusIndexInfo
{
    public string CollectionName { get; init; } = "";
    public string FieldName { get; init; } = "";
    public string IndexName { get; init; } = "";
    public string IndexType { get; init; } = "";
    public string? MetricType { get; init; }

    /// <summary>Build parameters (M, efConstruction, nlist…).</summary>
    public Hashtable Params { get; init; } = [];

    public string State { get; init; } = "";
    public long IndexedRows { get; init; }
    public long TotalRows { get; init; }
    public string Database { get; init; } = "";

    /// <summary>The server the index is on: piped on, it binds -Connection.</summary>
    public MilvusConnection? Connection { get; init; }

    public override string ToString() => IndexName;
}
