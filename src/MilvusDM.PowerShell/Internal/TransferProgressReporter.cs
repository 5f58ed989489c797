using MilvusDM.Core.Transfer;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// The one progress callback of every transfer cmdlet: rows, total, rows/s (and time remaining when the total is
/// known) under a stable activity id, and the rows committed so far, which a Ctrl+C reports.
/// </summary>
internal static class TransferProgressReporter
{
    public static IProgress<TransferProgress> For(Commands.MilvusDMCmdlet cmdlet, int id, string activity, int parentId = -1) =>
        new CallbackProgress<TransferProgress>(p =>
        {
            cmdlet.NoteCommitted(activity, p.RowsWritten);
            string of = p.TotalRows is { } total ? $" of {total:N0}" : "";
            cmdlet.Progress.Update(id, activity, $"{p.RowsWritten:N0}{of} rows, {p.RowsPerSecond:N0} rows/s", p.Percent, parentId);
        });
}
