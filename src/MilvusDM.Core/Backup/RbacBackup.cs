using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;

namespace MilvusDM.Core.Backup;

/// <summary>
/// Reads a server's RBAC state into a <see cref="BackupRbac"/> through the per-entity RPCs (SelectRole, SelectUser,
/// SelectGrant per role, ListPrivilegeGroups), which work on every 2.x server with RBAC, not only those with
/// BackupRBAC. A server without privilege groups (before 2.4.16: the RPC is unknown) has none to back up.
/// </summary>
public static class RbacBackup
{
    public static async Task<BackupRbac> ReadAsync(MilvusClient client, CancellationToken ct)
    {
        var roles = await client.ListRolesAsync(ct).ConfigureAwait(false);
        var grants = new List<RbacGrant>();
        foreach (var role in roles) grants.AddRange(await client.ListGrantsAsync(role.Name, ct).ConfigureAwait(false));
        var groups = await CustomGroupsAsync(client, ct).ConfigureAwait(false);
        var users = await client.ListUsersAsync(ct).ConfigureAwait(false);
        return new BackupRbac
        {
            Roles = roles.Select(r => r.Name).Where(r => !RbacPrivileges.BuiltInRoles.Contains(r)).Order(StringComparer.Ordinal).ToList(),
            PrivilegeGroups = groups.OrderBy(g => g.Name, StringComparer.Ordinal).ToList(),
            Grants = grants.OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
            Users = users.ToList(),
        };
    }

    /// <summary>The server's custom privilege groups; none when it has no privilege groups at all.</summary>
    internal static async Task<IReadOnlyList<RbacPrivilegeGroup>> CustomGroupsAsync(MilvusClient client, CancellationToken ct)
    {
        try
        {
            return (await client.ListPrivilegeGroupsAsync(ct).ConfigureAwait(false)).Where(g => !RbacPrivileges.BuiltInGroups.Contains(g.Name)).ToList();
        }
        catch (MilvusServerException e) when (e.ErrorId == "MilvusRpcUnsupported")
        {
            return [];
        }
    }
}
