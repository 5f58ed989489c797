namespace MilvusDM.TestServer.Storage;

/// <summary>
/// What rootcoord's RBAC meta holds: credentials (user → password; Milvus keeps a hash, the test server the text),
/// roles (admin and public from the start, as initRbac creates them), user → role bindings, grants, and custom
/// privilege groups. Guarded by <see cref="ServerState.Gate"/> like everything else.
/// </summary>
internal sealed class RbacState
{
    public Dictionary<string, string> Credentials { get; } = new(StringComparer.Ordinal);
    public List<string> Roles { get; } = ["admin", "public"];
    public HashSet<(string User, string Role)> Bindings { get; } = [];

    /// <summary>Grants in the order they were made (SelectGrant lists them so).</summary>
    public List<StoredGrant> Grants { get; } = [];

    /// <summary>Custom privilege groups in the order they were created, each with its privileges in the order they were added.</summary>
    public List<(string Name, List<string> Privileges)> Groups { get; } = [];

    public RbacState(IEnumerable<KeyValuePair<string, string>> users)
    {
        foreach (var (user, password) in users) Credentials[user] = password;
        // initPublicRolePrivilege (common.security.enablePublicPrivilege = true): what public holds from the start.
        Grants.Add(new StoredGrant("public", "Global", "*", "*", "DescribeCollection", "root"));
        Grants.Add(new StoredGrant("public", "Global", "*", "*", "ListAliases", "root"));
        Grants.Add(new StoredGrant("public", "Collection", "*", "*", "IndexDetail", "root"));
    }

    public List<string>? Group(string name) => Groups.FirstOrDefault(g => g.Name == name).Privileges;
}

/// <summary>One granted privilege: the grantee key (role, object type, database, object name) and the privilege's API name.</summary>
internal sealed record StoredGrant(string Role, string ObjectType, string ObjectName, string Database, string Privilege, string Grantor)
{
    public bool SameAs(StoredGrant g) => g.Role == Role && g.ObjectType == ObjectType && g.ObjectName == ObjectName && g.Database == Database && g.Privilege == Privilege;
}
