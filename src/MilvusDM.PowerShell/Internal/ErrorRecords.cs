using System.Management.Automation;
using MilvusDM.Core.Errors;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Turns exceptions into ErrorRecords with stable ids, categories and the remedy.</summary>
internal static class ErrorRecords
{
    /// <summary>An error record for <paramref name="e"/>; <paramref name="style"/> says how its remedy names options (parameters, or task-file keys).</summary>
    public static ErrorRecord From(Exception e, object? target, RemedyStyle style = RemedyStyle.PowerShell)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        var (id, category, action) = e switch
        {
            MilvusDMException m => (m.ErrorId, CategoryOf(m.Kind), m.RecommendedActionFor(style)),
            ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument, (string?)null),
            FileNotFoundException or DirectoryNotFoundException => ("PathNotFound", ErrorCategory.ObjectNotFound, "Check the path."),
            UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied, (string?)null),
            IOException => ("IOError", ErrorCategory.ReadError, (string?)null),
            TimeoutException => ("Timeout", ErrorCategory.OperationTimeout, (string?)null),
            _ => ("UnexpectedError", ErrorCategory.NotSpecified, (string?)null),
        };
        return Create(e, id, category, target, action);
    }

    public static ErrorRecord Create(Exception e, string id, ErrorCategory category, object? target, string? recommendedAction)
    {
        var record = new ErrorRecord(e, id, category, target);
        if (recommendedAction is not null) record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = recommendedAction };
        return record;
    }

    public static ErrorCategory CategoryOf(MilvusDMErrorKind kind) => kind switch
    {
        MilvusDMErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MilvusDMErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        MilvusDMErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MilvusDMErrorKind.InvalidData or MilvusDMErrorKind.SchemaMismatch => ErrorCategory.InvalidData,
        MilvusDMErrorKind.ParseError => ErrorCategory.ParserError,
        MilvusDMErrorKind.Unsupported => ErrorCategory.NotImplemented,
        MilvusDMErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        MilvusDMErrorKind.Connection => ErrorCategory.ConnectionError,
        MilvusDMErrorKind.Authentication => ErrorCategory.AuthenticationError,
        MilvusDMErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        MilvusDMErrorKind.Timeout => ErrorCategory.OperationTimeout,
        MilvusDMErrorKind.RateLimited or MilvusDMErrorKind.ResourceExhausted => ErrorCategory.LimitsExceeded,
        MilvusDMErrorKind.RequestTooLarge => ErrorCategory.LimitsExceeded,
        MilvusDMErrorKind.Canceled => ErrorCategory.OperationStopped,
        MilvusDMErrorKind.Server => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };
}
