namespace MilvusDM.PowerShell;

/// <summary>One unit of work done by a transfer cmdlet: what moved where, how much, how fast, and how it ended.</summary>
public sealed class MilvusTransferResult
{
    /// <summary>The cmdlet that did the work (Import-Hdf5, Copy-MilvusCollection, Invoke-MilvusDMTask…).</summary>
    public string Operation { get; init; } = "";

    /// <summary>The task-file step that produced this result (Invoke-MilvusDMTask), else null.</summary>
    public string? Step { get; init; }
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    public string Collection { get; init; } = "";

    /// <summary>The server written to (null for files): piped on, it binds -Connection.</summary>
    public MilvusConnection? Connection { get; init; }

    /// <summary>The database written to (null for files).</summary>
    public string? Database { get; init; }
    public string? Partition { get; init; }

    /// <summary>Succeeded, Skipped, Failed or Cancelled.</summary>
    public string Status { get; init; } = "";

    public long Rows { get; init; }
    public long Bytes { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double RowsPerSecond { get; init; }
    public bool? Verified { get; init; }

    /// <summary>How long -Verify took (not part of Elapsed); null when no verification ran.</summary>
    public TimeSpan? VerificationElapsed { get; init; }
    public PrintableList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>Resume point: rows committed up to this source position.</summary>
    public string? Checkpoint { get; init; }

    public long CheckpointRows { get; init; }
    public string? Error { get; init; }

    public override string ToString() => $"{Operation} {Collection}: {Status}, {Rows} rows";
}
