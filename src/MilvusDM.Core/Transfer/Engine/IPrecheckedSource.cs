namespace MilvusDM.Core.Transfer;

/// <summary>
/// A source that can read itself through once, cheaply, before a transfer sends its first row, so that a bad row
/// deep in the file (NaN, a repeated id) fails the run while the target is still untouched. The engine calls it on
/// a fresh run, not on a resume (the earlier run checked the same source).
/// </summary>
public interface IPrecheckedSource
{
    Task PrecheckAsync(int batchRows, CancellationToken ct);
}
