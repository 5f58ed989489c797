namespace MilvusDM.Core.Transfer;

public enum TransferStatus { Succeeded, Skipped, Failed, Cancelled }

/// <summary>The outcome of one unit of work (one source into one destination).</summary>
public sealed record TransferResult
{
    public required string Source { get; init; }
    public required string Destination { get; init; }
    public required TransferStatus Status { get; init; }

    /// <summary>The partition this unit of work covered, when it covered one.</summary>
    public string? Partition { get; init; }
    public long Rows { get; init; }
    public long Bytes { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The last position up to which every row is committed (resume point).</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Why a Failed transfer failed.</summary>
    public Exception? Error { get; init; }

    /// <summary>Null until a verification ran.</summary>
    public bool? Verified { get; init; }

    /// <summary>How long the verification took (not part of <see cref="Elapsed"/>); null when none ran.</summary>
    public TimeSpan? VerificationElapsed { get; init; }

    /// <summary>What the verification found, in words (null when none ran).</summary>
    public string? Verification { get; init; }
}
