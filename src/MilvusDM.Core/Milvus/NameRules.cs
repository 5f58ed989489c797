using MilvusDM.Core.Errors;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// Milvus's rules for collection, alias, database, partition, role and privilege group names (the proxy's
/// validateCollectionNameOrAlias, ValidateDatabaseName, strict validatePartitionTag, ValidateRoleName and
/// ValidatePrivilegeGroupName), checked before a transfer creates or writes anything: the
/// server would refuse the name only after the collection was made or the rows were read.
/// </summary>
public static class NameRules
{
    public const int MaxLength = 255;

    private static bool Alpha(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
    private static bool Digit(char c) => c is >= '0' and <= '9';

    public static void CheckCollection(string name, string what = "collection") =>
        Check(name, what, c => c == '_' || Alpha(c), c => c == '_' || Alpha(c) || Digit(c), "a letter or an underscore", "letters, digits and underscores");

    public static void CheckDatabase(string name) => CheckCollection(name, "database");

    public static void CheckAlias(string name) => CheckCollection(name, "alias");

    /// <summary>Role names (ValidateRoleName): trimmed; roleNameValidation.allowedChars adds "$".</summary>
    public static void CheckRole(string name) =>
        Check(name.Trim(), "role", c => c == '_' || Alpha(c), c => c == '_' || c == '$' || Alpha(c) || Digit(c), "a letter or an underscore", "letters, digits, underscores and $");

    /// <summary>Privilege group names (ValidatePrivilegeGroupName).</summary>
    public static void CheckPrivilegeGroup(string name) =>
        Check(name, "privilege group", c => c == '_' || Alpha(c), c => c == '_' || Alpha(c) || Digit(c), "a letter or an underscore", "letters, digits and underscores");

    /// <summary>Partition names may also start with a digit and hold hyphens; the server trims spaces first.</summary>
    public static void CheckPartition(string name) =>
        Check(name.Trim(), "partition", c => c == '_' || Alpha(c) || Digit(c), c => c == '_' || c == '-' || Alpha(c) || Digit(c),
            "a letter, a digit or an underscore", "letters, digits, underscores and hyphens");

    private static void Check(string name, string what, Func<char, bool> first, Func<char, bool> rest, string firstRule, string restRule)
    {
        string? why = name.Length == 0 ? "it is empty"
            : System.Text.Encoding.UTF8.GetByteCount(name) > MaxLength ? $"it is longer than {MaxLength} bytes"
            : !first(name[0]) ? $"it must start with {firstRule}"
            : name.Skip(1).Any(c => !rest(c)) ? $"it may hold only {restRule}"
            : null;
        if (why is not null)
            throw new MilvusDMException(MilvusDMErrorKind.InvalidArgument, $"Invalid{string.Concat(what.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))}Name",
                $"'{name}' is not a valid Milvus {what} name: {why}.", $"Choose a {what} name of {restRule}, starting with {firstRule}, at most {MaxLength} bytes.");
    }
}
