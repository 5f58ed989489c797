using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.Core.Transfer;

/// <summary>
/// Refuses a copy whose destination is its own source — the same collection (by id, real name and database; ids are
/// unique in a Milvus cluster, so an alias or a second connection to the same server is seen through) — before
/// anything is touched: Overwrite would drop the source and Append would double it.
/// </summary>
internal static class SameCollectionGuard
{
    public static async Task ThrowIfSameAsync(CollectionSpec source, MilvusClient destination, string target, WriteMode mode, CancellationToken ct)
    {
        CollectionSpec existing;
        try { existing = await destination.DescribeCollectionAsync(target, ct).ConfigureAwait(false); }
        catch (MilvusServerException e) when (e.Kind == MilvusDMErrorKind.NotFound) { return; }
        if (existing.CollectionId != source.CollectionId || existing.Name != source.Name || existing.DatabaseName != source.DatabaseName) return;
        string harm = mode switch
        {
            WriteMode.Overwrite => "it would drop the source and leave it empty",
            WriteMode.Skip => "it would do nothing",
            WriteMode.Upsert => "it would rewrite every row onto itself",
            _ => "it would double every row",
        };
        throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, "CopyOntoItself",
            $"The destination '{target}' in database '{existing.DatabaseName}' on {destination.Address} is the source collection '{source.Name}' itself: {harm}. Nothing was changed.",
            "Give the copy another name (-DestinationName / dest_collection_name), another database or another server.");
    }
}
