namespace MilvusDM.PowerShell;

/// <summary>An alias and the collection it points to (Get-MilvusAlias, Set-MilvusAlias).</summary>
public sealed class MilvusAliasInfo
{
    public string Alias { get; init; } = "";
    public string CollectionName { get; init; } = "";
    public string Database { get; init; } = "";

    /// <summary>The server the alias is on: piped on, it binds -Connection.</summary>
    public MilvusConnection? Connection { get; init; }

    public override string ToString() => Alias;
}
