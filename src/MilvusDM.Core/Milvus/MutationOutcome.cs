namespace MilvusDM.Core.Milvus;

/// <summary>What an Insert/Upsert/Delete did: counts, the keys it touched or assigned, and the write's timestamp.</summary>
public sealed record MutationOutcome(long InsertCount, long UpsertCount, long DeleteCount, ulong Timestamp,
    IReadOnlyList<long>? IntIds, IReadOnlyList<string>? StringIds)
{
    public int IdCount => IntIds?.Count ?? StringIds?.Count ?? 0;
}
