namespace MilvusDM.Core.Milvus;

/// <summary>
/// Milvus's built-in RBAC names (milvus-io/milvus-proto common.proto <c>ObjectPrivilege</c> per branch, API names
/// without the "Privilege"/"PrivilegeGroup" prefix; milvus <c>pkg/util/constant.go</c> and
/// <c>paramtable/rbac_param.go</c>): the built-in roles, the built-in privilege groups ListPrivilegeGroups returns
/// beside custom ones, and each privilege with the first minor version whose protos have it.
/// </summary>
public static class RbacPrivileges
{
    /// <summary>util.DefaultRoles: they exist on every server and cannot be dropped.</summary>
    public static readonly IReadOnlyList<string> BuiltInRoles = ["admin", "public"];

    /// <summary>The groups rbacConfig.GetDefaultPrivilegeGroups appends to ListPrivilegeGroups (2.4.16+).</summary>
    public static readonly IReadOnlyList<string> BuiltInGroups =
    [
        "ClusterReadOnly", "ClusterReadWrite", "ClusterAdmin", "DatabaseReadOnly", "DatabaseReadWrite", "DatabaseAdmin",
        "CollectionReadOnly", "CollectionReadWrite", "CollectionAdmin",
    ];

    private static readonly (Version Since, string[] Names)[] BySince =
    [
        (new(2, 2), ["All", "CreateCollection", "DropCollection", "DescribeCollection", "ShowCollections", "Load", "Release", "Compaction",
            "Insert", "Delete", "GetStatistics", "CreateIndex", "IndexDetail", "DropIndex", "Search", "Flush", "Query", "LoadBalance", "Import",
            "CreateOwnership", "UpdateUser", "DropOwnership", "SelectOwnership", "ManageOwnership", "SelectUser", "CreateResourceGroup",
            "DropResourceGroup", "DescribeResourceGroup", "ListResourceGroups", "TransferNode", "TransferReplica", "GetLoadingProgress",
            "GetLoadState", "RenameCollection", "CreateDatabase", "DropDatabase", "ListDatabases", "FlushAll"]),
        (new(2, 3), ["Upsert", "CreatePartition", "DropPartition", "ShowPartitions", "HasPartition", "GetFlushState", "CreateAlias",
            "DropAlias", "DescribeAlias", "ListAliases"]),
        (new(2, 4), ["UpdateResourceGroups", "AlterDatabase", "DescribeDatabase", "BackupRBAC", "RestoreRBAC", "ReadOnly", "ReadWrite",
            "Admin", "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup", .. BuiltInGroups]),
        (new(2, 6), ["GetImportProgress", "ListImport", "AddCollectionField", "AddFileResource", "RemoveFileResource", "ListFileResources",
            "UpdateReplicateConfiguration", "GetReplicateConfiguration"]),
    ];

    /// <summary>True when a server of <paramref name="serverVersion"/> (e.g. "v2.5.14"; unparseable = newest) knows the built-in name.</summary>
    public static bool IsBuiltIn(string privilege, string serverVersion)
    {
        if (privilege == "*") return true;
        var version = Parse(serverVersion);
        return BySince.Any(s => s.Since <= version && s.Names.Contains(privilege, StringComparer.Ordinal));
    }

    /// <summary>Major.minor of a version string; unparseable gives the newest.</summary>
    private static Version Parse(string serverVersion)
    {
        var m = System.Text.RegularExpressions.Regex.Match(serverVersion ?? "", @"(\d+)\.(\d+)");
        return m.Success ? new Version(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : new Version(int.MaxValue, 0);
    }
}
