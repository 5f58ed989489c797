using System.Globalization;
using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Expressions;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    /// <summary>
    /// Query as the proxy answers it: needs a loaded collection; <c>count(*)</c> alone and without limit;
    /// offset+limit within the result window; an empty expression only with a limit; rows in primary-key order;
    /// with iterator=true the snapshot is guarantee_timestamp (or now, returned as session_ts), and with
    /// reduce_stop_for_best the page may hold more rows than the limit.
    /// </summary>
    public override Task<QueryResults> Query(QueryRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var qp = request.QueryParams.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);
            long? limit = LongParam(qp, "limit"), offset = LongParam(qp, "offset");
            bool iterator = BoolParam(qp, "iterator"), reduceStopForBest = BoolParam(qp, "reduce_stop_for_best");
            if (LongParam(qp, "collection_id") is { } id && id != c.Id)
                throw ServerError.Invalid($"Input collection id is not consistent to collectionID in the context, alias or database may have changed (input {id}, actual {c.Id})");

            bool isCount = request.OutputFields.Count == 1 && request.OutputFields[0].Trim().Equals("count(*)", StringComparison.OrdinalIgnoreCase);
            if (!isCount && request.OutputFields.Any(f => f.Trim().Equals("count(*)", StringComparison.OrdinalIgnoreCase)))
                throw ServerError.Invalid("count entities with other output fields is not allowed");
            if (isCount && limit is not null) throw ServerError.Invalid("count entities with pagination is not allowed");
            if (limit is { } l && (l <= 0 || l + (offset ?? 0) > Options.MaxQueryResultWindow || offset < 0))
                throw ServerError.Invalid($"invalid max query result window, (offset+limit) should be in range [1, {Options.MaxQueryResultWindow}], but got {l + (offset ?? 0)}");

            var partitions = QueryPartitions(c, request.PartitionNames);
            var expr = Parser.Parse(request.Expr, request.ExprTemplateValues, out var refs);
            if (expr is null && limit is null && !isCount) throw ServerError.Invalid("empty expression should be used with limit");
            var accessor = new RowAccessor(c);
            accessor.CheckFields(refs);
            var outputs = isCount ? null : ResolveOutputs(c, request.OutputFields);

            ulong now = State.Timestamps.Next();
            ulong snapshot = iterator && request.GuaranteeTimestamp > 0 ? request.GuaranteeTimestamp : now;
            var ids = partitions.Select(p => p.Id).ToHashSet();
            var pkField = c.PrimaryField;
            var after = Parser.LowerBoundOf(expr, pkField.Name);
            if (after is not null && (after is long) != (pkField.DataType == DataType.Int64)) after = null;
            Func<StoredRow, bool>? match = expr is null ? null : r =>
            {
                accessor.Row = r;
                return Values.Truth(expr.Eval(accessor));
            };

            var result = new QueryResults { Status = Ok.Status, CollectionName = c.Name, PrimaryFieldName = pkField.Name };
            if (iterator && request.GuaranteeTimestamp == 0) result.SessionTs = snapshot;
            if (isCount)
            {
                // count(*) counts entities: a primary key inserted twice counts twice, as in Milvus.
                var count = new FieldData { Type = DataType.Int64, FieldName = "count(*)", Scalars = new ScalarField { LongData = new LongArray() } };
                count.Scalars.LongData.Data.Add(c.Rows.Count(snapshot, ids, match));
                result.FieldsData.Add(count);
                result.OutputFields.Add("count(*)");
                return result;
            }
            long skip = offset ?? 0;
            // Segments return up to the limit each; the iterator's reduce keeps every row it can prove complete.
            bool stopForBest = iterator && reduceStopForBest && limit is not null;
            int? segmentLimit = limit is { } lim ? (int)(stopForBest ? lim : lim + skip) : null;
            var rows = c.Rows.Query(snapshot, after, ids, match, segmentLimit, stopForBest, stopForBest || limit is null ? long.MaxValue : limit.Value + skip);
            if (skip > 0) rows = rows.Skip((int)skip).ToList();
            long size = rows.Sum(r => RowBytes(r, outputs!));
            if (size > Options.MaxOutputSize)
                throw new ServerError(65535, $"query results exceed the maxOutputSize Limit {Options.MaxOutputSize}");
            foreach (var (name, field, index) in outputs!.Static)
            {
                result.FieldsData.Add(ResultColumns.Build(field, index, rows));
                result.OutputFields.Add(name);
            }
            if (outputs.IncludeMeta)
            {
                // The data travels in one $meta column; output_fields names the dynamic keys asked for (as the proxy does).
                result.FieldsData.Add(ResultColumns.Meta(rows, outputs.DynamicKeys));
                if (outputs.DynamicKeys is null) result.OutputFields.Add("$meta");
                else result.OutputFields.AddRange(outputs.DynamicKeys);
            }
            return result;
        }, s => new QueryResults { Status = s });

    private List<PartitionState> QueryPartitions(CollectionState c, IReadOnlyCollection<string> names)
    {
        if (names.Count > 0 && c.PartitionKeyField is not null)
            throw ServerError.Invalid("not support manually specifying the partition names if partition key mode is used");
        var parts = names.Count == 0 ? c.Partitions.ToList() : names.Select(n => c.Partition(n) ?? throw ServerError.PartitionNotFound(n)).ToList();
        if (names.Count == 0)
        {
            parts = parts.Where(p => p.Loaded).ToList();
            if (parts.Count == 0) throw ServerError.CollectionNotLoaded(c.Name);
        }
        else if (parts.FirstOrDefault(p => !p.Loaded) is { } notLoaded) throw ServerError.PartitionNotLoaded(notLoaded.Name);
        if (DateTime.UtcNow < c.LoadReadyUtc) throw new ServerError(103, $"collection on recovering or not fully loaded[collection={c.Name}]");
        return parts;
    }

    private sealed record Outputs(List<(string Name, FieldSchema Field, int Index)> Static, bool IncludeMeta, List<string>? DynamicKeys);

    /// <summary>The primary key first, then the requested fields; "*" means every field; unknown names are dynamic keys.</summary>
    private static Outputs ResolveOutputs(CollectionState c, IEnumerable<string> requested)
    {
        var functionOutputs = c.FunctionOutputs;
        var names = new List<string> { c.PrimaryField.Name };
        bool meta = false;
        List<string>? dynamicKeys = null;
        foreach (var raw in requested)
        {
            string n = raw.Trim();
            if (n == "*")
            {
                names.AddRange(c.Schema.Fields.Where(f => !functionOutputs.Contains(f.Name)).Select(f => f.Name));
                meta |= c.Schema.EnableDynamicField;
                continue;
            }
            if (n == "$meta" && c.Schema.EnableDynamicField) { meta = true; dynamicKeys = null; continue; }
            if (c.Field(n) is { } f)
            {
                if (functionOutputs.Contains(n)) throw ServerError.Invalid($"not allowed to retrieve raw data of field {n}");
                names.Add(n);
                continue;
            }
            if (!c.Schema.EnableDynamicField) throw ServerError.FieldNotFound(n);
            if (!meta || dynamicKeys is not null) { (dynamicKeys ??= []).Add(n); meta = true; }
        }
        var fields = names.Distinct(StringComparer.Ordinal).Select(n => (n, c.Field(n)!, c.FieldIndex(n))).ToList();
        return new Outputs(fields, meta, dynamicKeys);
    }

    /// <summary>What a row adds to a reduced result (the size Milvus checks against maxOutputSize).</summary>
    private static long RowBytes(StoredRow r, Outputs outputs)
    {
        long n = 0;
        foreach (var (_, _, index) in outputs.Static)
            n += r.Values[index] switch
            {
                null => 0,
                float[] f => f.Length * 4L,
                byte[] b => b.Length,
                string s => System.Text.Encoding.UTF8.GetByteCount(s),
                Array a => a.Length * 8L,
                bool => 1,
                int or float => 4,
                _ => 8,
            };
        if (outputs.IncludeMeta) n += r.Meta?.Length ?? 0;
        return n;
    }

    private static long? LongParam(Dictionary<string, string> qp, string key)
    {
        if (!qp.TryGetValue(key, out var v) || string.IsNullOrEmpty(v)) return null;
        return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw ServerError.Invalid($"{key} [{v}] is invalid, should be an integer");
    }

    private static bool BoolParam(Dictionary<string, string> qp, string key) =>
        qp.TryGetValue(key, out var v) && v is "1" or "t" or "T" or "TRUE" or "true" or "True";
}
