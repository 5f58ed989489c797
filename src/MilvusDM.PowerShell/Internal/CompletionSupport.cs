using System.Collections;
using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Model;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// What the completers share: the values already on the command line, the connection they name (else the session's),
/// server calls bounded to two seconds that answer nothing on any failure, and quoting of the results.
/// </summary>
internal static class CompletionSupport
{
    public static object? Bound(IDictionary parameters, string name)
    {
        if (!parameters.Contains(name)) return null;
        object? v = parameters[name] is PSObject p ? p.BaseObject : parameters[name];
        return v is object[] { Length: > 0 } a ? (a[0] is PSObject q ? q.BaseObject : a[0]) : v;   // the first of a list (-Name a,b)
    }

    public static string? BoundString(IDictionary parameters, params string[] names) =>
        names.Select(n => Bound(parameters, n)).FirstOrDefault(v => v is string { Length: > 0 }) as string;

    /// <summary>The client of -Connection (or -Source; -Destination for -Destination* parameters), in -Database when given; null without one.</summary>
    public static MilvusClient? Client(IDictionary parameters, string parameterName)
    {
        bool destination = parameterName.StartsWith("Destination", StringComparison.Ordinal);
        var connection = (destination ? Bound(parameters, "Destination") : Bound(parameters, "Connection") ?? Bound(parameters, "Source")) as MilvusConnection
            ?? ConnectionRegistry.Default;
        if (connection is null || connection.IsDisposed) return null;
        string? database = destination ? null : BoundString(parameters, "Database");
        return database is null ? connection.Client : connection.Client.WithDatabase(database);
    }

    /// <summary>Runs a server call for completion: its answer, or nothing when it fails or takes over two seconds.</summary>
    public static IReadOnlyList<string> Ask(MilvusClient? client, Func<MilvusClient, CancellationToken, Task<IReadOnlyList<string>>> call)
    {
        if (client is null) return [];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { return call(client, timeout.Token).WaitAsync(timeout.Token).GetAwaiter().GetResult(); }
        catch (Exception) { return []; }   // completion never fails the command line
    }

    /// <summary>
    /// The vector type the index applies to: -VectorType, else the field (-FieldName, -VectorField, else the first vector
    /// field) of the collection the command names; null when unknown.
    /// </summary>
    public static MilvusDataType? VectorType(IDictionary parameters, string parameterName)
    {
        if (BoundString(parameters, "VectorType") is { } given) return Enum.TryParse<MilvusDataType>(given, true, out var t) ? t : null;
        string? collection = BoundString(parameters, "CollectionName", "Name");
        if (collection is null) return null;
        var client = Client(parameters, parameterName);
        if (client is null) return null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var spec = client.DescribeCollectionAsync(collection, timeout.Token).WaitAsync(timeout.Token).GetAwaiter().GetResult();
            string? fieldName = BoundString(parameters, "FieldName", "VectorField");
            var field = fieldName is null ? spec.VectorFields.FirstOrDefault() : spec.Field(fieldName);
            return field is not null && field.DataType.IsVector() ? field.DataType : null;
        }
        catch (Exception) { return null; }
    }

    /// <summary>Index types or metrics for a vector type; for an unknown one, those of every vector type.</summary>
    public static IEnumerable<string> IndexChoices(MilvusDataType? type, bool metrics)
    {
        MilvusDataType[] types = type is { } t ? [t] : [MilvusDataType.FloatVector, MilvusDataType.BinaryVector, MilvusDataType.SparseFloatVector];
        return types.SelectMany(x => metrics ? IndexRules.For(x).Metrics : IndexRules.For(x).Types).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The names that start with the word typed (case-insensitive), sorted, quoted when they need it.</summary>
    public static IEnumerable<CompletionResult> Results(IEnumerable<string> names, string wordToComplete, bool sort = true)
    {
        var pattern = WildcardPattern.Get(WildcardPattern.Escape(wordToComplete.Trim('\'', '"')) + "*", WildcardOptions.IgnoreCase);
        var matches = names.Where(pattern.IsMatch);
        if (sort) matches = matches.Order(StringComparer.Ordinal);
        return matches.Select(n => new CompletionResult(n.All(c => char.IsLetterOrDigit(c) || c == '_') ? n : $"'{n}'", n, CompletionResultType.ParameterValue, n)).ToList();
    }
}
