using Milvus.Client.Grpc;

namespace MilvusDM.TestServer.Service;

/// <summary>
/// A Milvus error answered in a <c>common.Status</c> body (not a gRPC failure): the new merr <c>code</c>,
/// the legacy <c>error_code</c> a 2.3+ server writes beside it, and the reason text. Reasons follow merr's
/// formats: <c>WrapErrParameterInvalidMsg</c> gives "&lt;msg&gt;: invalid parameter",
/// <c>WrapErrParameterInvalid</c> gives "&lt;msg&gt;: invalid parameter[expected=..][actual=..]", and a plain
/// Go error (fmt.Errorf / errors.New) becomes code 65535 with the bare text.
/// </summary>
internal sealed class ServerError(int code, string reason, int? legacy = null) : Exception(reason)
{
    public int Code { get; } = code;

    /// <summary>The legacy error_code when Milvus writes one that differs from merr's mapping.</summary>
    public int? Legacy { get; } = legacy;

    /// <summary>Status.extra_info["is_input_error"] = "true" (set by the proxy for some input errors).</summary>
    public bool InputError { get; init; }

    public Status ToStatus()
    {
        var s = new Status
        {
            Code = Code,
            ErrorCode = (ErrorCode)(Legacy ?? LegacyFor(Code)),
            Reason = Message,
            Retriable = Code is 1 or 2 or 4 or 8 or 12 or 103 or 106 or 202 or 305 or 505 or 1002 or 1003,
            Detail = Message,
        };
        if (InputError) s.ExtraInfo["is_input_error"] = "true";
        return s;
    }

    // merr's oldCode mapping (pkg/util/merr/utils.go): everything not listed is UnexpectedError (1).
    private static int LegacyFor(int code) => code switch
    {
        0 => 0,
        1 => 56, 100 => 4, 1100 => 5, 904 => 50, 200 or 400 or 501 => 15, 401 or 503 or 506 or 905 => 46,
        3 => 52, 7 => 54, 11 or 505 => 55, 8 => 49, 9 => 48, 700 => 25, 600 => 47, 109 => 62,
        _ => 1,
    };

    public static ServerError CollectionNotFound(string db, string name) => new(100, $"collection not found[database={db}][collection={name}]");
    public static ServerError CollectionNotLoaded(string name) => new(101, $"collection not loaded[collection={name}]");
    public static ServerError PartitionNotFound(string name) => new(200, $"partition not found[partition={name}]");
    public static ServerError PartitionNotLoaded(string name) => new(201, $"partition not loaded[partition={name}]");
    public static ServerError IndexNotFound(string what) => new(700, $"index not found[{what}]");
    public static ServerError DatabaseNotFound(string name) => new(800, $"database not found[database={name}]");
    public static ServerError AliasNotFound(string db, string name) => new(1600, $"alias not found[database={db}][alias={name}]");
    public static ServerError RateLimited(string what) => new(8, $"rate limit exceeded[rate={what}]");
    public static ServerError FieldNotFound(string name) => new(1700, $"field not found[field={name}]");
    public static ServerError SchemaMismatch(string collection) => new(109, $"collection schema mismatch[collection={collection}]");

    /// <summary>merr.WrapErrParameterInvalidMsg: code 1100, "&lt;msg&gt;: invalid parameter".</summary>
    public static ServerError Invalid(string message) => new(1100, $"{message}: invalid parameter");

    /// <summary>merr.WrapErrParameterInvalid(expected, actual, msg): "&lt;msg&gt;: invalid parameter[expected=..][actual=..]".</summary>
    public static ServerError Invalid(string message, object? expected, object? actual) =>
        new(1100, $"{message}: invalid parameter[expected={expected}][actual={actual}]");

    /// <summary>merr.WrapErrParameterInvalidRange: "&lt;msg&gt;: invalid parameter[v out of range lo &lt;= value &lt;= hi]".</summary>
    public static ServerError OutOfRange(string message, long lo, long hi, long v) =>
        new(1100, $"{message}: invalid parameter[{v} out of range {lo} <= value <= {hi}]");

    /// <summary>A plain Go error (fmt.Errorf, errors.New) that reaches merr.Status: code 65535, the bare text.</summary>
    public static ServerError Unexpected(string message) => new(65535, message);

    /// <summary>merr.WrapErrIoFailedReason: code 1001, "IO failed: &lt;reason&gt;".</summary>
    public static ServerError IoFailed(string reason) => new(1001, $"IO failed: {reason}");
}
