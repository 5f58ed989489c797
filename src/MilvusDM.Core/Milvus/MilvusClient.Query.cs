using System.Globalization;
using Milvus.Client.Grpc;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    public async Task<QueryPage> QueryAsync(string collection, QueryOptions q, CancellationToken ct = default)
    {
        var request = new QueryRequest
        {
            DbName = Database,
            CollectionName = collection,
            Expr = q.Expression,
            GuaranteeTimestamp = q.GuaranteeTimestamp,
            UseDefaultConsistency = q.Consistency is null,
            ConsistencyLevel = (global::Milvus.Client.Grpc.ConsistencyLevel)(q.Consistency ?? Model.ConsistencyLevel.Strong),
        };
        request.OutputFields.AddRange(q.OutputFields);
        request.PartitionNames.AddRange(q.Partitions);
        if (q.Limit is { } limit) request.QueryParams.Add(SchemaConverter.Kv("limit", limit.ToString(CultureInfo.InvariantCulture)));
        if (q.Offset is { } offset) request.QueryParams.Add(SchemaConverter.Kv("offset", offset.ToString(CultureInfo.InvariantCulture)));
        if (q.Iterator)
        {
            request.QueryParams.Add(SchemaConverter.Kv("iterator", "True"));
            request.QueryParams.Add(SchemaConverter.Kv("reduce_stop_for_best", q.ReduceStopForBest ? "True" : "False"));
            if (q.CollectionId != 0) request.QueryParams.Add(SchemaConverter.Kv("collection_id", q.CollectionId.ToString(CultureInfo.InvariantCulture)));
            request.QueryParams.Add(SchemaConverter.Kv("ignore_growing", "False"));
        }
        var r = await InvokeAsync("Query", o => _grpc.QueryAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
        int rows = r.FieldsData.Count == 0 ? 0 : r.FieldsData.Max(RowCountOf);
        var batch = r.FieldsData.Count == 0 ? null
            : new VectorBatch(r.FieldsData.Select(f => FieldDataConverter.FromFieldData(f, rows)).ToArray());
        return new QueryPage(batch, rows, r.SessionTs, r.PrimaryFieldName);
    }

    /// <summary>Exact row count by <c>count(*)</c> with Strong consistency (the collection must be loaded).</summary>
    /// <param name="snapshot">0: count now (strong consistency); else count at that snapshot, as an iterator reads it
    /// (iterator=true pins the MVCC timestamp to guarantee_timestamp), so a count and a paged read agree.</param>
    public async Task<long> CountAsync(string collection, string expression = "", IReadOnlyList<string>? partitions = null, CancellationToken ct = default, ulong snapshot = 0)
    {
        var page = await QueryAsync(collection, new QueryOptions
        {
            Expression = expression,
            OutputFields = ["count(*)"],
            Partitions = partitions ?? [],
            Consistency = Model.ConsistencyLevel.Strong,
            Iterator = snapshot != 0,
            GuaranteeTimestamp = snapshot,
        }, ct).ConfigureAwait(false);
        return page.Batch?["count(*)"] is ScalarColumn<long> { RowCount: > 0 } c ? c.Values[0]
            : throw new FormatException("The server's count(*) answer had no count column.");
    }

    /// <summary>Rows a result column stands for: valid_data length when present, else its data length.</summary>
    private static int RowCountOf(FieldData f)
    {
        if (f.ValidData.Count > 0) return f.ValidData.Count;
        if (f.FieldCase == FieldData.FieldOneofCase.StructArrays) return f.StructArrays.Fields.Count == 0 ? 0 : RowCountOf(f.StructArrays.Fields[0]);
        if (f.FieldCase == FieldData.FieldOneofCase.Vectors)
        {
            var v = f.Vectors;
            return v.DataCase switch
            {
                VectorField.DataOneofCase.FloatVector => v.Dim == 0 ? 0 : (int)(v.FloatVector.Data.Count / v.Dim),
                VectorField.DataOneofCase.SparseFloatVector => v.SparseFloatVector.Contents.Count,
                VectorField.DataOneofCase.BinaryVector => v.Dim == 0 ? 0 : v.BinaryVector.Length / ((MilvusDataType)f.Type).BytesPerRow((int)v.Dim),
                VectorField.DataOneofCase.Float16Vector => v.Dim == 0 ? 0 : v.Float16Vector.Length / (int)(v.Dim * 2),
                VectorField.DataOneofCase.Bfloat16Vector => v.Dim == 0 ? 0 : v.Bfloat16Vector.Length / (int)(v.Dim * 2),
                VectorField.DataOneofCase.Int8Vector => v.Dim == 0 ? 0 : v.Int8Vector.Length / (int)v.Dim,
                VectorField.DataOneofCase.VectorArray => v.VectorArray.Data.Count,
                _ => 0,
            };
        }
        var s = f.Scalars;
        return s?.DataCase switch
        {
            ScalarField.DataOneofCase.BoolData => s.BoolData.Data.Count,
            ScalarField.DataOneofCase.IntData => s.IntData.Data.Count,
            ScalarField.DataOneofCase.LongData => s.LongData.Data.Count,
            ScalarField.DataOneofCase.FloatData => s.FloatData.Data.Count,
            ScalarField.DataOneofCase.DoubleData => s.DoubleData.Data.Count,
            ScalarField.DataOneofCase.StringData => s.StringData.Data.Count,
            ScalarField.DataOneofCase.JsonData => s.JsonData.Data.Count,
            ScalarField.DataOneofCase.ArrayData => s.ArrayData.Data.Count,
            ScalarField.DataOneofCase.TimestamptzData => s.TimestamptzData.Data.Count,
            ScalarField.DataOneofCase.GeometryWktData => s.GeometryWktData.Data.Count,
            ScalarField.DataOneofCase.GeometryData => s.GeometryData.Data.Count,
            _ => 0,
        };
    }
}
