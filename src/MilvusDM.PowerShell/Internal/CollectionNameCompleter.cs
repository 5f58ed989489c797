using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// Tab completion of collection names from the server of the command's -Connection (or -Source), else the session's
/// default connection; nothing when there is none or the server does not answer within two seconds.
/// </summary>
public sealed class CollectionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = Bound(fakeBoundParameters, "Connection") as MilvusConnection ?? Bound(fakeBoundParameters, "Source") as MilvusConnection ?? ConnectionRegistry.Default;
        if (connection is null || connection.IsDisposed) return [];
        var names = CollectionNames(connection, Bound(fakeBoundParameters, "Database") as string);
        var pattern = WildcardPattern.Get(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return names.Where(pattern.IsMatch).Order(StringComparer.Ordinal)
            .Select(n => new CompletionResult(n.All(c => char.IsLetterOrDigit(c) || c == '_') ? n : $"'{n}'", n, CompletionResultType.ParameterValue, n))
            .ToList();
    }

    private static object? Bound(IDictionary parameters, string name) =>
        parameters.Contains(name) ? parameters[name] is PSObject p ? p.BaseObject : parameters[name] : null;

    private static IReadOnlyList<string> CollectionNames(MilvusConnection connection, string? database)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var client = database is null ? connection.Client : connection.Client.WithDatabase(database);
        try { return client.ListCollectionsAsync(timeout.Token).GetAwaiter().GetResult(); }
        catch (Exception) { return []; }   // completion never fails the command line
    }
}
