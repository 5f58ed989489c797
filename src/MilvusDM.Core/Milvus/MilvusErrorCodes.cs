namespace MilvusDM.Core.Milvus;

/// <summary>Milvus error codes MilvusDM reacts to (new <c>code</c> values and legacy <c>error_code</c> values).</summary>
public static class MilvusErrorCodes
{
    // New merr codes (2.3+).
    public const int ServiceNotReady = 1, ServiceUnavailable = 2, RequestLimitExceeded = 4, RateLimit = 8, QuotaExceeded = 9;
    public const int CollectionNotFound = 100, CollectionNotLoaded = 101, CollectionNumLimit = 102;
    public const int PartitionNotFound = 200, PartitionNotLoaded = 201;
    public const int IndexNotFound = 700, IndexNotSupported = 701, IndexDuplicate = 702;
    public const int DatabaseNotFound = 800, DatabaseNumLimit = 801, DatabaseInvalidName = 802;
    public const int ParameterInvalid = 1100, ParameterMissing = 1101, ParameterTooLarge = 1102;
    public const int NotAuthenticated = 1400, PrivilegeNotPermitted = 1401;
    public const int AliasNotFound = 1600, AliasCollectionNameConflict = 1601, AliasAlreadyExists = 1602;
    public const int FieldNotFound = 1700, FieldNameInvalid = 1701;
    public const int IllegalSchema = 105, SchemaMismatch = 109, IoFailed = 1001;
    public const int Unexpected = 65535;

    // Legacy error_code values (common.ErrorCode).
    public const int LegacyUnexpectedError = 1, LegacyPermissionDenied = 3, LegacyCollectionNotExists = 4, LegacyIllegalArgument = 5;
    public const int LegacyIllegalDimension = 7, LegacyIndexNotExist = 25, LegacyEmptyCollection = 26, LegacyForceDeny = 48;
    public const int LegacyRateLimit = 49, LegacyNotReadyServe = 56, LegacyMemoryQuotaExhausted = 53, LegacyDiskQuotaExhausted = 54;

    /// <summary>The legacy error_code a 2.3+ server writes beside a new code.</summary>
    public static int LegacyFor(int code) => code switch
    {
        0 => 0,
        RateLimit => LegacyRateLimit,
        QuotaExceeded => LegacyForceDeny,
        CollectionNotFound => LegacyCollectionNotExists,
        ParameterInvalid => LegacyIllegalArgument,
        IndexNotFound => LegacyIndexNotExist,
        ServiceNotReady => LegacyNotReadyServe,
        7 => LegacyDiskQuotaExhausted,
        3 => 52,
        11 => 55,
        _ => LegacyUnexpectedError,
    };
}
