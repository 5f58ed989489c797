using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Internal;

/// <summary>
/// Tab completion of metrics Milvus accepts for the vector type of the field the command names (IndexRules.For), or for
/// every vector type when that is unknown (no connection, the collection does not exist yet): the static list always answers.
/// </summary>
public sealed class MetricTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var type = CompletionSupport.VectorType(fakeBoundParameters, parameterName);
            return CompletionSupport.Results(CompletionSupport.IndexChoices(type, metrics: true), wordToComplete, sort: false);
        }
        catch (Exception) { return []; }
    }
}
