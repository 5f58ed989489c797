namespace MilvusDM.Core.Errors;

/// <summary>
/// Base of every error MilvusDM raises on purpose. <see cref="ErrorId"/> is stable (PascalCase) so that
/// scripts and tests can match on it; the remedy tells the user what to do next, its options written as
/// <see cref="Errors.Remedy"/> templates so each host names them its own way.
/// </summary>
public class MilvusDMException : Exception
{
    public MilvusDMException(MilvusDMErrorKind kind, string errorId, string message, string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ErrorId = errorId;
        Remedy = recommendedAction;
    }

    public MilvusDMErrorKind Kind { get; }
    public string ErrorId { get; }

    /// <summary>The remedy as written, options as <c>{Name}</c> templates.</summary>
    public string? Remedy { get; }

    /// <summary>The remedy in PowerShell's words (-AllowLossy…).</summary>
    public string? RecommendedAction => RecommendedActionFor(RemedyStyle.PowerShell);

    public string? RecommendedActionFor(RemedyStyle style) => Errors.Remedy.Render(Remedy, style);
}
