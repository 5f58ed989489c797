using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Tab completion of the partitions of the collection the command names (-CollectionName, else -Name); nothing without one or a connection.</summary>
public sealed class PartitionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            // On the partition cmdlets -Name is the partition itself: the collection is -CollectionName there.
            string? collection = parameterName == "Name"
                ? CompletionSupport.BoundString(fakeBoundParameters, "CollectionName")
                : CompletionSupport.BoundString(fakeBoundParameters, "CollectionName", "Name");
            if (collection is null) return [];
            var names = CompletionSupport.Ask(CompletionSupport.Client(fakeBoundParameters, parameterName), (c, ct) => c.ListPartitionsAsync(collection, ct));
            return CompletionSupport.Results(names, wordToComplete);
        }
        catch (Exception) { return []; }
    }
}
