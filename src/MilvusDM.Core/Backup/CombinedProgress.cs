using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Backup;

/// <summary>
/// The progress of a collection's partitions backed up at the same time, told as one record: rows and bytes summed
/// over the partitions, the total of those whose total is known, the longest elapsed time.
/// </summary>
internal sealed class CombinedProgress(string source, string destination, IProgress<TransferProgress> target)
{
    private readonly object _gate = new();
    private readonly Dictionary<int, TransferProgress> _latest = [];

    /// <summary>The progress sink of partition <paramref name="index"/>.</summary>
    public IProgress<TransferProgress> For(int index) => new Part(this, index);

    private void Report(int index, TransferProgress p)
    {
        TransferProgress sum;
        lock (_gate)
        {
            _latest[index] = p;
            var all = _latest.Values;
            sum = new TransferProgress(source, destination, all.Sum(x => x.RowsRead), all.Sum(x => x.RowsWritten), all.Sum(x => x.BytesWritten),
                all.Any(x => x.TotalRows is not null) ? all.Sum(x => x.TotalRows ?? x.RowsWritten) : null, all.Max(x => x.Elapsed));
        }
        target.Report(sum);
    }

    private sealed class Part(CombinedProgress owner, int index) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => owner.Report(index, value);
    }
}
