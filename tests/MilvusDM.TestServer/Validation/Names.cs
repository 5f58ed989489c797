using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// The proxy's name checks (internal/proxy/util.go), with its codes and texts: collection names and aliases
/// (1100), database names (802), partition names (a plain error: 65535), field names (1701), index names (65535).
/// Names are checked byte by byte as Go does, against proxy.maxNameLength = 255.
/// </summary>
internal static class Names
{
    public const int MaxNameLength = 255;

    private static bool Alpha(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
    private static bool Digit(char c) => c is >= '0' and <= '9';

    /// <summary>validateCollectionNameOrAlias(entity, "name").</summary>
    public static void Collection(string name) => CollectionOrAlias(name, "name");

    /// <summary>validateCollectionNameOrAlias(entity, "alias").</summary>
    public static void Alias(string name) => CollectionOrAlias(name, "alias");

    private static void CollectionOrAlias(string entity, string kind)
    {
        if (string.IsNullOrEmpty(entity)) throw ServerError.Invalid($"collection {kind} should not be empty");
        string invalid = $"Invalid collection {kind}: {entity}. ";
        if (Utf8Length(entity) > MaxNameLength)
            throw ServerError.Invalid($"{invalid} the length of a collection {kind} must be less than {MaxNameLength} characters");
        if (entity[0] != '_' && !Alpha(entity[0]))
            throw ServerError.Invalid($"{invalid} the first character of a collection {kind} must be an underscore or letter");
        for (int i = 1; i < entity.Length; i++)
            if (entity[i] != '_' && !Alpha(entity[i]) && !Digit(entity[i]))
                throw ServerError.Invalid($"{invalid} collection {kind} can only contain numbers, letters and underscores");
    }

    /// <summary>ValidateDatabaseName: code 802 "… : invalid database name[database=x]".</summary>
    public static void Database(string name)
    {
        ServerError Bad(string why) => new(802, $"{why}: invalid database name[database={name}]");
        if (string.IsNullOrEmpty(name)) throw Bad("database name couldn't be empty");
        if (Utf8Length(name) > MaxNameLength) throw Bad($"the length of a database name must be less than {MaxNameLength} characters");
        if (name[0] != '_' && !Alpha(name[0])) throw Bad("the first character of a database name must be an underscore or letter");
        for (int i = 1; i < name.Length; i++)
            if (name[i] != '_' && !Alpha(name[i]) && !Digit(name[i]))
                throw Bad("database name can only contain numbers, letters and underscores");
    }

    /// <summary>
    /// validatePartitionTag: errors.New, so code 65535. Strict (insert, delete, partition RPCs) also checks the
    /// characters: the first may be '_', a letter or a digit; the rest '_', letters, digits or '-'.
    /// </summary>
    public static void Partition(string tag, bool strict)
    {
        tag = tag.Trim();
        string invalid = $"Invalid partition name: {tag}. ";
        if (tag.Length == 0) throw ServerError.Unexpected(invalid + "Partition name should not be empty.");
        if (Utf8Length(tag) > MaxNameLength)
            throw ServerError.Unexpected(invalid + $"The length of a partition name must be less than {MaxNameLength} characters.");
        if (!strict) return;
        if (tag[0] != '_' && !Alpha(tag[0]) && !Digit(tag[0]))
            throw ServerError.Unexpected(invalid + "The first character of a partition name must be an underscore or letter.");
        for (int i = 1; i < tag.Length; i++)
            if (tag[i] != '_' && !Alpha(tag[i]) && !Digit(tag[i]) && tag[i] != '-')
                throw ServerError.Unexpected(invalid + "Partition name can only contain numbers, letters and underscores.");
    }

    // pkg/common/keywords.go FieldNameKeywords.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "$meta", "like", "exists", "EXISTS", "and", "or", "not", "in",
        "json_contains", "JSON_CONTAINS", "json_contains_all", "JSON_CONTAINS_ALL", "json_contains_any", "JSON_CONTAINS_ANY",
        "array_contains", "ARRAY_CONTAINS", "array_contains_all", "ARRAY_CONTAINS_ALL", "array_contains_any", "ARRAY_CONTAINS_ANY",
        "array_length", "ARRAY_LENGTH", "true", "True", "TRUE", "false", "False", "FALSE",
        "text_match", "TEXT_MATCH", "phrase_match", "PHRASE_MATCH", "random_sample", "RANDOM_SAMPLE",
    };

    /// <summary>validateFieldName: code 1701 "… : field name invalid[field=x]".</summary>
    public static void Field(string name)
    {
        string trimmed = name.Trim();
        ServerError Bad(string why) => new(1701, $"{why}: field name invalid[field={trimmed}]");
        if (trimmed.Length == 0) throw Bad("field name should not be empty");
        string invalid = $"Invalid field name: {trimmed}. ";
        if (Utf8Length(trimmed) > MaxNameLength) throw Bad(invalid + $"The length of a field name must be less than {MaxNameLength} characters.");
        if (trimmed[0] != '_' && !Alpha(trimmed[0])) throw Bad(invalid + "The first character of a field name must be an underscore or letter.");
        for (int i = 1; i < trimmed.Length; i++)
            if (trimmed[i] != '_' && !Alpha(trimmed[i]) && !Digit(trimmed[i]))
                throw Bad(invalid + "Field name can only contain numbers, letters, and underscores.");
        if (Keywords.Contains(trimmed)) throw Bad(invalid + $"{trimmed} is keyword in milvus.");
    }

    /// <summary>validateIndexName (empty is allowed: the server names the index after the field). A plain error: 65535.</summary>
    public static void Index(string name)
    {
        name = name.Trim();
        if (name.Length == 0) return;
        string invalid = $"Invalid index name: {name}. ";
        if (Utf8Length(name) > MaxNameLength)
            throw ServerError.Unexpected(invalid + $"The length of a index name must be less than {MaxNameLength} characters.");
        if (name[0] != '_' && !Alpha(name[0])) throw ServerError.Unexpected(invalid + "The first character of a index name must be an underscore or letter.");
        for (int i = 1; i < name.Length; i++)
            if (name[i] is not ('_' or '[' or ']') && !Alpha(name[i]) && !Digit(name[i]))
                throw ServerError.Unexpected(invalid + "Index name can only contain numbers, letters, and underscores.");
    }

    internal static int Utf8Length(string s) => System.Text.Encoding.UTF8.GetByteCount(s);
}
