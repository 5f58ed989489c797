using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    private const int MaxCollectionsPerDb = 65536;

    public override Task<Status> CreateCollection(CreateCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var db = Db(request.DbName, context);
            CollectionSchema schema;
            try { schema = CollectionSchema.Parser.ParseFrom(request.Schema); }
            catch (InvalidProtocolBufferException) { throw ServerError.Unexpected("proto: cannot parse invalid wire-format data"); }
            var fingerprint = request.ToByteArray();
            SchemaRules.Validate(request, schema, Options);
            if (db.Collections.TryGetValue(request.CollectionName, out var existing))
            {
                // Milvus answers success for an identical repeat and an error for different parameters.
                if (existing.CreateRequestFingerprint.AsSpan().SequenceEqual(fingerprint)) return;
                throw ServerError.Invalid($"create duplicate collection with different parameters, collection: {request.CollectionName}");
            }
            if (db.Aliases.ContainsKey(request.CollectionName))
                throw new ServerError(1601, $"alias and collection name conflict[database={db.Name}][alias={request.CollectionName}]");
            if (db.Collections.Count >= MaxCollectionsPerDb) throw new ServerError(102, "exceeded the limit number of collections");

            // rootcoord assignFieldAndFunctionID: fields from 100, then each struct field and its sub-fields.
            long nextField = 100;
            foreach (var f in schema.Fields) f.FieldID = nextField++;
            foreach (var st in schema.StructArrayFields)
            {
                st.FieldID = nextField++;
                foreach (var f in st.Fields) f.FieldID = nextField++;
            }
            var ids = schema.Fields.ToDictionary(f => f.Name, f => f.FieldID, StringComparer.Ordinal);
            for (int i = 0; i < schema.Functions.Count; i++)
            {
                var fn = schema.Functions[i];
                fn.Id = 100 + i;
                fn.InputFieldIds.Clear();
                fn.InputFieldIds.AddRange(fn.InputFieldNames.Select(n => ids[n]));
                fn.OutputFieldIds.Clear();
                fn.OutputFieldIds.AddRange(fn.OutputFieldNames.Select(n => ids[n]));
            }
            bool partitionKey = schema.Fields.Any(f => f.IsPartitionKey);
            ulong ts = State.Timestamps.Next();
            var c = new CollectionState
            {
                Name = request.CollectionName,
                Id = State.NewId(),
                Schema = schema,
                ShardsNum = request.ShardsNum > 0 ? request.ShardsNum : 1,
                Consistency = request.ConsistencyLevel,
                NumPartitions = partitionKey ? (request.NumPartitions > 0 ? request.NumPartitions : SchemaRules.DefaultPartitionsWithKey) : 1,
                CreatedTs = ts,
                UpdateTs = ts,
                CreateRequestFingerprint = fingerprint,
                Rows = new RowStore(Options.SegmentRows, State.NewId),
                AllowInsertAutoIdSupported = Options.AtLeast(2, 6, 3),
            };
            foreach (var p in request.Properties) c.Properties[p.Key] = p.Value;
            if (partitionKey)
                for (int i = 0; i < c.NumPartitions; i++) c.Partitions.Add(new PartitionState($"_default_{i}", State.NewId(), ts));
            else
                c.Partitions.Add(new PartitionState("_default", State.NewId(), ts));
            db.Collections[c.Name] = c;
        });

    public override Task<BoolResponse> HasCollection(HasCollectionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Collection(request.CollectionName);
            var db = Db(request.DbName, context);
            // rootcoord's GetCollectionByName resolves aliases too.
            bool found = db.Collections.ContainsKey(request.CollectionName)
                || (db.Aliases.TryGetValue(request.CollectionName, out var target) && db.Collections.ContainsKey(target));
            return new BoolResponse { Status = Ok.Status, Value = found };
        }, s => new BoolResponse { Status = s });

    /// <summary>
    /// DescribeCollection as the proxy's cached service provider answers it (the default): a collection name checked
    /// first; a missing collection is Status{code 0, error_code CollectionNotExists, "can't find collection[…]"};
    /// num_partitions is the number of partitions; struct-array fields without their type_params; Timestamptz
    /// defaults as RFC 3339 strings in the collection's timezone.
    /// </summary>
    public override Task<DescribeCollectionResponse> DescribeCollection(DescribeCollectionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            string requested = request.CollectionName;
            CollectionState? c;
            if (string.IsNullOrEmpty(requested) && request.CollectionID > 0)
            {
                c = db.Collections.Values.FirstOrDefault(x => x.Id == request.CollectionID);
                if (c is null) throw NotFoundForDescribe(db.Name, requested);
                requested = c.Name;
            }
            else
            {
                Names.Collection(requested);
                c = db.Collections.GetValueOrDefault(requested)
                    ?? (db.Aliases.TryGetValue(requested, out var target) ? db.Collections.GetValueOrDefault(target) : null)
                    ?? throw NotFoundForDescribe(db.Name, requested);
            }
            var schema = new CollectionSchema
            {
                Name = c.Schema.Name,
                Description = c.Schema.Description,
                AutoID = c.Schema.AutoID,
                EnableDynamicField = c.Schema.EnableDynamicField,
                DbName = db.Name,
            };
            schema.Fields.AddRange(c.Schema.Fields.Select(f => f.Clone()));
            schema.Functions.AddRange(c.Schema.Functions.Select(f => f.Clone()));
            schema.Properties.AddRange(c.Schema.Properties.Select(p => p.Clone()));
            foreach (var st in c.Schema.StructArrayFields)
            {
                var copy = new StructArrayFieldSchema { FieldID = st.FieldID, Name = st.Name, Description = st.Description };
                copy.Fields.AddRange(st.Fields.Select(f => f.Clone()));
                schema.StructArrayFields.Add(copy);
            }
            var zone = Timestamptz.FindZone(c.Timezone) ?? TimeZoneInfo.Utc;
            foreach (var f in schema.Fields.Where(f => f.DataType == DataType.Timestamptz && f.DefaultValue?.DataCase == ValueField.DataOneofCase.TimestamptzData))
                f.DefaultValue = new ValueField { StringData = Timestamptz.Format(f.DefaultValue.TimestamptzData, zone) };
            var r = new DescribeCollectionResponse
            {
                Status = Ok.Status,
                Schema = schema,
                CollectionID = c.Id,
                CreatedTimestamp = c.CreatedTs,
                CreatedUtcTimestamp = c.CreatedTs >> 18,
                ShardsNum = c.ShardsNum,
                ConsistencyLevel = c.Consistency,
                CollectionName = requested,
                DbName = db.Name,
                NumPartitions = c.Partitions.Count,
                DbId = db.Id,
                RequestTime = State.Timestamps.Next(),
                UpdateTimestamp = c.UpdateTs,
                UpdateTimestampStr = c.UpdateTs.ToString(CultureInfo.InvariantCulture),
            };
            for (int i = 0; i < c.ShardsNum; i++) r.VirtualChannelNames.Add($"by-dev-rootcoord-dml_{i}_{c.Id}v{i}");
            r.Aliases.AddRange(AliasesOf(db, c));
            foreach (var (k, v) in c.Properties) r.Properties.Add(new KeyValuePair { Key = k, Value = v });
            return r;
        }, s => new DescribeCollectionResponse { Status = s });

    /// <summary>The cached provider's answer for a missing collection: code 0 with the legacy CollectionNotExists.</summary>
    private static ServerError NotFoundForDescribe(string db, string name) =>
        new(0, $"can't find collection[database={db}][collection={name}]", legacy: 4) { InputError = true };

    public override Task<Status> DropCollection(DropCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var db = Db(request.DbName, context);
            if (!db.Collections.ContainsKey(request.CollectionName))
            {
                // rootcoord dropCollectionTask.validate: plain errors (65535).
                if (db.Aliases.ContainsKey(request.CollectionName)) throw ServerError.Unexpected($"cannot drop the collection via alias = {request.CollectionName}");
                return;   // dropping a missing collection succeeds, as on 2.3+
            }
            var aliases = db.Aliases.Where(a => a.Value == request.CollectionName).Select(a => a.Key).OrderBy(a => a, StringComparer.Ordinal).ToList();
            if (aliases.Count > 0)   // Go's %v of a []string: "[a b]"
                throw ServerError.Unexpected($"unable to drop the collection [{request.CollectionName}] because it has associated aliases [{string.Join(' ', aliases)}], please remove all aliases before dropping the collection");
            db.Collections.Remove(request.CollectionName);
        });

    public override Task<ShowCollectionsResponse> ShowCollections(ShowCollectionsRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            var r = new ShowCollectionsResponse { Status = Ok.Status };
            foreach (var c in db.Collections.Values.OrderBy(c => c.Id))
            {
                if (request.CollectionNames.Count > 0 && !request.CollectionNames.Contains(c.Name)) continue;
                r.CollectionNames.Add(c.Name);
                r.CollectionIds.Add(c.Id);
                r.CreatedTimestamps.Add(c.CreatedTs);
                r.CreatedUtcTimestamps.Add(c.CreatedTs >> 18);
                r.InMemoryPercentages.Add(c.Loaded ? 100 : 0);
                r.QueryServiceAvailable.Add(c.Loaded);
                r.ShardsNum.Add(c.ShardsNum);
            }
            return r;
        }, s => new ShowCollectionsResponse { Status = s });

    public override Task<Status> AlterCollection(AlterCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            if (request.Properties.Count > 0 && request.DeleteKeys.Count > 0)
                throw ServerError.Invalid("cannot provide both DeleteKeys and ExtraParams");
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            var props = request.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (c.Loaded && props.Keys.Any(k => k is "mmap.enabled" or "lazyload.enabled"))
                throw new ServerError(104, $"collection already loaded[collection={c.Name}]: can not alter mmap properties if collection loaded");
            if (props.TryGetValue("allow_insert_auto_id", out var allow) && bool.TryParse(allow, out var on) && on && !c.PrimaryField.AutoID)
                throw ServerError.Invalid("the value for allow_insert_auto_id must be false when autoID is false");
            if (props.TryGetValue("timezone", out var tz) && Timestamptz.FindZone(tz) is null)
                throw ServerError.Invalid($"unknown or invalid IANA Time Zone ID: {tz}");
            SchemaRules.CollectionTtl(props);
            foreach (var p in request.Properties) c.Properties[p.Key] = p.Value;
            foreach (var k in request.DeleteKeys) c.Properties.Remove(k);
            c.UpdateTs = State.Timestamps.Next();
        });

    public override Task<GetCollectionStatisticsResponse> GetCollectionStatistics(GetCollectionStatisticsRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            return RowCountResponse(c.Partitions.Sum(p => p.FlushedRows));
        }, s => new GetCollectionStatisticsResponse { Status = s });

    private static GetCollectionStatisticsResponse RowCountResponse(long rows)
    {
        var r = new GetCollectionStatisticsResponse { Status = Ok.Status };
        r.Stats.Add(new KeyValuePair { Key = "row_count", Value = rows.ToString(CultureInfo.InvariantCulture) });
        return r;
    }
}
