using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Tab completion of the aliases in the command's database; nothing without a connection.</summary>
public sealed class AliasNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var names = CompletionSupport.Ask(CompletionSupport.Client(fakeBoundParameters, parameterName), (c, ct) => c.ListAliasesAsync("", ct));
            return CompletionSupport.Results(names, wordToComplete);
        }
        catch (Exception) { return []; }
    }
}
