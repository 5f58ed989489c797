namespace MilvusDM.Core.Errors;

/// <summary>
/// Base of every error MilvusDM raises on purpose. <see cref="ErrorId"/> is stable (PascalCase) so that
/// scripts and tests can match on it; <see cref="RecommendedAction"/> tells the user what to do next.
/// </summary>
public class MilvusDMException : Exception
{
    public MilvusDMException(MilvusDMErrorKind kind, string errorId, string message, string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ErrorId = errorId;
        RecommendedAction = recommendedAction;
    }

    public MilvusDMErrorKind Kind { get; }
    public string ErrorId { get; }
    public string? RecommendedAction { get; }
}
