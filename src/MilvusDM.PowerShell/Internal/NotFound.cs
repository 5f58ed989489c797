using MilvusDM.Core.Errors;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Errors for a named target that does not exist (Milvus drops many of them silently: we never do).</summary>
internal static class NotFound
{
    public static MilvusDMException Collection(string name, string database) => new(MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound",
        $"Collection '{name}' does not exist in database '{database}'.", "Run Get-MilvusCollection to list the collections.");

    public static MilvusDMException Partition(string name, string collection) => new(MilvusDMErrorKind.NotFound, "MilvusPartitionNotFound",
        $"Partition '{name}' does not exist in collection '{collection}'.", $"Run Get-MilvusPartition -CollectionName {collection} to list its partitions.");

    public static MilvusDMException Index(string what, string collection) => new(MilvusDMErrorKind.NotFound, "MilvusIndexNotFound",
        $"Collection '{collection}' has no index {what}.", $"Run Get-MilvusIndex -CollectionName {collection} to list its indexes.");

    public static MilvusDMException Alias(string name, string database) => new(MilvusDMErrorKind.NotFound, "MilvusAliasNotFound",
        $"Alias '{name}' does not exist in database '{database}'.", "Run Get-MilvusAlias to list the aliases.");

    public static MilvusDMException Database(string name) => new(MilvusDMErrorKind.NotFound, "MilvusDatabaseNotFound",
        $"Database '{name}' does not exist.", "Run Get-MilvusDatabase to list the databases.");
}
