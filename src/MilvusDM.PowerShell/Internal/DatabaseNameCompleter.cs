using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MilvusDM.PowerShell.Internal;

/// <summary>Tab completion of the databases of the command's server (-Destination for -DestinationDatabase); nothing without a connection.</summary>
public sealed class DatabaseNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            // Listing databases needs no database: ignore a -Database already typed (it may be the one being completed).
            var parameters = new Hashtable(fakeBoundParameters);
            parameters.Remove("Database");
            var names = CompletionSupport.Ask(CompletionSupport.Client(parameters, parameterName), (c, ct) => c.ListDatabasesAsync(ct));
            return CompletionSupport.Results(names, wordToComplete);
        }
        catch (Exception) { return []; }
    }
}
