using System.Collections;

namespace MilvusDM.PowerShell;

/// <summary>A database on a Milvus server (Get-MilvusDatabase, New-MilvusDatabase).</summary>
public sealed class MilvusDatabaseInfo
{
    public string Name { get; init; } = "";

    /// <summary>The same as <see cref="Name"/>: piped on, it binds -Database, so the next cmdlet works in this database.</summary>
    public string Database => Name;

    public Hashtable Properties { get; init; } = [];

    /// <summary>The server the database is on: piped on, it binds -Connection.</summary>
    public MilvusConnection? Connection { get; init; }

    public override string ToString() => Name;
}
