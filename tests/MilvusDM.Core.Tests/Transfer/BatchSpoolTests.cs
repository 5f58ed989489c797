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

/// <summary>The same for Milvus 2.6's types: Text, Geometry, Timestamptz, nullable vectors, struct arrays.</summary>
public sealed class BatchSpool26Tests
{
    [Fact]
    public void EveryMilvus26ColumnComesBackUnchanged()
    {
        var data = Milvus26TypesTests.Data(70);
        using var spool = new BatchSpool();
        spool.Append(data.Slice(0, 30));
        spool.Append(data.Slice(30, 40));
        var back = AllTypesRoundTripTests.Concat(spool.ReadBack().ToList());
        foreach (var column in data.Columns)
        {
            var other = back[column.Name]!;
            Assert.Equal((column.DataType, column.IsDynamic), (other.DataType, other.IsDynamic));
            for (int i = 0; i < 70; i++)
            {
                if (column is MilvusDM.Core.Model.StructArrayColumn s) Assert.Equal(s.RowJson(i), ((MilvusDM.Core.Model.StructArrayColumn)other).RowJson(i));
                else AllTypesRoundTripTests.AssertValueEqual(column.GetValue(i), other.GetValue(i), $"{column.Name}[{i}]");
            }
        }
    }
}
