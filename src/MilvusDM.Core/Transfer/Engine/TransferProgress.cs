namespace MilvusDM.Core.Transfer;

/// <summary>A progress snapshot of one transfer.</summary>
public sealed record TransferProgress(string Source, string Destination, long RowsRead, long RowsWritten, long BytesWritten, long? TotalRows, TimeSpan Elapsed)
{
    /// <summary>True while a -Verify check runs after the transfer: RowsRead are source rows read back, RowsWritten target rows checked.</summary>
    public bool Verifying { get; init; }

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsWritten / Elapsed.TotalSeconds : 0;
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesWritten / Elapsed.TotalSeconds : 0;

    /// <summary>0–100 when the total is known.</summary>
    public int? Percent => TotalRows is > 0 ? (int)Math.Min(100, RowsWritten * 100 / TotalRows.Value) : null;
}
