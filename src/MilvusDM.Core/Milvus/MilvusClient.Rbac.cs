using System.Text;
using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// Users, roles, grants and privilege groups (MEP 27/29) through the public per-entity RPCs, which every 2.x server
/// with RBAC has (privilege groups and OperatePrivilegeV2 from 2.4). Milvus never returns passwords.
/// </summary>
public sealed partial class MilvusClient
{
    /// <summary>Every role with the users bound to it (SelectRole with include_user_info).</summary>
    public async Task<IReadOnlyList<RbacRole>> ListRolesAsync(CancellationToken ct = default) =>
        (await InvokeAsync("SelectRole", o => _grpc.SelectRoleAsync(new SelectRoleRequest { IncludeUserInfo = true }, o), x => x.Status, ct).ConfigureAwait(false))
            .Results.Select(r => new RbacRole(r.Role.Name, r.Users.Select(u => u.Name).Order(StringComparer.Ordinal).ToArray()))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Every user with its roles (SelectUser with include_role_info).</summary>
    public async Task<IReadOnlyList<RbacUser>> ListUsersAsync(CancellationToken ct = default) =>
        (await InvokeAsync("SelectUser", o => _grpc.SelectUserAsync(new SelectUserRequest { IncludeRoleInfo = true }, o), x => x.Status, ct).ConfigureAwait(false))
            .Results.Select(r => new RbacUser(r.User.Name, r.Roles.Select(x => x.Name).Order(StringComparer.Ordinal).ToArray()))
            .OrderBy(u => u.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The user names (ListCredUsers).</summary>
    public async Task<IReadOnlyList<string>> ListUserNamesAsync(CancellationToken ct = default) =>
        (await InvokeAsync("ListCredUsers", o => _grpc.ListCredUsersAsync(new ListCredUsersRequest(), o), x => x.Status, ct).ConfigureAwait(false))
            .Usernames.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every grant of a role in every database (SelectGrant with db_name "*").</summary>
    public async Task<IReadOnlyList<RbacGrant>> ListGrantsAsync(string role, CancellationToken ct = default)
    {
        var request = new SelectGrantRequest { Entity = new GrantEntity { Role = new RoleEntity { Name = role }, DbName = "*" } };
        return (await InvokeAsync("SelectGrant", o => _grpc.SelectGrantAsync(request, o), x => x.Status, ct).ConfigureAwait(false))
            .Entities.Select(e => new RbacGrant(e.Role.Name, e.Object.Name, e.ObjectName, e.DbName, e.Grantor.Privilege.Name, e.Grantor.User?.Name ?? ""))
            .ToArray();
    }

    /// <summary>Every privilege group, built-in ones (<see cref="RbacPrivileges.BuiltInGroups"/>) included.</summary>
    public async Task<IReadOnlyList<RbacPrivilegeGroup>> ListPrivilegeGroupsAsync(CancellationToken ct = default) =>
        (await InvokeAsync("ListPrivilegeGroups", o => _grpc.ListPrivilegeGroupsAsync(new ListPrivilegeGroupsRequest(), o), x => x.Status, ct).ConfigureAwait(false))
            .PrivilegeGroups.Select(g => new RbacPrivilegeGroup(g.GroupName, g.Privileges.Select(p => p.Name).ToArray())).ToArray();

    /// <summary>Creates a user; the password goes Base64-encoded, as Milvus expects, and is never logged.</summary>
    public Task CreateUserAsync(string user, string password, CancellationToken ct = default)
    {
        var request = new CreateCredentialRequest { Username = user, Password = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)) };
        return InvokeAsync("CreateCredential", o => _grpc.CreateCredentialAsync(request, o), ct);
    }

    public Task CreateRoleAsync(string role, CancellationToken ct = default) =>
        InvokeAsync("CreateRole", o => _grpc.CreateRoleAsync(new CreateRoleRequest { Entity = new RoleEntity { Name = role } }, o), ct);

    /// <summary>Drops a role; with <paramref name="force"/> even when it still holds grants.</summary>
    public Task DropRoleAsync(string role, bool force = false, CancellationToken ct = default) =>
        InvokeAsync("DropRole", o => _grpc.DropRoleAsync(new DropRoleRequest { RoleName = role, ForceDrop = force }, o), ct);

    /// <summary>Binds (or with <paramref name="remove"/> unbinds) a user and a role.</summary>
    public Task BindRoleAsync(string user, string role, bool remove = false, CancellationToken ct = default)
    {
        var request = new OperateUserRoleRequest { Username = user, RoleName = role, Type = remove ? OperateUserRoleType.RemoveUserFromRole : OperateUserRoleType.AddUserToRole };
        return InvokeAsync("OperateUserRole", o => _grpc.OperateUserRoleAsync(request, o), ct);
    }

    /// <summary>
    /// Grants (or revokes) a privilege with OperatePrivilegeV2 (db_name + collection_name; the server derives the object
    /// type, and privilege groups are allowed). Milvus records the connection's user as the grantor, so the call needs
    /// one (a user and password, or a token).
    /// </summary>
    public Task GrantV2Async(string role, string privilege, string database, string collection, bool revoke = false, CancellationToken ct = default)
    {
        var request = new OperatePrivilegeV2Request
        {
            Role = new RoleEntity { Name = role },
            Grantor = new GrantorEntity { Privilege = new PrivilegeEntity { Name = privilege } },
            Type = revoke ? OperatePrivilegeType.Revoke : OperatePrivilegeType.Grant,
            DbName = database, CollectionName = collection,
        };
        return InvokeAsync("OperatePrivilegeV2", o => _grpc.OperatePrivilegeV2Async(request, o), ct);
    }

    /// <summary>Grants (or revokes) a built-in privilege on an object with the original OperatePrivilege (every RBAC server).</summary>
    public Task GrantAsync(RbacGrant grant, bool revoke = false, CancellationToken ct = default)
    {
        var request = new OperatePrivilegeRequest
        {
            Entity = new GrantEntity
            {
                Role = new RoleEntity { Name = grant.Role }, Object = new ObjectEntity { Name = grant.ObjectType },
                ObjectName = grant.ObjectName, DbName = grant.Database,
                Grantor = new GrantorEntity { Privilege = new PrivilegeEntity { Name = grant.Privilege } },
            },
            Type = revoke ? OperatePrivilegeType.Revoke : OperatePrivilegeType.Grant,
        };
        return InvokeAsync("OperatePrivilege", o => _grpc.OperatePrivilegeAsync(request, o), ct);
    }

    public Task CreatePrivilegeGroupAsync(string group, CancellationToken ct = default) =>
        InvokeAsync("CreatePrivilegeGroup", o => _grpc.CreatePrivilegeGroupAsync(new CreatePrivilegeGroupRequest { GroupName = group }, o), ct);

    public Task DropPrivilegeGroupAsync(string group, CancellationToken ct = default) =>
        InvokeAsync("DropPrivilegeGroup", o => _grpc.DropPrivilegeGroupAsync(new DropPrivilegeGroupRequest { GroupName = group }, o), ct);

    /// <summary>Adds privileges to (or with <paramref name="remove"/> removes them from) a custom privilege group.</summary>
    public Task AlterPrivilegeGroupAsync(string group, IEnumerable<string> privileges, bool remove = false, CancellationToken ct = default)
    {
        var request = new OperatePrivilegeGroupRequest
        {
            GroupName = group,
            Type = remove ? OperatePrivilegeGroupType.RemovePrivilegesFromGroup : OperatePrivilegeGroupType.AddPrivilegesToGroup,
        };
        request.Privileges.AddRange(privileges.Select(p => new PrivilegeEntity { Name = p }));
        return InvokeAsync("OperatePrivilegeGroup", o => _grpc.OperatePrivilegeGroupAsync(request, o), ct);
    }

    /// <summary>True when the connection names a user or token (Milvus needs one to record a grantor).</summary>
    public bool HasIdentity => !string.IsNullOrEmpty(Options.User) || !string.IsNullOrEmpty(Options.Token);
}
