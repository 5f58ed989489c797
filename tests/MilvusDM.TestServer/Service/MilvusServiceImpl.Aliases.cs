using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using KeyValuePair = Milvus.Client.Grpc.KeyValuePair;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

internal sealed partial class MilvusServiceImpl
{
    public override Task<Status> CreateAlias(CreateAliasRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Alias(request.Alias);
            Names.Collection(request.CollectionName);
            var db = Db(request.DbName, context);
            if (!db.Collections.ContainsKey(request.CollectionName)) throw ServerError.CollectionNotFound(db.Name, request.CollectionName);
            if (db.Collections.ContainsKey(request.Alias)) throw new ServerError(1601, $"alias and collection name conflict[database={db.Name}][alias={request.Alias}]");
            if (db.Aliases.TryGetValue(request.Alias, out var target))
            {
                if (target == request.CollectionName) return;
                throw new ServerError(1602, $"{request.Alias} is alias to another collection: {target}: alias already exist[database={db.Name}][alias={request.Alias}]");
            }
            db.Aliases[request.Alias] = request.CollectionName;
        });

    public override Task<Status> AlterAlias(AlterAliasRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            Names.Alias(request.Alias);
            Names.Collection(request.CollectionName);
            var db = Db(request.DbName, context);
            // rootcoord CheckIfAliasAlterable: name conflict, then the target (merr.WrapErrCollectionNotFound: no database), then the alias.
            if (db.Collections.ContainsKey(request.Alias)) throw new ServerError(1601, $"alias and collection name conflict[database={db.Name}][alias={request.Alias}]");
            if (!db.Collections.ContainsKey(request.CollectionName)) throw new ServerError(100, $"collection not found[collection={request.CollectionName}]");
            if (!db.Aliases.ContainsKey(request.Alias)) throw ServerError.AliasNotFound(db.Name, request.Alias);
            db.Aliases[request.Alias] = request.CollectionName;
        });

    public override Task<Status> DropAlias(DropAliasRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            // The proxy checks no name; rootcoord trims it and refuses a missing alias (CheckIfAliasDroppable).
            var db = Db(request.DbName.Trim(), context);
            string alias = request.Alias.Trim();
            if (!db.Aliases.Remove(alias)) throw ServerError.AliasNotFound(db.Name, alias);
        });

    public override Task<DescribeAliasResponse> DescribeAlias(DescribeAliasRequest request, ServerCallContext context) =>
        Run(() =>
        {
            Names.Alias(request.Alias);
            var db = Db(request.DbName, context);
            var target = db.Aliases.TryGetValue(request.Alias, out var t) ? t : throw ServerError.AliasNotFound(db.Name, request.Alias);
            return new DescribeAliasResponse { Status = Ok.Status, DbName = db.Name, Alias = request.Alias, Collection = target };
        }, s => new DescribeAliasResponse { Status = s });

    public override Task<ListAliasesResponse> ListAliases(ListAliasesRequest request, ServerCallContext context) =>
        Run(() =>
        {
            if (!string.IsNullOrEmpty(request.CollectionName)) Names.Collection(request.CollectionName);
            var db = Db(request.DbName, context);
            var r = new ListAliasesResponse { Status = Ok.Status, DbName = db.Name, CollectionName = request.CollectionName };
            if (!string.IsNullOrEmpty(request.CollectionName))
                r.Aliases.AddRange(AliasesOf(db, Coll(db, request.CollectionName)));
            else
                r.Aliases.AddRange(db.Aliases.Keys.OrderBy(a => a, StringComparer.Ordinal));
            return r;
        }, s => new ListAliasesResponse { Status = s });
}
