using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// A Milvus error answered in a <c>common.Status</c> body (not a gRPC failure): the new merr <c>code</c>,
/// the legacy <c>error_code</c> a 2.3+ server writes beside it, and the reason text.
/// </summary>
internal sealed class ServerError(int code, string reason) : Exception(reason)
{
    public int Code { get; } = code;

    public Status ToStatus() => new()
    {
        Code = Code,
        ErrorCode = (ErrorCode)LegacyFor(Code),
        Reason = Message,
        Retriable = Code is 1 or 2 or 4 or 8 or 12 or 103 or 106 or 202,
        Detail = Message,
    };

    // The mapping merr applies when it fills error_code (milvus-protocol.md §3.1).
    private static int LegacyFor(int code) => code switch
    {
        8 => 49, 9 => 48, 100 => 4, 1100 => 5, 700 => 25, 1 => 56, 7 => 54, 3 => 52, 11 => 55, _ => 1,
    };

    public static ServerError CollectionNotFound(string db, string name) => new(100, $"collection not found[database={db}][collection={name}]");
    public static ServerError CollectionNotLoaded(string name) => new(101, $"collection not loaded[collection={name}]");
    public static ServerError PartitionNotFound(string name) => new(200, $"partition not found[partition={name}]");
    public static ServerError PartitionNotLoaded(string name) => new(201, $"partition not loaded[partition={name}]");
    public static ServerError IndexNotFound(string what) => new(700, $"index not found[{what}]");
    public static ServerError DatabaseNotFound(string name) => new(800, $"database not found[database={name}]");
    public static ServerError AliasNotFound(string name) => new(1600, $"alias not found[alias={name}]");
    public static ServerError Invalid(string message) => new(1100, $"invalid parameter[{message}]");
    public static ServerError RateLimited(string what) => new(8, $"rate limit exceeded[rate={what}]");
    public static ServerError FieldNotFound(string name) => new(1700, $"field not found[field={name}]");
}
