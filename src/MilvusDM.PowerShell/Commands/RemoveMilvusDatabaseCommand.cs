using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Removes (drops) empty databases.</para>
/// <para type="description">Milvus drops only a database without collections (remove them first with Remove-MilvusCollection), and never
/// "default". Asks first; -Force or -Confirm:$false removes without asking. A database that does not exist is an error (MilvusDatabaseNotFound).</para>
/// </summary>
/// <example><code>Remove-MilvusDatabase tenant_a</code><para>Drops the empty database tenant_a after asking.</para></example>
/// <example><code>Get-MilvusDatabase tmp_* -Connection $dst | Remove-MilvusDatabase -Force</code><para>Drops the databases whose names start with tmp_ on another server, without asking.</para></example>
[Cmdlet(VerbsCommon.Remove, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveMilvusDatabaseCommand : ConnectionCmdlet
{
    /// <summary>Databases to drop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Drop without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var client = ClientFor(this, Connection, null);
        foreach (var name in Name)
        {
            try
            {
                NameRules.CheckDatabase(name);
                if (!Run(ct => client.ListDatabasesAsync(ct)).Contains(name, StringComparer.Ordinal)) throw NotFound.Database(name);
                if (!Confirmation.ShouldRemove(this, $"database '{name}' on {client.Address}", "Remove database", Force)) continue;
                Run(ct => client.DropDatabaseAsync(name, ct));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
            }
        }
    }
}
