using MilvusDM.Core.Transfer;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// The one progress callback of every transfer cmdlet: rows, total, rows/s (and time remaining when the total is
/// known) under a stable activity id, and the rows committed so far, which a Ctrl+C reports. A -Verify check after
/// the transfer is its own activity (id + 100) with its own rate and time remaining.
/// </summary>
internal static class TransferProgressReporter
{
    /// <summary>The activity id of a transfer's verification.</summary>
    public static int VerifyId(int id) => id + 100;

    /// <summary>A transfer's progress callback; <paramref name="operation"/> (the file read) shows under the bar, so the activity stays short.</summary>
    public static IProgress<TransferProgress> For(Commands.MilvusDMCmdlet cmdlet, int id, string activity, int parentId = -1, string? operation = null)
    {
        bool verifying = false;
        return new CallbackProgress<TransferProgress>(p =>
        {
            if (p.Verifying)
            {
                if (!verifying) cmdlet.Progress.Complete(id);
                verifying = true;
                string sourceTotal = p.TotalRows is { } t ? $" of {t:N0}" : "";
                int? percent = p.TotalRows is > 0 ? (int)((p.RowsRead + p.RowsWritten) * 50 / p.TotalRows.Value) : null;
                cmdlet.Progress.Update(VerifyId(id), $"Verifying {p.Destination}", $"{p.RowsRead:N0}{sourceTotal} source rows read back, {p.RowsWritten:N0} target rows checked",
                    percent, parentId, secondsRemaining: Remaining(p.Elapsed, percent));
                return;
            }
            cmdlet.NoteCommitted(operation is null ? activity : $"{activity} from {operation}", p.RowsWritten);
            string of = p.TotalRows is { } total ? $" of {total:N0}" : "";
            cmdlet.Progress.Update(id, activity, $"{p.RowsWritten:N0}{of} rows, {p.RowsPerSecond:N0} rows/s", p.Percent, parentId, operation,
                secondsRemaining: Remaining(p.Elapsed, p.Percent));
        });
    }

    /// <summary>The activity id of the parent record that counts a job's units (files, collections).</summary>
    public const int UnitsId = 10;

    /// <summary>
    /// A job's progress: with several units, a parent record (<see cref="UnitsId"/>) says which one of how many runs,
    /// and each unit's transfer shows under it as activity 1, the unit named beneath the bar.
    /// </summary>
    public static IProgress<Core.Jobs.JobProgress> ForJob(Commands.MilvusDMCmdlet cmdlet, string activity)
    {
        int current = 0;
        IProgress<TransferProgress>? unit = null;
        return new CallbackProgress<Core.Jobs.JobProgress>(p =>
        {
            if (p.Index != current)
            {
                cmdlet.Progress.Complete(1);
                current = p.Index;
                if (p.Count > 1)
                    cmdlet.Progress.Update(UnitsId, activity, $"{p.Index} of {p.Count}: {p.Unit}", (p.Index - 1) * 100 / p.Count, force: true);
                unit = For(cmdlet, 1, activity, p.Count > 1 ? UnitsId : -1, p.Unit);
            }
            unit!.Report(p.Transfer);
        });
    }

    /// <summary>Seconds left at the rate so far, or -1 (unknown) before there is a rate.</summary>
    private static int Remaining(TimeSpan elapsed, int? percent) =>
        percent is > 0 and < 100 && elapsed.TotalSeconds >= 1 ? (int)(elapsed.TotalSeconds * (100 - percent.Value) / percent.Value) : -1;
}
