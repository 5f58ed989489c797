using Grpc.Core;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;
using MilvusDM.TestServer.Storage;
using MilvusDM.TestServer.Validation;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// Grants and privilege groups as Milvus 2.6 handles them: proxy checks (impl.go validPrivilegeParams,
/// validateOperatePrivilegeV2Params, validGrantParams, the alias resolution of proxy.resolveAliasForPrivilege), then
/// rootcoord's (operatePrivilegeCommonCheck, isValidPrivilege / isValidPrivilegeV2, validatePrivilegeGroupParams,
/// meta_table.go CheckIfPrivilegeGroup*). A grant made twice and a revoke of nothing are successes (the catalog's
/// ignorable errors). See proxy-rules.md §13.
/// </summary>
internal sealed partial class MilvusServiceImpl
{
    private const int OperatePrivilegeFailure = 41, SelectGrantFailure = 42;
    private const int CreatePrivilegeGroupFailure = 58, DropPrivilegeGroupFailure = 59, OperatePrivilegeGroupFailure = 61;

    private bool IsCustomGroup(string name) => Rbac.Group(name) is not null;

    public override Task<Status> OperatePrivilege(OperatePrivilegeRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            var e = request.Entity ?? throw ServerError.Unexpected("the entity in the request is nil");
            if (e.Grantor is null) throw ServerError.Unexpected("the grantor entity in the grant entity is nil");
            if (e.Grantor.Privilege is null) throw ServerError.Unexpected("the privilege entity in the grantor entity is nil");
            RbacNames.Privilege(e.Grantor.Privilege.Name);
            if (e.Object is null) throw ServerError.Unexpected("the resource entity in the grant entity is nil");
            RbacNames.ObjectType(e.Object.Name);
            RbacNames.Object(e.ObjectName);
            if (e.Role is null) throw ServerError.Unexpected("the object entity in the grant entity is nil");
            RbacNames.Role(e.Role.Name);
            string user = CurrentUser(context);
            string objectName = e.Object.Name == "Collection" ? ResolveAlias(e.DbName, e.ObjectName, context) : e.ObjectName;
            string privilege = e.Grantor.Privilege.Name;
            CommonCheck((int)request.Type, e.Object.Name, e.Role.Name, user);
            // isValidPrivilege (v1): no groups, and the privilege must belong to the object type.
            if (privilege != "*")
            {
                if (IsCustomGroup(privilege)) throw Failure(OperatePrivilegeFailure, $"can not operate the custom privilege group [{privilege}]");
                if (RbacCatalog.IsDefaultGroup(privilege)) throw Failure(OperatePrivilegeFailure, $"can not operate the built-in privilege group [{privilege}]");
                if (!RbacCatalog.IsDefined(privilege, Options) || !RbacCatalog.BelongsTo(privilege, e.Object.Name))
                    throw Failure(OperatePrivilegeFailure, $"not found the privilege name[{privilege}] in object[{e.Object.Name}]");
            }
            // A Global object that is no built-in group is stored for every object.
            if (e.Object.Name == "Global" && !RbacCatalog.IsBuiltinGroup(privilege)) objectName = "*";
            Apply(request.Type, e.Role.Name, e.Object.Name, objectName, e.DbName, privilege, user);
        });

    public override Task<Status> OperatePrivilegeV2(OperatePrivilegeV2Request request, ServerCallContext context) =>
        RunStatus(() =>
        {
            if (request.Role is null) throw ServerError.Invalid("the role in the request is nil");
            RbacNames.Role(request.Role.Name);
            string privilege = request.Grantor?.Privilege?.Name ?? "";   // Go would dereference nil here
            RbacNames.Privilege(privilege);
            if (request.Type is not (OperatePrivilegeType.Grant or OperatePrivilegeType.Revoke)) throw ServerError.Invalid("the type in the request not grant or revoke");
            if (request.DbName is not ("" or "*")) Names.Database(request.DbName);
            RbacNames.Collection(request.CollectionName);
            string user = CurrentUser(context);
            string collection = request.CollectionName is "*" or "" ? request.CollectionName : ResolveAlias(request.DbName, request.CollectionName, context);
            CommonCheck((int)request.Type, "Global", request.Role.Name, user);
            // isValidPrivilegeV2, then validatePrivilegeGroupParams (levels of groups).
            if (privilege != "*" && !IsCustomGroup(privilege) && !RbacCatalog.IsDefined(privilege, Options))
                throw Failure(OperatePrivilegeFailure, $"not found the privilege name[{privilege}]");
            CheckGroupScope(privilege, request.DbName, collection);
            Apply(request.Type, request.Role.Name, RbacCatalog.ObjectTypeOf(privilege), collection, request.DbName, privilege, user);
        });

    /// <summary>rootcoord operatePrivilegeCommonCheck, wrapped "failed to operate privilege common check: …".</summary>
    private void CommonCheck(int type, string objectType, string role, string user)
    {
        const string wrap = "failed to operate privilege common check: ";
        if (type is not (0 or 1))
            throw Failure(OperatePrivilegeFailure, $"{wrap}invalid operate privilege type, current type: {type}, valid value: [Grant, Revoke]");
        if (!RbacCatalog.IsObjectType(objectType)) throw Failure(OperatePrivilegeFailure, $"{wrap}the object entity in the request is nil or invalid");
        if (!Rbac.Roles.Contains(role)) throw Failure(OperatePrivilegeFailure, $"{wrap}{RoleNotFound}");
        if (!Rbac.Credentials.ContainsKey(user)) throw Failure(OperatePrivilegeFailure, $"{wrap}{UserNotFound}");
    }

    /// <summary>validatePrivilegeGroupParams: a (non-empty) group's level fixes which database and collection it may be granted on.</summary>
    private void CheckGroupScope(string privilege, string db, string collection)
    {
        var members = RbacCatalog.DefaultGroups.FirstOrDefault(g => g.Name == privilege).Privileges ?? Rbac.Group(privilege)?.ToArray();
        if (members is not { Length: > 0 }) return;
        switch (RbacCatalog.LevelOf(members[0]))
        {
            case "Cluster" when db != "*" || collection != "*":
                throw Failure(OperatePrivilegeFailure, $"dbName and collectionName should be * for the cluster level privilege: {privilege}: invalid parameter", 1100);
            case "Database" when collection is not ("" or "*"):
                throw Failure(OperatePrivilegeFailure, $"collectionName should be * for the database level privilege: {privilege}: invalid parameter", 1100);
            case "Collection" when db == "*" && collection is not ("" or "*"):
                throw Failure(OperatePrivilegeFailure, $"please specify database name for the collection level privilege: {privilege}: invalid parameter", 1100);
            case "":
                throw Failure(OperatePrivilegeFailure, "not found the privilege level");
        }
    }

    /// <summary>
    /// proxy.resolveAliasForPrivilege (default true): a named collection is looked up with DescribeAlias, so its
    /// database must exist (800), and an alias becomes its collection's name.
    /// </summary>
    private string ResolveAlias(string db, string name, ServerCallContext context)
    {
        if (name is "*" or "") return name;
        string dbName = db == "" ? "default" : db;
        var state = State.Databases.TryGetValue(dbName, out var d) ? d : throw ServerError.DatabaseNotFound(dbName);
        return state.Aliases.TryGetValue(name, out var target) ? target : name;
    }

    /// <summary>meta OperatePrivilege → catalog AlterGrant: an empty database is "default"; duplicates and missing revokes are ignorable.</summary>
    private void Apply(OperatePrivilegeType type, string role, string objectType, string objectName, string db, string privilege, string user)
    {
        var grant = new StoredGrant(role, objectType, objectName, db == "" ? "default" : db, privilege, user);
        var related = RbacCatalog.Related.GetValueOrDefault(privilege) ?? [];
        foreach (var g in new[] { grant }.Concat(related.Select(p => grant with { Privilege = p })))
        {
            int at = Rbac.Grants.FindIndex(x => x.SameAs(g));
            if (type == OperatePrivilegeType.Grant && at < 0) Rbac.Grants.Add(g);
            else if (type == OperatePrivilegeType.Revoke && at >= 0) Rbac.Grants.RemoveAt(at);
        }
    }

    public override Task<SelectGrantResponse> SelectGrant(SelectGrantRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var e = request.Entity ?? throw ServerError.Invalid("the grant entity in the request is nil");
            if (e.Object is not null)
            {
                RbacNames.ObjectType(e.Object.Name);
                RbacNames.Object(e.ObjectName);
            }
            if (e.Role is null) throw ServerError.Invalid("the role entity in the grant entity is nil");
            RbacNames.Role(e.Role.Name);
            string objectName = e.Object?.Name == "Collection" ? ResolveAlias(e.DbName, e.ObjectName, context) : e.ObjectName;
            if (!Rbac.Roles.Contains(e.Role.Name)) throw Failure(SelectGrantFailure, RoleNotFound);
            if (e.Object is not null && !RbacCatalog.IsObjectType(e.Object.Name))
                throw Failure(SelectGrantFailure, $"not found the object type[name: {e.Object.Name}], supported the object types: [Collection Global User]");
            string db = e.DbName == "" ? "default" : e.DbName;
            bool byObject = e.Object is { Name.Length: > 0 } && objectName != "";
            var r = new SelectGrantResponse { Status = Ok.Status };
            // catalog ListGrant: by role, grants of the database or of "*" ("*" asks for all); by object, the
            // object's key in the database and in "*" — asked with "*", only the "*" key is read.
            foreach (var g in Rbac.Grants.Where(g => g.Role == e.Role.Name
                && (byObject ? g.ObjectType == e.Object!.Name && g.ObjectName == objectName && (db == "*" ? g.Database == "*" : g.Database == db || g.Database == "*")
                    : g.Database == db || g.Database == "*" || db == "*")))
                r.Entities.Add(new GrantEntity
                {
                    Role = new RoleEntity { Name = g.Role }, Object = new ObjectEntity { Name = g.ObjectType }, ObjectName = g.ObjectName, DbName = g.Database,
                    Grantor = new GrantorEntity { User = new UserEntity { Name = g.Grantor }, Privilege = new PrivilegeEntity { Name = g.Privilege } },
                });
            return r;
        }, s => new SelectGrantResponse { Status = s });

    public override Task<Status> CreatePrivilegeGroup(CreatePrivilegeGroupRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.Group(request.GroupName);
            string name = request.GroupName.Trim();
            const string wrap = "failed to check if privilege group creatable: ";
            if (IsCustomGroup(name)) throw Failure(CreatePrivilegeGroupFailure, $"{wrap}privilege group name [{name}] is defined by users: invalid parameter", 1100);
            if (RbacCatalog.IsDefined(name, Options))
                throw Failure(CreatePrivilegeGroupFailure, $"{wrap}privilege group name [{name}] is defined by built in privileges or privilege groups in system: invalid parameter", 1100);
            Rbac.Groups.Add((name, []));
        });

    public override Task<Status> DropPrivilegeGroup(DropPrivilegeGroupRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.Group(request.GroupName);
            if (!IsCustomGroup(request.GroupName)) return;   // errNotCustomPrivilegeGroup: skipped as a success
            if (Rbac.Grants.FirstOrDefault(g => g.Privilege == request.GroupName) is { } used)
                throw Failure(DropPrivilegeGroupFailure, $"failed to check if privilege group dropable: privilege group [{request.GroupName}] is used by role [{used.Role}], Use REVOKE API to revoke it first");
            Rbac.Groups.RemoveAll(g => g.Name == request.GroupName);
        });

    public override Task<ListPrivilegeGroupsResponse> ListPrivilegeGroups(ListPrivilegeGroupsRequest request, ServerCallContext context) =>
        Run(() =>
        {
            var r = new ListPrivilegeGroupsResponse { Status = Ok.Status };
            foreach (var (name, privileges) in Rbac.Groups) r.PrivilegeGroups.Add(GroupInfo(name, privileges));
            if (Options.AtLeast(2, 4, 0))
                foreach (var (name, privileges) in RbacCatalog.DefaultGroups) r.PrivilegeGroups.Add(GroupInfo(name, RbacCatalog.Members(privileges, Options)));
            return r;
        }, s => new ListPrivilegeGroupsResponse { Status = s });

    private static PrivilegeGroupInfo GroupInfo(string name, IEnumerable<string> privileges)
    {
        var info = new PrivilegeGroupInfo { GroupName = name };
        info.Privileges.AddRange(privileges.Select(p => new PrivilegeEntity { Name = p }));
        return info;
    }

    public override Task<Status> OperatePrivilegeGroup(OperatePrivilegeGroupRequest request, ServerCallContext context) =>
        RunStatus(() =>
        {
            RbacNames.Group(request.GroupName);
            foreach (var p in request.Privileges) RbacNames.Privilege(p.Name);
            const string wrap = "failed to check if privilege group alterable: ";
            ServerError Bad(string why) => Failure(OperatePrivilegeGroupFailure, $"{wrap}{why}: invalid parameter", 1100);
            var group = Rbac.Group(request.GroupName) ?? throw Bad($"there is no privilege group name [{request.GroupName}] defined in system to operate");
            if (request.Privileges.Count == 0) throw Bad("privileges is empty when alter the privilege group");
            foreach (var p in request.Privileges)
                if (!RbacCatalog.IsDefined(p.Name, Options) && !IsCustomGroup(p.Name))
                    throw Bad($"there is no privilege name or privilege group name [{p.Name}] defined in system to operate");
            var names = request.Privileges.Select(p => p.Name).ToList();
            switch (request.Type)
            {
                case OperatePrivilegeGroupType.AddPrivilegesToGroup:
                    if (group.Union(names).Select(RbacCatalog.LevelOf).Distinct().Count() > 1) throw Bad("privileges are not the same privilege level");
                    group.AddRange(names.Where(n => !group.Contains(n)).Distinct());
                    break;
                case OperatePrivilegeGroupType.RemovePrivilegesFromGroup:
                    group.RemoveAll(names.Contains);
                    break;
                default:
                    throw Failure(OperatePrivilegeGroupFailure, "invalid operate privilege group type");
            }
        });
}
