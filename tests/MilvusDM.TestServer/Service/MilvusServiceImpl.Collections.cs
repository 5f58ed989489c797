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
    private const int DefaultNumPartitions = 16, MaxCollectionsPerDb = 65536;

    public override Task<Status> CreateCollection(CreateCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var db = Db(request.DbName, context);
            SchemaRules.ValidateName(request.CollectionName, "collection");
            CollectionSchema schema;
            try { schema = CollectionSchema.Parser.ParseFrom(request.Schema); }
            catch (InvalidProtocolBufferException e) { throw ServerError.Invalid($"the schema cannot be parsed: {e.Message}"); }
            if (!string.IsNullOrEmpty(schema.Name) && schema.Name != request.CollectionName)
                throw ServerError.Invalid($"collection name [{request.CollectionName}] not matches schema name [{schema.Name}]");
            schema.Name = request.CollectionName;
            var fingerprint = request.ToByteArray();
            if (db.Collections.TryGetValue(request.CollectionName, out var existing))
            {
                // Milvus answers success for an identical repeat and an error for different parameters.
                if (existing.CreateRequestFingerprint.AsSpan().SequenceEqual(fingerprint)) return;
                throw ServerError.Invalid($"create duplicate collection with different parameters, collection: {request.CollectionName}");
            }
            if (db.Aliases.ContainsKey(request.CollectionName))
                throw new ServerError(1601, $"collection name [{request.CollectionName}] conflicts with an existing alias");
            if (db.Collections.Count >= MaxCollectionsPerDb) throw new ServerError(102, "exceeded the limit number of collections");
            SchemaRules.Validate(schema, request.ShardsNum);
            ValidateProperties(request.Properties);

            long nextField = 100;
            foreach (var f in schema.Fields) f.FieldID = nextField++;
            bool partitionKey = schema.Fields.Any(f => f.IsPartitionKey);
            if (!partitionKey && request.NumPartitions > 0) throw ServerError.Invalid("num_partitions should only be specified with partition key field enabled");
            ulong ts = State.Timestamps.Next();
            var c = new CollectionState
            {
                Name = request.CollectionName,
                Id = State.NewId(),
                Schema = schema,
                ShardsNum = request.ShardsNum > 0 ? request.ShardsNum : 1,
                Consistency = request.ConsistencyLevel,
                NumPartitions = partitionKey ? (request.NumPartitions > 0 ? request.NumPartitions : DefaultNumPartitions) : 0,
                CreatedTs = ts,
                UpdateTs = ts,
                CreateRequestFingerprint = fingerprint,
                Rows = new RowStore(Options.SegmentRows, State.NewId),
            };
            foreach (var p in request.Properties) c.Properties[p.Key] = p.Value;
            if (partitionKey)
                for (int i = 0; i < c.NumPartitions; i++) c.Partitions.Add(new PartitionState($"_default_{i}", State.NewId(), ts));
            else
                c.Partitions.Add(new PartitionState("_default", State.NewId(), ts));
            db.Collections[c.Name] = c;
        });

    private static void ValidateProperties(IEnumerable<KeyValuePair> properties)
    {
        foreach (var p in properties)
            if (p.Key == "collection.ttl.seconds" && !long.TryParse(p.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                throw ServerError.Invalid($"collection TTL is not a valid positive integer: {p.Value}");
    }

    public override Task<BoolResponse> HasCollection(HasCollectionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            return new BoolResponse { Status = Ok.Status, Value = db.Collections.ContainsKey(request.CollectionName) };
        }, s => new BoolResponse { Status = s });

    public override Task<DescribeCollectionResponse> DescribeCollection(DescribeCollectionRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var db = Db(request.DbName, context);
            var c = request.CollectionID != 0 && string.IsNullOrEmpty(request.CollectionName)
                ? db.Collections.Values.FirstOrDefault(x => x.Id == request.CollectionID) ?? throw ServerError.CollectionNotFound(db.Name, request.CollectionID.ToString(CultureInfo.InvariantCulture))
                : Coll(db, request.CollectionName);
            var r = new DescribeCollectionResponse
            {
                Status = Ok.Status,
                Schema = c.Schema.Clone(),
                CollectionID = c.Id,
                CreatedTimestamp = c.CreatedTs,
                CreatedUtcTimestamp = c.CreatedTs >> 18,
                ShardsNum = c.ShardsNum,
                ConsistencyLevel = c.Consistency,
                CollectionName = c.Name,
                DbName = db.Name,
                NumPartitions = c.NumPartitions,
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

    public override Task<Status> DropCollection(DropCollectionRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var db = Db(request.DbName, context);
            if (!db.Collections.ContainsKey(request.CollectionName))
            {
                if (db.Aliases.ContainsKey(request.CollectionName)) throw ServerError.Invalid($"cannot drop the collection via alias = {request.CollectionName}");
                return;   // dropping a missing collection succeeds, as on 2.3+
            }
            if (db.Aliases.ContainsValue(request.CollectionName))
                throw ServerError.Invalid($"unable to drop the collection [{request.CollectionName}] because it has associated aliases, please drop all aliases before dropping the collection");
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
            var c = Coll(Db(request.DbName, context), request.CollectionName);
            if (request.Properties.Count > 0 && request.DeleteKeys.Count > 0)
                throw ServerError.Invalid("cannot provide properties and delete keys at the same time");
            ValidateProperties(request.Properties);
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
