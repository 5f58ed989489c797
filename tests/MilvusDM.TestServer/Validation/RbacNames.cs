using MilvusDM.TestServer.Service;

namespace MilvusDM.TestServer.Validation;

/// <summary>
/// The proxy's RBAC name checks (internal/proxy/util.go, Milvus 2.6) with their codes and texts, quirks included:
/// validateNameWithCustomChars (role, object, collection, object type and privilege names; proxy.nameValidation /
/// roleNameValidation allowedChars "$"), ValidateUsername (proxy.maxUsernameLength 32), ValidatePassword (6–72 bytes)
/// and ValidatePrivilegeGroupName (code 1402). Go formats a byte with %v as its number, and a string passed to %d or a
/// byte passed to %s as "%!d(string=…)" / "%!s(uint8=…)"; the texts keep that.
/// </summary>
internal static class RbacNames
{
    public const int MaxUsernameLength = 32, MinPasswordLength = 6, MaxPasswordLength = 72;
    private const string AllowedChars = "$";

    private static bool Alpha(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
    private static bool Digit(char c) => c is >= '0' and <= '9';

    public static void Role(string name) => Name(name, "role name");
    public static void Object(string name) { if (name != "*") Name(name, "object name"); }
    public static void Collection(string name) { if (name != "*") Name(name, "collection name"); }
    public static void ObjectType(string name) => Name(name, "ObjectType");
    public static void Privilege(string name) { if (name != "*") Name(name, "Privilege"); }

    /// <summary>validateNameWithCustomChars: trimmed; 1100 in every case.</summary>
    private static void Name(string entity, string nameType)
    {
        entity = entity.Trim();
        if (entity.Length == 0) throw ServerError.Invalid($"{nameType} should be not empty", "not empty", "");
        if (Names.Utf8Length(entity) > Names.MaxNameLength)
            throw ServerError.OutOfRange($"the length of {nameType} must be not greater than limit", 0, Names.MaxNameLength, Names.Utf8Length(entity));
        if (entity[0] != '_' && !Alpha(entity[0]))
            throw ServerError.Invalid($"the first character of {nameType} must be an underscore or letter", (int)'_', (int)entity[0]);
        for (int i = 1; i < entity.Length; i++)
            if (entity[i] != '_' && !Alpha(entity[i]) && !Digit(entity[i]) && !AllowedChars.Contains(entity[i]))
                throw ServerError.Invalid($"{nameType} can only contain numbers, letters, underscores, and allowed characters ({AllowedChars}), found {entity[i]} at {i}");
    }

    /// <summary>ValidateUsername: trimmed; 1100.</summary>
    public static void User(string username)
    {
        username = username.Trim();
        if (username.Length == 0) throw ServerError.Invalid("username must be not empty");
        if (username.Length > MaxUsernameLength)
            throw ServerError.Invalid($"invalid username {username} with length {username.Length}, the length of username must be less than %!d(string={MaxUsernameLength})");
        if (!Alpha(username[0]))
            throw ServerError.Invalid($"invalid user name {username}, the first character must be a letter, but got {username[0]}");
        for (int i = 1; i < username.Length; i++)
            if (username[i] is not ('_' or '-' or '.') && !Alpha(username[i]) && !Digit(username[i]))
                throw ServerError.Invalid($"invalid user name {username}, username must contain only numbers, letters, underscores, dots, and hyphens, but got %!s(uint8={(int)username[i]})");
    }

    /// <summary>ValidatePassword: the decoded password's byte length in [6, 72].</summary>
    public static void Password(string password)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(password);
        if (n is < MinPasswordLength or > MaxPasswordLength) throw ServerError.OutOfRange("invalid password length", MinPasswordLength, MaxPasswordLength, n);
    }

    /// <summary>ValidatePrivilegeGroupName: merr.WrapErrPrivilegeGroupNameInvalid takes the text as its field and the arguments as messages.</summary>
    public static void Group(string name)
    {
        const string invalid = "invalid privilege group name[privilegeGroup=";
        if (name.Length == 0) throw new ServerError(1402, $"{invalid}privilege group name should not be empty]");
        if (Names.Utf8Length(name) > Names.MaxNameLength)
            throw new ServerError(1402, $"{name}->{Names.MaxNameLength}: {invalid}the length of a privilege group name %s must be less than %s characters]");
        if (name[0] != '_' && !Alpha(name[0]))
            throw new ServerError(1402, $"{name}: {invalid}the first character of a privilege group name %s must be an underscore or letter]");
        for (int i = 1; i < name.Length; i++)
            if (name[i] != '_' && !Alpha(name[i]) && !Digit(name[i]))
                throw ServerError.Invalid($"privilege group name {name} can only contain numbers, letters and underscores");
    }
}
