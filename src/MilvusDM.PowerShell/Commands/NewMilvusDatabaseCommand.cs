using System.Collections;
using System.Management.Automation;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Creates a database on a Milvus server.</para>
/// <para type="description">A database that already exists is an error (MilvusDatabaseAlreadyExists). -Property sets database properties
/// such as database.replica.number or timezone.</para>
/// </summary>
/// <example><code>New-MilvusDatabase tenant_a</code><para>Creates the database tenant_a.</para></example>
/// <example><code>New-MilvusDatabase tenant_b -Property @{ timezone = 'Europe/Berlin' } -Connection $dst</code><para>Creates a database with a timezone on another server.</para></example>
[Cmdlet(VerbsCommon.New, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MilvusDatabaseInfo))]
public sealed class NewMilvusDatabaseCommand : ConnectionCmdlet
{
    /// <summary>Name of the new database.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Database properties, e.g. @{ 'database.replica.number' = 1 }.</summary>
    [Parameter]
    public Hashtable? Property { get; set; }

    protected override void ProcessRecord()
    {
        var client = ClientFor(this, Connection, null);
        try
        {
            NameRules.CheckDatabase(Name);
            if (Run(ct => client.ListDatabasesAsync(ct)).Contains(Name, StringComparer.Ordinal))
                throw new MilvusDMException(MilvusDMErrorKind.AlreadyExists, "MilvusDatabaseAlreadyExists", $"Database '{Name}' already exists.", "Choose another name.");
            if (!ShouldProcess($"database '{Name}' on {client.Address}", "Create database")) return;
            var properties = ManagementOutput.Strings(Property);
            Run(ct => client.CreateDatabaseAsync(Name, properties, ct));
            WriteObject(new MilvusDatabaseInfo { Name = Name, Properties = ManagementOutput.Table(properties), Connection = CurrentConnection });
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
