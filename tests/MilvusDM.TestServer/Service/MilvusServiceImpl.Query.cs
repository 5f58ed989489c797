using System.Globalization;
using Google.Protobuf.Collections;
using Grpc.Core;
using Milvus.Client.Grpc;
using MilvusDM.TestServer.Expressions;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    /// <summary>
    /// Query as the proxy answers it (queryTask.PreExecute order): a valid collection name; no partition names in
    /// partition-key mode; query params (limit/offset window, iterator, collection id, timezone); the plan (filter
    /// type rules); output fields; an empty expression only with a limit; count(*) alone and without limit; a loaded
    /// collection. Rows come in primary-key order; with iterator=true the snapshot is guarantee_timestamp (or now,
    /// returned as session_ts), and with reduce_stop_for_best the page may hold more rows than the limit.
    /// </summary>
    public override Task<QueryResults> Query(QueryRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (c.PartitionKeyField is not null && request.PartitionNames.Count > 0)
                throw ServerError.Invalid("not support manually specifying the partition names if partition key mode is used");
            foreach (var tag in request.PartitionNames) Names.Partition(tag, strict: false);
            var qp = QueryParams.Parse(request.QueryParams, Options.MaxQueryResultWindow);
            if (qp.CollectionId is { } id && id > 0 && id != c.Id)
                throw ServerError.Invalid("Input collection id is not consistent to collectionID in the context,alias or database may have changed");
            var zone = Timestamptz.FindZone(qp.Timezone ?? c.Timezone) ?? TimeZoneInfo.Utc;

            bool isCount = request.OutputFields.Count == 1 && request.OutputFields[0].Trim().Equals("count(*)", StringComparison.OrdinalIgnoreCase);
            var expr = PlanOf(c, request.Expr, request.ExprTemplateValues, "query");
            var outputs = isCount ? null : ResolveOutputs(c, request.OutputFields);
            if (expr is null && qp.Limit is null && !isCount) throw ServerError.Invalid("empty expression should be used with limit");
            var partitions = QueryPartitions(c, request.PartitionNames);
            if (isCount && qp.Limit is not null) throw ServerError.Invalid("count entities with pagination is not allowed");
            long? limit = qp.Limit, offset = qp.Offset;
            bool iterator = qp.Iterator, reduceStopForBest = qp.ReduceStopForBest;

            ulong now = State.Timestamps.Next();
            ulong snapshot = iterator && request.GuaranteeTimestamp > 0 ? request.GuaranteeTimestamp : now;
            var ids = partitions.Select(p => p.Id).ToHashSet();
            var pkField = c.PrimaryField;
            var after = Parser.LowerBoundOf(expr, pkField.Name);
            if (after is not null && (after is long) != (pkField.DataType == DataType.Int64)) after = null;
            var accessor = new RowAccessor(c);
            Func<StoredRow, bool>? match = expr is null ? null : r =>
            {
                accessor.Row = r;
                return Values.Truth(expr.Eval(accessor));
            };

            var result = new QueryResults { Status = Ok.Status, CollectionName = c.Name, PrimaryFieldName = pkField.Name };
            if (iterator && request.GuaranteeTimestamp == 0) result.SessionTs = snapshot;
            // pk in [...]: answered from the keys, as Milvus answers it from its primary-key index.
            var lookedUp = Parser.PrimaryKeysOf(expr, pkField.Name) is { } keys ? c.Rows.Lookup(keys, snapshot, ids) : null;
            if (isCount)
            {
                // count(*) counts entities: a primary key inserted twice counts twice, as in Milvus.
                var count = new FieldData { Type = DataType.Int64, FieldName = "count(*)", Scalars = new ScalarField { LongData = new LongArray() } };
                count.Scalars.LongData.Data.Add(lookedUp?.Count ?? c.Rows.Count(snapshot, ids, match));
                result.FieldsData.Add(count);
                result.OutputFields.Add("count(*)");
                return result;
            }
            long skip = offset ?? 0;
            // Segments return up to the limit each; the iterator's reduce keeps every row it can prove complete.
            bool stopForBest = iterator && reduceStopForBest && limit is not null;
            int? segmentLimit = limit is { } lim ? (int)(stopForBest ? lim : lim + skip) : null;
            var rows = lookedUp is not null
                ? lookedUp.GroupBy(r => r.Pk).Select(g => g.MaxBy(r => r.InsertTs)!).Order(Comparer<StoredRow>.Create((x, y) => KeyComparer.Instance.Compare(x.Pk, y.Pk)))
                    .Take((int)Math.Min(limit is { } lk ? lk + skip : long.MaxValue, int.MaxValue)).ToList()
                : c.Rows.Query(snapshot, after, ids, match, segmentLimit, stopForBest, stopForBest || limit is null ? long.MaxValue : limit.Value + skip);
            if (skip > 0) rows = rows.Skip((int)skip).ToList();
            long size = rows.Sum(r => RowBytes(r, outputs!));
            if (size > Options.MaxOutputSize)
                throw ServerError.Unexpected($"query results exceed the maxOutputSize Limit {Options.MaxOutputSize}");
            foreach (var (field, index) in outputs!.Static)
                result.FieldsData.Add(ResultColumns.Build(field, index, rows, zone));
            if (outputs.IncludeMeta)
                result.FieldsData.Add(ResultColumns.Meta(rows, outputs.DynamicKeys));
            foreach (var (s, index, subs) in outputs.Structs)
                result.FieldsData.Add(ResultColumns.Struct(s, index, subs, rows));
            // output_fields: what the user asked for (reconstructStructFieldData lists the returned columns instead).
            if (c.Schema.StructArrayFields.Count > 0)
            {
                result.OutputFields.AddRange(outputs.Static.Select(x => x.Field.Name));
                if (outputs.IncludeMeta) result.OutputFields.Add("$meta");
                result.OutputFields.AddRange(outputs.Structs.Select(x => x.Struct.Name));
            }
            else result.OutputFields.AddRange(outputs.UserFields);
            return result;
        }, s => new QueryResults { Status = s });

    /// <summary>Parses and type-checks a filter as the plan parser does; errors come back as Milvus words them.</summary>
    private static Expr? PlanOf(CollectionState c, string text, MapField<string, TemplateValue> templates, string kind)
    {
        try
        {
            var e = Parser.Parse(text, templates, out _);
            if (e is not null) TypeCheck.Check(e, c);
            return e;
        }
        catch (ExprError x)
        {
            throw ServerError.Invalid($"failed to create {kind} plan: cannot parse expression: {text}, error: {x.Message}");
        }
    }

    private List<PartitionState> QueryPartitions(CollectionState c, IReadOnlyCollection<string> names)
    {
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

    private sealed record Outputs(
        List<(FieldSchema Field, int Index)> Static,
        bool IncludeMeta,
        List<string>? DynamicKeys,
        List<(StructArrayFieldSchema Struct, int Index, List<int> Subs)> Structs,
        List<string> UserFields);

    /// <summary>
    /// translateOutputFields: "*" is every retrievable field and struct sub-field plus the dynamic field; a struct's
    /// name selects all its sub-fields ("struct[sub]" one); other unknown names are dynamic keys, or "field x not
    /// exist" without a dynamic field. The primary key is always returned.
    /// </summary>
    private static Outputs ResolveOutputs(CollectionState c, IEnumerable<string> requested)
    {
        var functionOutputs = c.FunctionOutputs;
        var names = new List<string> { c.PrimaryField.Name };
        var user = new List<string>();
        var structSubs = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        bool meta = false, allDynamic = false;
        List<string>? dynamicKeys = null;
        void AddStruct(StructArrayFieldSchema s, int k)
        {
            if (!structSubs.TryGetValue(s.Name, out var set)) structSubs[s.Name] = set = [];
            set.Add(k);
        }
        foreach (var raw in requested)
        {
            string n = raw.Trim();
            if (n == "*")
            {
                names.AddRange(c.Schema.Fields.Where(f => !functionOutputs.Contains(f.Name)).Select(f => f.Name));
                user.AddRange(c.Schema.Fields.Where(f => !functionOutputs.Contains(f.Name)).Select(f => f.Name));
                foreach (var s in c.Schema.StructArrayFields)
                    for (int k = 0; k < s.Fields.Count; k++) { AddStruct(s, k); user.Add($"{s.Name}[{s.Fields[k].Name}]"); }
                meta |= c.Schema.EnableDynamicField;
                allDynamic = true;
                continue;
            }
            if (c.Struct(n) is { } whole)
            {
                for (int k = 0; k < whole.Fields.Count; k++) { AddStruct(whole, k); user.Add($"{whole.Name}[{whole.Fields[k].Name}]"); }
                continue;
            }
            if (c.Schema.StructArrayFields.SelectMany(s => s.Fields.Select((f, k) => (s, k, Name: $"{s.Name}[{f.Name}]"))).FirstOrDefault(x => x.Name == n) is { s: not null } sub)
            {
                AddStruct(sub.s, sub.k);
                user.Add(n);
                continue;
            }
            if (c.Field(n) is not null)
            {
                if (functionOutputs.Contains(n)) throw ServerError.Unexpected($"not allowed to retrieve raw data of field {n}");
                names.Add(n);
                user.Add(n);
                continue;
            }
            if (!c.Schema.EnableDynamicField) throw ServerError.Unexpected($"field {n} not exist");
            meta = true;
            user.Add(n);
            if (n != "$meta") (dynamicKeys ??= []).Add(n);
            else allDynamic = true;
        }
        var fields = names.Distinct(StringComparer.Ordinal).Select(n => (c.Field(n)!, c.FieldIndex(n))).ToList();
        var structs = c.Schema.StructArrayFields.Where(s => structSubs.ContainsKey(s.Name))
            .Select(s => (s, c.FieldIndex(s.Name), structSubs[s.Name].ToList())).ToList();
        return new Outputs(fields, meta, allDynamic ? null : dynamicKeys, structs, user.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>What a row adds to a reduced result (the size Milvus checks against maxOutputSize).</summary>
    private static long RowBytes(StoredRow r, Outputs outputs)
    {
        long n = 0;
        foreach (var (_, index) in outputs.Static) n += ValueBytes(r.Values[index]);
        foreach (var (_, index, _) in outputs.Structs) n += ValueBytes(r.Values[index]);
        if (outputs.IncludeMeta) n += r.Meta?.Length ?? 0;
        return n;
    }

    private static long ValueBytes(object? v) => v switch
    {
        null => 0,
        float[] f => f.Length * 4L,
        byte[] b => b.Length,
        string s => System.Text.Encoding.UTF8.GetByteCount(s),
        StructValue sv => sv.Fields.Sum(a => a is float[][] vs ? vs.Sum(x => x.Length * 4L) : ValueBytes(a)),
        Array a => a.Length * 8L,
        bool => 1,
        int or float => 4,
        _ => 8,
    };

    /// <summary>parseQueryParams: exact keys, Go ParseBool/ParseInt, the result window, the timezone.</summary>
    private sealed record QueryParams(long? Limit, long? Offset, bool Iterator, bool ReduceStopForBest, long? CollectionId, string? Timezone)
    {
        public static QueryParams Parse(RepeatedField<KeyValuePair> pairs, int window)
        {
            string? Get(string key) => pairs.FirstOrDefault(p => p.Key == key)?.Value;
            bool Bool(string key, string what)
            {
                var v = Get(key);
                if (v is null) return false;
                return v switch
                {
                    "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
                    "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
                    _ => throw ServerError.Invalid($"value for {what} is invalid", "true or false", v),
                };
            }
            bool stop = Bool("reduce_stop_for_best", "reduce_stop_for_best"), iterator = Bool("iterator", "iterator field");
            long? collectionId = null;
            if (Get("collection_id") is { } cid)
                collectionId = long.TryParse(cid, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) ? x
                    : throw ServerError.Invalid("value for collection id is invalid", "int value for collection_id", "collection_id");
            long? limit = null, offset = null;
            if (Get("limit") is { } ls)
            {
                limit = long.TryParse(ls, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw ServerError.Unexpected($"limit [{ls}] is invalid");
                if (Get("offset") is { } os)
                    offset = long.TryParse(os, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var o) ? o : throw ServerError.Unexpected($"offset [{os}] is invalid");
                long off = offset ?? 0;
                if (off < 0) throw ServerError.Unexpected($"invalid max query result window, offset [{off}] is invalid, should be gte than 0");
                if (limit <= 0) throw ServerError.Unexpected($"invalid max query result window, limit [{limit}] is invalid, should be greater than 0");
                if (off + limit > window)
                    throw ServerError.Unexpected($"invalid max query result window, (offset+limit) should be in range [1, {window}], but got {off + limit}");
            }
            string? tz = Get("timezone");
            if (!string.IsNullOrEmpty(tz) && Timestamptz.FindZone(tz) is null) throw ServerError.Invalid($"unknown or invalid IANA Time Zone ID: {tz}");
            return new QueryParams(limit, offset, iterator, stop, collectionId, string.IsNullOrEmpty(tz) ? null : tz);
        }
    }
}
