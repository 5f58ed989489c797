using MilvusDM.Core.Backup;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Backup;

public sealed class CombinedProgressTests
{
    private sealed class Last : IProgress<TransferProgress>
    {
        public TransferProgress? Value { get; private set; }
        public void Report(TransferProgress value) => Value = value;
    }

    [Fact]
    public void PartitionsBackedUpAtOnceAreToldAsOneSum()
    {
        var last = new Last();
        var combined = new CombinedProgress("lab/docs", "/dump/lab/docs", last);
        combined.For(0).Report(new TransferProgress("p0", "a", 10, 8, 800, 100, TimeSpan.FromSeconds(2)));
        combined.For(1).Report(new TransferProgress("p1", "b", 5, 5, 500, 50, TimeSpan.FromSeconds(3)));
        combined.For(0).Report(new TransferProgress("p0", "a", 20, 18, 1800, 100, TimeSpan.FromSeconds(4)));
        Assert.Equal(new TransferProgress("lab/docs", "/dump/lab/docs", 25, 23, 2300, 150, TimeSpan.FromSeconds(4)), last.Value);
        Assert.Equal(15, last.Value!.Percent);
    }
}
