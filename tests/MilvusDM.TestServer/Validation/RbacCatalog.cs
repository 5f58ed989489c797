namespace MilvusDM.TestServer.Validation;

/// <summary>
/// Milvus 2.6's built-in privileges (pkg/util/constant.go): which object type each belongs to (ObjectPrivileges; a few
/// exist only for OperatePrivilegeV2), the built-in privilege groups with their members (rbac_param.go), privilege
/// levels (GetPrivilegeLevel) and when each name appeared in milvus-proto's ObjectPrivilege enum (2.2, 2.3, 2.4, 2.6
/// branches), so a server reporting an older <see cref="TestServerOptions.Version"/> does not know newer names.
/// </summary>
internal static class RbacCatalog
{
    public static readonly string[] DefaultRoles = ["admin", "public"];

    private static readonly string[] CollectionReadOnly = ["Query", "Search", "IndexDetail", "GetFlushState", "GetLoadState", "GetLoadingProgress",
        "HasPartition", "ShowPartitions", "DescribeCollection", "DescribeAlias", "GetStatistics", "ListAliases", "GetImportProgress", "ListImport"];
    private static readonly string[] CollectionReadWrite = [.. CollectionReadOnly, "Load", "Release", "Insert", "Delete", "Upsert", "Import", "Flush",
        "Compaction", "LoadBalance", "CreateIndex", "DropIndex", "CreatePartition", "DropPartition", "AddCollectionField"];
    private static readonly string[] CollectionAdmin = [.. CollectionReadWrite, "CreateAlias", "DropAlias"];
    private static readonly string[] DatabaseReadOnly = ["ShowCollections", "DescribeDatabase"];
    private static readonly string[] DatabaseReadWrite = [.. DatabaseReadOnly, "AlterDatabase"];
    private static readonly string[] DatabaseAdmin = [.. DatabaseReadWrite, "CreateCollection", "DropCollection"];
    private static readonly string[] ClusterReadOnly = ["ListDatabases", "SelectOwnership", "SelectUser", "DescribeResourceGroup", "ListResourceGroups",
        "ListPrivilegeGroups", "GetReplicateConfiguration"];
    private static readonly string[] ClusterReadWrite = [.. ClusterReadOnly, "FlushAll", "TransferNode", "TransferReplica", "UpdateResourceGroups"];
    private static readonly string[] ClusterAdmin = [.. ClusterReadWrite, "BackupRBAC", "RestoreRBAC", "CreateDatabase", "DropDatabase", "CreateOwnership",
        "DropOwnership", "ManageOwnership", "CreateResourceGroup", "DropResourceGroup", "UpdateUser", "RenameCollection", "CreatePrivilegeGroup",
        "DropPrivilegeGroup", "OperatePrivilegeGroup", "UpdateReplicateConfiguration"];

    /// <summary>rbacConfig.GetDefaultPrivilegeGroups, in its order.</summary>
    public static readonly (string Name, string[] Privileges)[] DefaultGroups =
    [
        ("ClusterReadOnly", ClusterReadOnly), ("ClusterReadWrite", ClusterReadWrite), ("ClusterAdmin", ClusterAdmin),
        ("DatabaseReadOnly", DatabaseReadOnly), ("DatabaseReadWrite", DatabaseReadWrite), ("DatabaseAdmin", DatabaseAdmin),
        ("CollectionReadOnly", CollectionReadOnly), ("CollectionReadWrite", CollectionReadWrite), ("CollectionAdmin", CollectionAdmin),
    ];

    /// <summary>util.ObjectPrivileges (API names).</summary>
    private static readonly Dictionary<string, string[]> ObjectPrivileges = new(StringComparer.Ordinal)
    {
        ["Collection"] = ["Load", "Release", "Compaction", "Insert", "Delete", "Upsert", "GetStatistics", "CreateIndex", "IndexDetail", "DropIndex",
            "Search", "Flush", "Query", "LoadBalance", "Import", "GetLoadingProgress", "GetLoadState", "CreatePartition", "DropPartition",
            "ShowPartitions", "HasPartition", "GetFlushState", "ReadOnly", "ReadWrite", "GetImportProgress", "ListImport", "AddCollectionField"],
        ["Global"] = ["All", "CreateCollection", "DropCollection", "DescribeCollection", "ShowCollections", "RenameCollection", "CreateOwnership",
            "DropOwnership", "SelectOwnership", "ManageOwnership", "BackupRBAC", "RestoreRBAC", "CreateResourceGroup", "UpdateResourceGroups",
            "DropResourceGroup", "DescribeResourceGroup", "ListResourceGroups", "TransferReplica", "TransferNode", "FlushAll", "CreateDatabase",
            "DropDatabase", "ListDatabases", "AlterDatabase", "DescribeDatabase", "CreateAlias", "DropAlias", "DescribeAlias", "ListAliases", "Admin",
            "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup", .. DefaultGroups.Select(g => g.Name),
            "UpdateReplicateConfiguration"],
        ["User"] = ["UpdateUser", "SelectUser"],
    };

    /// <summary>util.RelatedPrivileges: granting one through the proxy grants these too.</summary>
    public static readonly Dictionary<string, string[]> Related = new(StringComparer.Ordinal)
    {
        ["Load"] = ["GetLoadState", "GetLoadingProgress"],
        ["Flush"] = ["GetFlushState"],
    };

    /// <summary>The ObjectPrivilege enum names (without "Privilege"/"PrivilegeGroup") by the minor version whose protos first have them.</summary>
    private static readonly (int Minor, string[] Names)[] Since =
    [
        (2, ["All", "CreateCollection", "DropCollection", "DescribeCollection", "ShowCollections", "Load", "Release", "Compaction", "Insert", "Delete",
            "GetStatistics", "CreateIndex", "IndexDetail", "DropIndex", "Search", "Flush", "Query", "LoadBalance", "Import", "CreateOwnership",
            "UpdateUser", "DropOwnership", "SelectOwnership", "ManageOwnership", "SelectUser", "CreateResourceGroup", "DropResourceGroup",
            "DescribeResourceGroup", "ListResourceGroups", "TransferNode", "TransferReplica", "GetLoadingProgress", "GetLoadState", "RenameCollection",
            "CreateDatabase", "DropDatabase", "ListDatabases", "FlushAll"]),
        (3, ["Upsert", "CreatePartition", "DropPartition", "ShowPartitions", "HasPartition", "GetFlushState", "CreateAlias", "DropAlias", "DescribeAlias",
            "ListAliases"]),
        (4, ["UpdateResourceGroups", "AlterDatabase", "DescribeDatabase", "BackupRBAC", "RestoreRBAC", "ReadOnly", "ReadWrite", "Admin",
            "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup", .. DefaultGroups.Select(g => g.Name)]),
        (6, ["GetImportProgress", "ListImport", "AddCollectionField", "AddFileResource", "RemoveFileResource", "ListFileResources",
            "UpdateReplicateConfiguration", "GetReplicateConfiguration"]),
    ];

    /// <summary>util.IsPrivilegeNameDefined on a server of the options' version.</summary>
    public static bool IsDefined(string name, TestServerOptions options) =>
        Since.Any(s => options.AtLeast(2, s.Minor, 0) && s.Names.Contains(name, StringComparer.Ordinal));

    public static bool IsDefaultGroup(string name) => DefaultGroups.Any(g => g.Name == name);

    /// <summary>util.IsBuiltinPrivilegeGroup: the PrivilegeGroup* enum names (ReadOnly, ReadWrite, Admin and the nine default groups).</summary>
    public static bool IsBuiltinGroup(string name) => name is "ReadOnly" or "ReadWrite" or "Admin" || IsDefaultGroup(name);

    /// <summary>True when <paramref name="privilege"/> is listed for the object type (util.ObjectPrivileges).</summary>
    public static bool BelongsTo(string privilege, string objectType) =>
        ObjectPrivileges.TryGetValue(objectType, out var names) && names.Contains(privilege, StringComparer.Ordinal);

    public static bool IsObjectType(string name) => ObjectPrivileges.ContainsKey(name);

    /// <summary>util.GetObjectType: the first object type listing the privilege, else Global.</summary>
    public static string ObjectTypeOf(string privilege) =>
        ObjectPrivileges.FirstOrDefault(o => o.Value.Contains(privilege, StringComparer.Ordinal)).Key ?? "Global";

    /// <summary>util.GetPrivilegeLevel: Cluster, Database, Collection, or "" for anything else.</summary>
    public static string LevelOf(string privilege) =>
        ClusterAdmin.Contains(privilege) ? "Cluster" : DatabaseAdmin.Contains(privilege) ? "Database" : CollectionAdmin.Contains(privilege) ? "Collection" : "";

    /// <summary>A default group's members on a server of this version.</summary>
    public static IEnumerable<string> Members(string[] privileges, TestServerOptions options) => privileges.Where(p => IsDefined(p, options));
}
