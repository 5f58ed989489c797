using Milvus.Client.Grpc;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Tests.Model;

/// <summary>The wire shape of columns: nullable compaction on insert, expansion of compact results, packed vectors.</summary>
public sealed class FieldDataConverterTests
{
    /// <summary>What the server receives: our wire message parsed as the official schema.FieldData (proves wire identity).</summary>
    private static FieldData Sent(ColumnData column) => FieldData.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(FieldDataConverter.ToWire(column)));

    [Fact]
    public void NullableScalarsAreCompactedOnTheWayOutAndExpandedOnTheWayIn()
    {
        var column = new ScalarColumn<double>("d", MilvusDataType.Double, [1.5, 0, 3.5, 0], [true, false, true, false]);
        var fd = Sent(column);
        Assert.Equal(new[] { true, false, true, false }, fd.ValidData);
        Assert.Equal(new[] { 1.5, 3.5 }, fd.Scalars.DoubleData.Data);

        var back = (ScalarColumn<double>)FieldDataConverter.FromFieldData(fd, 4);
        Assert.Equal(new[] { 1.5, 0, 3.5, 0 }, back.Values);
        Assert.Null(back.GetValue(1));
        Assert.Equal(3.5, back.GetValue(2));
    }

    [Fact]
    public void FullLengthNullableResultsAreTakenAsTheyAre()
    {
        var fd = new FieldData { Type = DataType.VarChar, FieldName = "s", Scalars = new ScalarField { StringData = new StringArray() } };
        fd.Scalars.StringData.Data.AddRange(["a", "", "c"]);
        fd.ValidData.AddRange([true, false, true]);
        var col = FieldDataConverter.FromFieldData(fd, 3);
        Assert.Equal(new object?[] { "a", null, "c" }, Enumerable.Range(0, 3).Select(col.GetValue));
    }

    [Fact]
    public void CompactNullableVectorResultsAreExpanded()
    {
        var fd = new FieldData { Type = DataType.FloatVector, FieldName = "v", Vectors = new VectorField { Dim = 2, FloatVector = new FloatArray() } };
        fd.Vectors.FloatVector.Data.AddRange([1f, 2f, 5f, 6f]);
        fd.ValidData.AddRange([true, false, true]);
        var col = (FloatVectorColumn)FieldDataConverter.FromFieldData(fd, 3);
        Assert.Equal(new[] { 1f, 2f, 0f, 0f, 5f, 6f }, col.Data);
        Assert.True(col.IsNull(1));
    }

    [Fact]
    public void FloatVectorsAreSentAsOnePackedRunWithoutCopying()
    {
        var data = Enumerable.Range(0, 3 * 128).Select(i => i * 0.5f).ToArray();
        var wire = FieldDataConverter.ToWire(new FloatVectorColumn("v", 128, data));
        // The bytes handed to protobuf are the float array itself: a change to the array shows through.
        Assert.Equal(data.Length * 4, wire.Vectors.FloatVector.Data.Length);
        data[0] = 42f;
        Assert.Equal(42f, BitConverter.ToSingle(wire.Vectors.FloatVector.Data.Span[..4]));
        var fd = FieldData.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(wire));
        Assert.Equal(128, fd.Vectors.Dim);
        Assert.Equal(data, fd.Vectors.FloatVector.Data);
        // A packed repeated float is one length-delimited run: 4 bytes per value plus a small header.
        Assert.InRange(fd.Vectors.FloatVector.CalculateSize(), data.Length * 4, data.Length * 4 + 6);
    }

    [Fact]
    public void SparseRowsKeepTheirBytesAndTheBatchDimension()
    {
        var rows = new[] { SparseVectorColumn.EncodeRow([new(7, 1f), new(2, 0.5f)]), SparseVectorColumn.EncodeRow([new(100, 2f)]) };
        var fd = Sent(new SparseVectorColumn("sv", rows));
        Assert.Equal(101, fd.Vectors.SparseFloatVector.Dim);
        var back = (SparseVectorColumn)FieldDataConverter.FromFieldData(fd, 2);
        Assert.Equal(rows[0], back.Rows[0]);
        Assert.Equal(new Dictionary<uint, float> { [2] = 0.5f, [7] = 1f }, back.DecodeRow(0));
    }

    [Fact]
    public void ArraysAndJsonAndDynamicMeta()
    {
        var arrays = new ScalarColumn<Array>("a", MilvusDataType.Array, [new long[] { 1, 2 }, Array.Empty<long>()], elementType: MilvusDataType.Int64);
        var fd = Sent(arrays);
        Assert.Equal(DataType.Int64, fd.Scalars.ArrayData.ElementType);
        var back = (ScalarColumn<Array>)FieldDataConverter.FromFieldData(fd, 2);
        Assert.Equal(new long[] { 1, 2 }, (long[])back.Values[0]);
        Assert.Empty(back.Values[1]);

        var meta = new ScalarColumn<string>("$meta", MilvusDataType.Json, ["{\"x\":1}"]) { IsDynamic = true };
        var metaFd = Sent(meta);
        Assert.True(metaFd.IsDynamic);
        Assert.Equal("{\"x\":1}", metaFd.Scalars.JsonData.Data[0].ToStringUtf8());
        Assert.True(FieldDataConverter.FromFieldData(metaFd, 1).IsDynamic);
    }

    [Fact]
    public void BatchesCheckTheirShape()
    {
        Assert.Throws<ArgumentException>(() => new FloatVectorColumn("v", 3, new float[10]));
        Assert.Throws<ArgumentException>(() => new ByteVectorColumn("b", MilvusDataType.BinaryVector, 12, new byte[3]));
        Assert.Throws<ArgumentException>(() => new ScalarColumn<int>("x", MilvusDataType.Int64, [1]));
        Assert.Throws<ArgumentException>(() => new VectorBatch([
            new ScalarColumn<long>("id", MilvusDataType.Int64, [1, 2]), new FloatVectorColumn("v", 2, [1, 2])]));
        var batch = new VectorBatch([new ScalarColumn<long>("id", MilvusDataType.Int64, [1, 2, 3]), new FloatVectorColumn("v", 2, [1, 2, 3, 4, 5, 6])],
            new SourcePosition { Part = "f", Offset = 10 });
        var slice = batch.Slice(1, 2);
        Assert.Equal(new[] { 3f, 4f, 5f, 6f }, ((FloatVectorColumn)slice["v"]!).Data);
        Assert.Equal(11, slice.Position!.Offset);
        Assert.Equal(3 * 8 + 6 * 4, batch.ByteSize);
    }

    [Fact]
    public void ExpressionLiteralsEscape()
    {
        Assert.Equal("\"a\\\"b\\\\c\"", ExpressionLiterals.Quote("a\"b\\c"));
        Assert.Equal("id in [1, 2]", ExpressionLiterals.InList("id", [1L, 2L]));
        Assert.Equal("k in [\"x\", \"y\\\"\"]", ExpressionLiterals.InList("k", ["x", "y\""]));
    }
}
