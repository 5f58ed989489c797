using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Import;

/// <summary>The errors of Milvus's import path, worded as merr and the Parquet reader word them.</summary>
internal static class ImportErrors
{
    /// <summary>merr.WrapErrImportFailed: code 2100, "&lt;msg&gt;: importing data failed".</summary>
    public static ServerError ImportFailed(string message) => new(2100, $"{message}: importing data failed");

    public static ServerError Invalid(string message) => ServerError.Invalid(message);

    /// <summary>util.go WrapNullRowErr.</summary>
    public static ServerError NullRow(string field) => ImportFailed($"the field '{field}' is not nullable but the file contains null value");

    /// <summary>util.go WrapNullElementErr.</summary>
    public static ServerError NullElement(string field) => ImportFailed($"array element is not allowed to be null value for field '{field}'");
}
