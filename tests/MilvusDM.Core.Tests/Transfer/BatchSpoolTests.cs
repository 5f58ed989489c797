using MilvusDM.Core.Tests.Milvus;
using MilvusDM.Core.Tests.Transfer;
using MilvusDM.Core.Transfer;

namespace MilvusDM.Core.Tests.Transfer;

/// <summary>The temp-file spool (Write-Hdf5 from the pipeline) gives back every column type as it was given.</summary>
public sealed class BatchSpoolTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryColumnTypeComesBackUnchanged(bool sparseAndInt8)
    {
        var (_, data) = CollectionExportTests.EveryType("spooled", 90, sparseAndInt8);
        using var spool = new BatchSpool();
        spool.Append(data.Slice(0, 40));
        spool.Append(data.Slice(40, 50));
        Assert.Equal(90, spool.Rows);
        var back = AllTypesRoundTripTests.Concat(spool.ReadBack().ToList());
        foreach (var column in data.Columns)
        {
            Assert.Equal(column.IsDynamic, back[column.Name]!.IsDynamic);
            for (int i = 0; i < 90; i++)
                AllTypesRoundTripTests.AssertValueEqual(column.GetValue(i), back[column.Name]!.GetValue(i), $"{column.Name}[{i}]");
        }
    }
}
