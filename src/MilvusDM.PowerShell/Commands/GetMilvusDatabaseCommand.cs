using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the databases of a Milvus server with their properties.</para>
/// <para type="description">A named database (no wildcard) that does not exist is an error (MilvusDatabaseNotFound). Each database carries
/// its connection and binds -Database downstream.</para>
/// </summary>
/// <example><code>Get-MilvusDatabase</code><para>Lists every database of the session's server.</para></example>
/// <example><code>Get-MilvusDatabase tenant_* -Connection $dst</code><para>Lists the databases whose names start with tenant_ on another server.</para></example>
[Cmdlet(VerbsCommon.Get, "MilvusDatabase")]
[OutputType(typeof(MilvusDatabaseInfo))]
public sealed class GetMilvusDatabaseCommand : ConnectionCmdlet
{
    /// <summary>Databases to list; wildcards allowed (default all).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        var client = ClientFor(this, Connection, null);   // listing databases needs none in particular
        try
        {
            var all = Run(ct => client.ListDatabasesAsync(ct));
            foreach (var pattern in Name)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = all.Where(wildcard.IsMatch).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    WriteError(NotFound.Database(pattern), pattern);
                foreach (var name in matches)
                {
                    var properties = Run(ct => client.DescribeDatabaseAsync(name, ct));
                    WriteObject(new MilvusDatabaseInfo { Name = name, Properties = ManagementOutput.Table(properties), Connection = CurrentConnection });
                }
            }
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, client.Address);
        }
    }
}
