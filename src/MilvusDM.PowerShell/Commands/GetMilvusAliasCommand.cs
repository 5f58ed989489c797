using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets aliases and the collections they point to.</para>
/// <para type="description">Lists every alias of the database, or those of the collections named or piped in. A named alias (no wildcard)
/// that does not exist is an error (MilvusAliasNotFound).</para>
/// </summary>
/// <example><code>Get-MilvusAlias</code><para>Lists every alias in the database with its collection.</para></example>
/// <example><code>Get-MilvusCollection docs -Connection $dst | Get-MilvusAlias</code><para>Lists the aliases of docs on another server.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusAlias")]
[OutputType(typeof(MilvusAliasInfo))]
public sealed class GetMilvusAliasCommand : ConnectionCmdlet
{
    /// <summary>Aliases to list; wildcards allowed (default all).</summary>
    [Parameter(Position = 0)]
    [Alias("Alias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AliasNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    /// <summary>Only the aliases of this collection (a piped collection binds its name here).</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string? CollectionName { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            if (CollectionName is not null) NameRules.CheckCollection(CollectionName);
            var aliases = Run(ct => client.ListAliasesAsync(CollectionName ?? "", ct));
            foreach (var pattern in Name)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = aliases.Where(wildcard.IsMatch).Order(StringComparer.Ordinal).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    WriteError(NotFound.Alias(pattern, client.Database), pattern);
                foreach (var alias in matches)
                {
                    string target = CollectionName ?? Run(ct => client.DescribeAliasAsync(alias, ct));
                    WriteObject(new MilvusAliasInfo { Alias = alias, CollectionName = target, Database = client.Database, Connection = CurrentConnection });
                }
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, CollectionName ?? client.Database);
        }
    }
}
