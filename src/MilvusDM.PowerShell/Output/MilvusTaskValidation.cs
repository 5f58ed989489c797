namespace MilvusDM.PowerShell;

/// <summary>One problem in a task file.</summary>
public sealed class MilvusTaskFileError
{
    public string Key { get; init; } = "";
    public int Line { get; init; }
    public int Column { get; init; }
    public string Message { get; init; } = "";

    public override string ToString() => $"line {Line}, column {Column}: {Key}: {Message}";
}

/// <summary>What Test-MilvusDMTask found in a task file.</summary>
public sealed class MilvusTaskValidation
{
    public string Path { get; init; } = "";
    public bool Valid { get; init; }

    /// <summary>Legacy (the old MilvusDM's F2M/H2M/M2M/M2H) or Steps (MilvusDM's own form).</summary>
    public string? Form { get; init; }

    /// <summary>The plan, one line per step.</summary>
    public PrintableList<string> Steps { get; init; } = Array.Empty<string>();
    public PrintableList<string> Notes { get; init; } = Array.Empty<string>();
    public PrintableList<MilvusTaskFileError> Errors { get; init; } = Array.Empty<MilvusTaskFileError>();

    public override string ToString() => Valid ? $"{Path}: valid, {Steps.Count} step(s)" : $"{Path}: {Errors.Count} error(s)";
}
