using MilvusDM.Core.Milvus;

namespace MilvusDM.Core.Backup;

/// <summary>
/// The RBAC part of a backup (taken with <c>IncludeRbac</c>; older manifests have none): custom roles (the built-in
/// admin and public exist everywhere), custom privilege groups with their privileges, the grants of every role
/// (built-in ones included), and users with their roles. Milvus never gives out passwords, so users are names only;
/// <see cref="Note"/> says so in the manifest itself.
/// </summary>
public sealed record BackupRbac
{
    public const string PasswordNote =
        "Passwords cannot be read from Milvus: users are recorded by name with their roles. A restore binds roles to the users that exist on the target and names the users it could not bind; create them there (with a password) first.";

    public string Note { get; init; } = PasswordNote;

    /// <summary>Roles other than the built-in admin and public.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Custom privilege groups (the built-in ones, e.g. ClusterReadOnly, exist on every 2.4.16+ server).</summary>
    public IReadOnlyList<RbacPrivilegeGroup> PrivilegeGroups { get; init; } = [];

    /// <summary>Every grant of every role, built-in roles included.</summary>
    public IReadOnlyList<RbacGrant> Grants { get; init; } = [];

    public IReadOnlyList<RbacUser> Users { get; init; } = [];
}
