using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Jobs;

/// <summary>One unit of a job (a collection, a file): its name, the write to confirm, and the work.</summary>
internal sealed record JobUnit(string Name, WritePlan Plan, Func<IProgress<TransferProgress>?, CancellationToken, Task<IReadOnlyList<TransferResult>>> Run,
    Func<CancellationToken, Task>? CheckFirst = null);

/// <summary>
/// The loop every collection job shares: per unit, the checks that come before any question, the host's yes or no,
/// the work, its results told to the host as they come; a unit that fails is its result and the next one goes on.
/// </summary>
internal static class UnitLoop
{
    public static async Task<IReadOnlyList<TransferResult>> RunAsync(IReadOnlyList<JobUnit> units, JobHost host, CancellationToken ct)
    {
        var all = new List<TransferResult>();
        for (int i = 0; i < units.Count && !ct.IsCancellationRequested; i++)
        {
            var unit = units[i];
            IReadOnlyList<TransferResult> results;
            try
            {
                if (unit.CheckFirst is { } check) await check(ct).ConfigureAwait(false);
                if (!await host.Confirm(unit.Plan, ct).ConfigureAwait(false)) continue;
                results = await unit.Run(host.ProgressFor(unit.Name, i + 1, units.Count), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results = [new TransferResult { Source = unit.Name, Destination = unit.Plan.Target, Status = TransferStatus.Failed, Error = e }];
            }
            foreach (var r in results) host.Completed?.Invoke(unit.Name, r);
            all.AddRange(results);
        }
        return all;
    }
}
