namespace MilvusDM.Core.Tasks;

/// <summary>One problem in a task file, at the key's line and column (1-based).</summary>
public sealed record TaskFileError(string File, string Key, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Key}: {Message}";
}
