using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Removes aliases; the collections they point to stay.</para>
/// <para type="description">An alias that does not exist is an error (MilvusAliasNotFound). Get-MilvusAlias output pipes in.</para>
/// </summary>
/// <example><code>Remove-MilvusAlias docs_live</code><para>Removes the alias docs_live.</para></example>
/// <example><code>Get-MilvusAlias -CollectionName docs_v1 -Connection $dst | Remove-MilvusAlias</code><para>Removes every alias of docs_v1 on another server.</para></example>
[Cmdlet(VerbsCommon.Remove, "MilvusAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveMilvusAliasCommand : ConnectionCmdlet
{
    /// <summary>Aliases to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Alias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AliasNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var client = Client;
        foreach (var name in Name)
        {
            try
            {
                NameRules.CheckAlias(name);
                if (!Run(ct => client.ListAliasesAsync("", ct)).Contains(name, StringComparer.Ordinal)) throw NotFound.Alias(name, client.Database);
                if (!ShouldProcess($"alias '{name}' in database '{client.Database}' on {client.Address}", "Remove alias")) continue;
                Run(ct => client.DropAliasAsync(name, ct));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
            }
        }
    }
}
