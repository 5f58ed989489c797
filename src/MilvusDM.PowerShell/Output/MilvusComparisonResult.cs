namespace MilvusDM.PowerShell;

/// <summary>Two collections compared row by row (Compare-MilvusCollection, Copy-MilvusCollection -Verify).</summary>
public sealed class MilvusComparisonResult
{
    public string Source { get; init; } = "";
    public string Target { get; init; } = "";
    public bool Equal { get; init; }
    /// <summary>Distinct keys in the source (what a query returns).</summary>
    public long SourceRows { get; init; }

    /// <summary>Distinct keys in the target.</summary>
    public long TargetRows { get; init; }

    /// <summary>Entities count(*) counts in the source: a key stored twice counts twice.</summary>
    public long SourceEntities { get; init; }

    /// <summary>Entities count(*) counts in the target.</summary>
    public long TargetEntities { get; init; }

    /// <summary>Entities in the target beyond one per key.</summary>
    public long TargetDuplicates { get; init; }

    /// <summary>Keys in the source but not the target.</summary>
    public long Missing { get; init; }

    /// <summary>Keys in the target but not the source.</summary>
    public long Extra { get; init; }

    /// <summary>Keys on both sides whose values differ.</summary>
    public long Different { get; init; }

    public PrintableList<object> MissingKeys { get; init; } = Array.Empty<object>();
    public PrintableList<object> ExtraKeys { get; init; } = Array.Empty<object>();
    public PrintableList<object> DifferentKeys { get; init; } = Array.Empty<object>();
    public string SourceDigest { get; init; } = "";
    public string TargetDigest { get; init; } = "";

    public override string ToString() => Equal ? $"{Source} = {Target} ({SourceRows} rows)" : $"{Source} ≠ {Target}: {Missing} missing, {Extra} extra, {Different} different, {TargetDuplicates} duplicate(s) in the target";
}
