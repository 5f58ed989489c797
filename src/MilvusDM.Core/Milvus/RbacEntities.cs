namespace MilvusDM.Core.Milvus;

/// <summary>
/// One privilege a role holds, as Milvus's SelectGrant reports it: the object type (Collection, Global, User), the
/// object name ("*" for all), the database ("*" for all), the privilege (a built-in privilege, a built-in or custom
/// privilege group, or "*"), and who granted it.
/// </summary>
public sealed record RbacGrant(string Role, string ObjectType, string ObjectName, string Database, string Privilege, string Grantor = "")
{
    /// <summary>The same grant for another role, object or database (the grantor is whoever grants it again).</summary>
    public string Key => $"{Role}|{ObjectType}|{ObjectName}|{Database}|{Privilege}";

    public override string ToString() => $"{Privilege} on {ObjectType} '{ObjectName}' in database '{Database}' to role '{Role}'";
}

/// <summary>A role and the users bound to it.</summary>
public sealed record RbacRole(string Name, IReadOnlyList<string> Users);

/// <summary>A user and the roles bound to it (Milvus never returns passwords).</summary>
public sealed record RbacUser(string Name, IReadOnlyList<string> Roles);

/// <summary>A privilege group (2.4.16+) and its privileges.</summary>
public sealed record RbacPrivilegeGroup(string Name, IReadOnlyList<string> Privileges);
