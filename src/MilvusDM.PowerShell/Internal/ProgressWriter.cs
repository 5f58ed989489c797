using System.Diagnostics;
using System.Management.Automation;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// Throttles progress to about 4 updates a second per activity id and remembers which ids are open so
/// they can all be completed in a finally block. Records are posted to the pipeline thread.
/// </summary>
internal sealed class ProgressWriter(Action<ProgressRecord> post)
{
    private static readonly long MinTicks = Stopwatch.Frequency / 4;
    private readonly Dictionary<int, (long Ticks, ProgressRecord Record)> _open = [];
    private readonly object _gate = new();

    public void Update(int id, string activity, string status, int? percent, int parentId = -1, string? operation = null, bool force = false, int secondsRemaining = -1)
    {
        ProgressRecord record;
        lock (_gate)
        {
            long now = Stopwatch.GetTimestamp();
            if (!force && _open.TryGetValue(id, out var last) && now - last.Ticks < MinTicks) return;
            record = new ProgressRecord(id, activity, status)
            {
                ParentActivityId = parentId,
                PercentComplete = percent is { } p ? Math.Clamp(p, 0, 100) : -1,
                CurrentOperation = operation,
                SecondsRemaining = secondsRemaining,
            };
            _open[id] = (now, record);
        }
        post(record);
    }

    /// <summary>Completes an activity and the verification that may have followed it (<see cref="TransferProgressReporter.VerifyId"/>).</summary>
    public void Complete(int id)
    {
        CompleteOne(TransferProgressReporter.VerifyId(id));
        CompleteOne(id);
    }

    private void CompleteOne(int id)
    {
        ProgressRecord? record = null;
        lock (_gate)
        {
            if (_open.Remove(id, out var last))
            {
                record = new ProgressRecord(id, last.Record.Activity, "Completed") { ParentActivityId = last.Record.ParentActivityId, RecordType = ProgressRecordType.Completed };
            }
        }
        if (record is not null) post(record);
    }

    /// <summary>Completes every open activity, children before parents.</summary>
    public void CompleteAll()
    {
        int[] ids;
        lock (_gate) ids = _open.Keys.OrderByDescending(i => i).ToArray();
        foreach (var id in ids) CompleteOne(id);
    }
}
