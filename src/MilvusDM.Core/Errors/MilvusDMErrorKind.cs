namespace MilvusDM.Core.Errors;

/// <summary>What went wrong, independent of where: the PowerShell layer maps it to an ErrorCategory.</summary>
public enum MilvusDMErrorKind
{
    Unknown = 0,
    NotFound,
    AlreadyExists,
    InvalidArgument,
    InvalidData,
    SchemaMismatch,
    ParseError,
    Unsupported,
    InvalidOperation,
    Connection,
    Authentication,
    PermissionDenied,
    Timeout,
    RateLimited,
    RequestTooLarge,
    ResourceExhausted,
    Server,
    Canceled,
}
