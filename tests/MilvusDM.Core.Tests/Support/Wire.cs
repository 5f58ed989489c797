using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Milvus.Client.Grpc;
using MilvusDM.Core.Milvus.Wire;
using MilvusDM.TestServer;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Tests.Support;

/// <summary>
/// The test server at the wire level: the generated MilvusService client (no MilvusDM model in between), for
/// requests the model cannot (yet) express and for answers checked field by field.
/// </summary>
internal sealed class RawMilvus : IDisposable
{
    private readonly GrpcChannel _channel;

    public RawMilvus(MilvusTestServer server, string? dbHeader = null)
    {
        _channel = GrpcChannel.ForAddress(server.Uri, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        Grpc = new MilvusService.MilvusServiceClient(_channel);
        if (dbHeader is not null) Headers.Add("dbname", dbHeader);
    }

    public MilvusService.MilvusServiceClient Grpc { get; }
    public Metadata Headers { get; } = [];

    public void Dispose() => _channel.Dispose();

    public async Task<Status> CreateCollectionAsync(CollectionSchema schema, int numPartitions = 0, params (string Key, string Value)[] properties)
    {
        var request = new CreateCollectionRequest { CollectionName = schema.Name, Schema = schema.ToByteString(), NumPartitions = numPartitions };
        foreach (var (k, v) in properties) request.Properties.Add(new KeyValuePair { Key = k, Value = v });
        return await Grpc.CreateCollectionAsync(request, Headers);
    }

    /// <summary>Creates, indexes every vector field (struct vector sub-fields as "struct[sub]") and loads.</summary>
    public async Task CreateLoadedAsync(CollectionSchema schema, params (string Key, string Value)[] properties)
    {
        Ok(await CreateCollectionAsync(schema, 0, properties));
        foreach (var f in schema.Fields.Where(f => f.DataType >= DataType.BinaryVector))
            Ok(await IndexAsync(schema.Name, f.Name, f.DataType switch
            {
                DataType.BinaryVector => ("BIN_FLAT", "HAMMING"),
                DataType.SparseFloatVector => ("SPARSE_INVERTED_INDEX", "IP"),
                _ => ("FLAT", "L2"),
            }));
        foreach (var s in schema.StructArrayFields)
            foreach (var f in s.Fields.Where(f => f.DataType == DataType.ArrayOfVector))
                Ok(await IndexAsync(schema.Name, $"{s.Name}[{f.Name}]", ("HNSW", "MAX_SIM_COSINE")));
        Ok(await Grpc.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = schema.Name }, Headers));
    }

    public async Task<Status> IndexAsync(string collection, string field, (string Type, string Metric) index)
    {
        var request = new CreateIndexRequest { CollectionName = collection, FieldName = field };
        request.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = index.Type });
        request.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = index.Metric });
        return await Grpc.CreateIndexAsync(request, Headers);
    }

    public async Task<QueryResults> QueryAsync(string collection, string expr, string[] outputs, params (string Key, string Value)[] queryParams)
    {
        var request = new QueryRequest { CollectionName = collection, Expr = expr };
        request.OutputFields.AddRange(outputs);
        foreach (var (k, v) in queryParams) request.QueryParams.Add(new KeyValuePair { Key = k, Value = v });
        return await Grpc.QueryAsync(request, Headers);
    }

    public static void Ok(Status s) => Assert.True(s.Code == 0 && s.ErrorCode == 0, $"{s.Code}/{s.ErrorCode}: {s.Reason}");
}

/// <summary>Hand-built schemas and insert columns (FieldDataOut, as MilvusDM's client sends them).</summary>
internal static class W
{
    public static FieldSchema Field(string name, DataType type, params (string Key, string Value)[] typeParams)
    {
        var f = new FieldSchema { Name = name, DataType = type };
        foreach (var (k, v) in typeParams) f.TypeParams.Add(new KeyValuePair { Key = k, Value = v });
        return f;
    }

    public static FieldSchema Pk(string name = "id") => new() { Name = name, DataType = DataType.Int64, IsPrimaryKey = true };

    public static FieldSchema Vector(string name = "v", int dim = 2, DataType type = DataType.FloatVector) => Field(name, type, ("dim", dim.ToString()));

    public static CollectionSchema Schema(string name, params FieldSchema[] fields)
    {
        var s = new CollectionSchema { Name = name };
        s.Fields.AddRange(fields);
        return s;
    }

    public static FieldDataOut Longs(string name, long[] values, bool[]? valid = null) =>
        Scalar(name, DataType.Int64, new ScalarField { LongData = new LongArray { Data = { values } } }, valid);

    public static FieldDataOut Strings(string name, DataType type, string[] values, bool[]? valid = null) =>
        Scalar(name, type, new ScalarField { StringData = new StringArray { Data = { values } } }, valid);

    public static FieldDataOut Scalar(string name, DataType type, ScalarField data, bool[]? valid = null)
    {
        var fd = new FieldDataOut { FieldName = name, Type = type, Scalars = data };
        if (valid is not null) fd.ValidData.AddRange(valid);
        return fd;
    }

    public static FieldDataOut Floats(string name, int dim, float[] values, bool[]? valid = null)
    {
        var fd = new FieldDataOut
        {
            FieldName = name, Type = DataType.FloatVector,
            Vectors = new VectorFieldOut { Dim = dim, FloatVector = new PackedFloats { Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) } },
        };
        if (valid is not null) fd.ValidData.AddRange(valid);
        return fd;
    }

    public static long[] Ids(int n, long first = 0) => Enumerable.Range(0, n).Select(i => first + i).ToArray();

    public static float[] Vectors(int n, int dim) => Enumerable.Range(0, n * dim).Select(i => i * 0.5f).ToArray();

    /// <summary>The row values of a query column, read from whichever slot carries them.</summary>
    public static FieldData Column(QueryResults r, string name) => r.FieldsData.Single(f => f.FieldName == name);
}
