using Grpc.Core;
using MilvusDM.Core.Errors;
using static MilvusDM.Core.Milvus.MilvusErrorCodes;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Milvus;

/// <summary>Turns a failed <c>common.Status</c> or a gRPC failure into a <see cref="MilvusServerException"/>.</summary>
internal static class MilvusErrorMapper
{
    public static bool IsSuccess(Status? s) => s is null || (s.Code == 0 && (int)s.ErrorCode == 0);

    /// <summary>Server answers worth retrying: rate limits and "not ready / unavailable".</summary>
    public static bool IsRetriable(Status s) =>
        s.Code is RateLimit or ServiceNotReady or ServiceUnavailable || (int)s.ErrorCode is LegacyRateLimit or LegacyNotReadyServe;

    public static bool IsRetriable(RpcException e) => e.StatusCode == StatusCode.Unavailable;

    /// <summary>Nothing listens at the address (TCP connection refused).</summary>
    public static bool IsConnectionRefused(RpcException e)
    {
        for (Exception? x = e.Status.DebugException; x is not null; x = x.InnerException)
            if (x is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }) return true;
        return false;
    }

    public static MilvusServerException FromStatus(string rpc, Status s)
    {
        int code = s.Code, legacy = (int)s.ErrorCode;
        string reason = string.IsNullOrEmpty(s.Reason) ? s.Detail : s.Reason;
        var (kind, id, action) = Classify(code, legacy);
        return new MilvusServerException(kind, id, rpc, code, legacy, reason, s.Retriable, null, action);
    }

    public static MilvusServerException FromRpc(string rpc, RpcException e, string endpoint)
    {
        var (kind, id, action) = e.StatusCode switch
        {
            // TLS handshake and HTTP/2 setup failures arrive as Internal with the transport exception attached.
            not StatusCode.Unavailable when e.Status.DebugException is HttpRequestException or System.Security.Authentication.AuthenticationException =>
                (MilvusDMErrorKind.Connection, "MilvusConnectionFailed",
                $"Could not establish a connection to {endpoint}: check the scheme (http/https), the server certificate and {{CertificatePath}}."),
            StatusCode.Unavailable => (MilvusDMErrorKind.Connection, "MilvusUnavailable",
                $"Check that a Milvus server is running and reachable at {endpoint}, and that the scheme (http/https) matches its TLS setting."),
            StatusCode.Unauthenticated => (MilvusDMErrorKind.Authentication, "MilvusAuthenticationFailed",
                "Check the user name and password (-Credential) or token (-Token)."),
            StatusCode.PermissionDenied => (MilvusDMErrorKind.PermissionDenied, "MilvusPermissionDenied",
                "Ask an administrator to grant the privilege this operation needs."),
            StatusCode.ResourceExhausted => (MilvusDMErrorKind.RequestTooLarge, "MilvusRequestTooLarge",
                "Lower {BatchSize} or the batch byte limit: the server rejects requests above its size limit (64 MB by default)."),
            StatusCode.DeadlineExceeded => (MilvusDMErrorKind.Timeout, "MilvusTimeout",
                "The server did not answer in time; retry, or raise the call timeout."),
            StatusCode.Unimplemented => (MilvusDMErrorKind.Unsupported, "MilvusRpcUnsupported",
                "The server does not implement this RPC; it may be older than the feature needs."),
            StatusCode.Cancelled => (MilvusDMErrorKind.Canceled, "MilvusCallCanceled", (string?)null),
            _ => (MilvusDMErrorKind.Server, "MilvusTransportError", (string?)null),
        };
        return new MilvusServerException(kind, id, rpc, 0, 0, e.Status.Detail, e.StatusCode == StatusCode.Unavailable,
            e.StatusCode.ToString(), action, e, endpoint);
    }

    private static (MilvusDMErrorKind, string, string?) Classify(int code, int legacy)
    {
        switch (code)
        {
            case CollectionNotFound: return (MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound", "Check the collection name and the database (Get-MilvusCollection lists them).");
            case PartitionNotFound: return (MilvusDMErrorKind.NotFound, "MilvusPartitionNotFound", "Check the partition name.");
            case IndexNotFound: return (MilvusDMErrorKind.NotFound, "MilvusIndexNotFound", "Create an index on every vector field before loading the collection.");
            case DatabaseNotFound: return (MilvusDMErrorKind.NotFound, "MilvusDatabaseNotFound", "Check the database name, or create the database first.");
            case AliasNotFound: return (MilvusDMErrorKind.NotFound, "MilvusAliasNotFound", "Check the alias name.");
            case FieldNotFound: return (MilvusDMErrorKind.NotFound, "MilvusFieldNotFound", "Check the field names against the collection schema.");
            case CollectionNotLoaded or PartitionNotLoaded: return (MilvusDMErrorKind.InvalidOperation, "MilvusCollectionNotLoaded", "Load the collection before querying it.");
            case ParameterInvalid or ParameterMissing or ParameterTooLarge: return (MilvusDMErrorKind.InvalidArgument, "MilvusInvalidParameter", null);
            case NotAuthenticated: return (MilvusDMErrorKind.Authentication, "MilvusAuthenticationFailed", "Check the credentials.");
            case PrivilegeNotPermitted: return (MilvusDMErrorKind.PermissionDenied, "MilvusPermissionDenied", "Ask an administrator to grant the privilege this operation needs.");
            case RateLimit: return (MilvusDMErrorKind.RateLimited, "MilvusRateLimited", "The server is rate limiting requests; lower {ThrottleLimit} or retry later.");
            case QuotaExceeded or 3 or 7: return (MilvusDMErrorKind.ResourceExhausted, "MilvusQuotaExceeded", "The server denied the write for lack of memory or disk; free resources or retry later.");
            case AliasCollectionNameConflict or AliasAlreadyExists or IndexDuplicate: return (MilvusDMErrorKind.AlreadyExists, "MilvusAlreadyExists", null);
            case CollectionNumLimit or DatabaseNumLimit: return (MilvusDMErrorKind.ResourceExhausted, "MilvusLimitReached", null);
            case DatabaseInvalidName or FieldNameInvalid: return (MilvusDMErrorKind.InvalidArgument, "MilvusInvalidParameter", null);
            case IllegalSchema: return (MilvusDMErrorKind.InvalidArgument, "MilvusIllegalSchema", "Check the schema against Milvus's rules (field types, keys, defaults, nullability).");
            case SchemaMismatch: return (MilvusDMErrorKind.SchemaMismatch, "MilvusSchemaMismatch", "The collection's schema changed during the transfer; run it again.");
            // Geometry WKT the server could not parse arrives as an IO failure.
            case IoFailed: return (MilvusDMErrorKind.InvalidData, "MilvusInvalidData", "Check the values sent (e.g. Geometry as WKT).");
            case 0: break;
            default: return (MilvusDMErrorKind.Server, "MilvusServerError", null);
        }
        // A 2.2-era server: only the legacy error_code is set.
        return legacy switch
        {
            LegacyCollectionNotExists => (MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound", "Check the collection name and the database."),
            LegacyIndexNotExist => (MilvusDMErrorKind.NotFound, "MilvusIndexNotFound", "Create an index on every vector field before loading the collection."),
            LegacyIllegalArgument or LegacyIllegalDimension => (MilvusDMErrorKind.InvalidArgument, "MilvusInvalidParameter", null),
            LegacyPermissionDenied => (MilvusDMErrorKind.PermissionDenied, "MilvusPermissionDenied", null),
            LegacyRateLimit => (MilvusDMErrorKind.RateLimited, "MilvusRateLimited", "The server is rate limiting requests; retry later."),
            LegacyForceDeny or LegacyMemoryQuotaExhausted or LegacyDiskQuotaExhausted => (MilvusDMErrorKind.ResourceExhausted, "MilvusQuotaExceeded", null),
            _ => (MilvusDMErrorKind.Server, "MilvusServerError", null),
        };
    }
}
