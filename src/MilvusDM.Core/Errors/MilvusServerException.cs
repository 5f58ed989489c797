namespace MilvusDM.Core.Errors;

/// <summary>
/// A Milvus RPC failed: either the server answered with a non-success <c>common.Status</c>
/// (<see cref="Code"/>/<see cref="LegacyErrorCode"/>/<see cref="Reason"/>) or the transport failed
/// (<see cref="TransportStatus"/> holds the gRPC status name, e.g. "Unavailable").
/// </summary>
public sealed class MilvusServerException : MilvusDMException
{
    public MilvusServerException(
        MilvusDMErrorKind kind, string errorId, string rpc, int code, int legacyErrorCode, string reason,
        bool retriable, string? transportStatus, string? recommendedAction, Exception? inner = null, string? endpoint = null)
        : base(kind, errorId, FormatMessage(rpc, code, legacyErrorCode, reason, transportStatus, endpoint), recommendedAction, inner)
    {
        Rpc = rpc;
        Code = code;
        LegacyErrorCode = legacyErrorCode;
        Reason = reason;
        Retriable = retriable;
        TransportStatus = transportStatus;
    }

    /// <summary>The RPC that failed, e.g. "Insert".</summary>
    public string Rpc { get; }

    /// <summary>Milvus 2.3+ error code (<c>Status.code</c>); 0 when the server only sent the legacy code.</summary>
    public int Code { get; }

    /// <summary>Legacy <c>Status.error_code</c> (ErrorCode enum value).</summary>
    public int LegacyErrorCode { get; }

    public string Reason { get; }
    public bool Retriable { get; }
    public string? TransportStatus { get; }

    private static string FormatMessage(string rpc, int code, int legacy, string reason, string? transport, string? endpoint) =>
        transport is null
            ? $"Milvus {rpc} failed (code {code}, error_code {legacy}): {reason}"
            : $"Milvus {rpc} at {endpoint ?? "the server"} failed ({transport}): {reason}";
}
