using System.Management.Automation;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Copies collections from one Milvus 2.x server (or database) to another: schema with every field attribute, functions, properties, partitions, index definitions and data.</para>
/// <para type="description">One transfer result per partition. The target is loaded when the source was. Several collections by wildcard or from Get-MilvusCollection.</para>
/// </summary>
/// <example><code>Get-MilvusCollection docs* | Copy-MilvusCollection -Destination $dst -IncludeAlias -Verify</code><para>Copies every collection whose name starts with docs (schema, partitions, indexes, aliases, data) and proves each copy equal.</para></example>
/// <example><code>Copy-MilvusCollection -SourcePath /var/lib/milvus -Name vectors -Destination $dst -Verify</code><para>Copies a Milvus 1.x collection from its data folder into Milvus 2.x.</para></example>
/// <example><code>Copy-MilvusCollection docs -Destination $dst -Resume</code><para>Continues a copy that was interrupted.</para></example>
[Cmdlet(VerbsCommon.Copy, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Milvus2")]
[OutputType(typeof(MilvusTransferResult))]
public sealed class CopyMilvusCollectionCommand : MilvusWriteCmdlet
{
    /// <summary>Collection(s) to copy; wildcards allowed; accepts Get-MilvusCollection output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Source connection (default: the session's); piped collections bring theirs.</summary>
    [Parameter(ParameterSetName = "Milvus2", ValueFromPipelineByPropertyName = true)]
    [Alias("Connection")]
    public MilvusConnection? Source { get; set; }

    /// <summary>Source database (default: the source connection's).</summary>
    [Parameter(ParameterSetName = "Milvus2", ValueFromPipelineByPropertyName = true)]
    [Alias("DatabaseName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>A Milvus 1.x data path (its storage.path, holding db/) to copy from instead of a server.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Milvus1Parameters.SetName)]
    [ValidateNotNullOrEmpty]
    public string? SourcePath { get; set; }

    /// <summary>The Milvus 1.x metadata in MySQL (its meta_uri as a connection string; the password may come from -MySqlCredential or MILVUSDM_MYSQL_PASSWORD).</summary>
    [Parameter(ParameterSetName = Milvus1Parameters.SetName)]
    [ValidateNotNullOrEmpty]
    public string? MySqlConnectionString { get; set; }

    /// <summary>User and password for the Milvus 1.x MySQL metadata (instead of writing the password into -MySqlConnectionString).</summary>
    [Parameter(ParameterSetName = Milvus1Parameters.SetName)]
    [Credential]
    public PSCredential? MySqlCredential { get; set; }

    /// <summary>Connection (from Connect-Milvus -NoDefault) of the server to copy to.</summary>
    [Parameter(Mandatory = true)]
    public MilvusConnection? Destination { get; set; }

    /// <summary>Database on the destination (default: the destination connection's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? DestinationDatabase { get; set; }

    /// <summary>Target collection name (single collection only; default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DestinationName { get; set; }

    /// <summary>Partitions (or Milvus 1.x tags) to copy; default every partition.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PartitionNameCompleter))]
    public string[] PartitionName { get; set; } = [];

    /// <summary>Also create the source's aliases on the target.</summary>
    [Parameter(ParameterSetName = "Milvus2")]
    public SwitchParameter IncludeAlias { get; set; }

    /// <summary>Continue an interrupted copy from its checkpoints: the target is kept, committed rows are not sent again, finished partitions are skipped.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>After the copy, compare source and target row by row; a difference is an error naming the keys.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    private MilvusConnection DestinationConnection => ConnectionCmdlet.ConnectionOf(this, Destination);

    protected override void ProcessRecord()
    {
        var destination = ConnectionCmdlet.ClientFor(this, Destination, DestinationDatabase);
        var connection = DestinationConnection;
        bool milvus1 = ParameterSetName == Milvus1Parameters.SetName;
        // Clients are resolved here, on the pipeline thread: the session default belongs to this runspace.
        var source = milvus1 ? null : ConnectionCmdlet.ClientFor(this, Source, Database);
        var names = source is null ? Milvus1Names() : Milvus2Names(source);
        if (names.Count == 0) return;
        if (DestinationName is not null && names.Count > 1)
            ThrowTerminating(new ArgumentException($"-DestinationName names one collection, but {names.Count} collections match."), DestinationName);
        var host = CmdletJobHost.For(this, $"Copying to {destination.Address}", Force, new ResultWording(
            (name, _) => new ResultTarget(DestinationName ?? name, null, connection, destination.Database),
            (name, r) => new VerifyWording($"Collection '{DestinationName ?? name}'{(r.Partition is null ? "" : $" partition '{r.Partition}'")}",
                "Run Compare-MilvusCollection for the full report, then copy again with -Mode Overwrite.")));
        var milvus1Source = milvus1 ? Milvus1Parameters.Options(this, SourcePath!, "", PartitionName, MySqlConnectionString, MySqlCredential) : null;
        try
        {
            Run(ct => milvus1
                ? Core.Jobs.CollectionJobs.CopyMilvus1Async(new Core.Jobs.Milvus1CopyOptions
                {
                    Source = milvus1Source!, Names = names,
                    Destination = destination, DestinationName = DestinationName, Mode = CoreMode, Verify = Verify, Transfer = TransferOptions(Resume),
                }, host, ct)
                : Core.Jobs.CollectionJobs.CopyAsync(new Core.Jobs.CopyCollectionsOptions
                {
                    Source = source!, Destination = destination, Names = names, DestinationName = DestinationName,
                    Partitions = PartitionName, Mode = CoreMode, IncludeAliases = IncludeAlias, Verify = Verify, Transfer = TransferOptions(Resume),
                }, host, ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }

    /// <summary>-Name against the source's collections; a name or wildcard that matches none is an error (a copy of nothing is never a silent success).</summary>
    private List<string> Milvus2Names(MilvusClient source)
    {
        IReadOnlyList<string> all;
        try
        {
            all = Run(ct => source.ListCollectionsAsync(ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            ThrowTerminating(e, source.Address);
            return [];
        }
        foreach (var missing in Name.Where(p => !all.Any(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n))))
            WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound",
                WildcardPattern.ContainsWildcardCharacters(missing)
                    ? $"No collection matches '{missing}' in database '{source.Database}' on {source.Address}."
                    : $"Collection '{missing}' does not exist in database '{source.Database}' on {source.Address}.", "Run Get-MilvusCollection to list the collections."), missing);
        return Name.SelectMany(p => all.Where(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n))).Distinct().ToList();
    }

    /// <summary>-Name against the Milvus 1.x collections: wildcards expand; a plain name passes through (an unknown one fails in the copy, naming it).</summary>
    private List<string> Milvus1Names()
    {
        if (!Name.Any(WildcardPattern.ContainsWildcardCharacters)) return Name.ToList();
        var options = Milvus1Parameters.Options(this, SourcePath!, "", [], MySqlConnectionString, MySqlCredential);
        try
        {
            var catalog = Run(ct => Core.Milvus1.Milvus1Transfer.OpenAsync(options.Path, options.MySqlConnectionString, ct)).Catalog;
            var all = catalog.Collections.Select(c => c.Name).ToList();
            foreach (var empty in Name.Where(p => WildcardPattern.ContainsWildcardCharacters(p) && !all.Any(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n))))
                WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.NotFound, "Milvus1CollectionNotFound",
                    $"No Milvus 1.x collection in '{options.Path}' matches '{empty}'.", "Run Get-Milvus1Collection to list them."), empty);
            return Name.SelectMany(p => WildcardPattern.ContainsWildcardCharacters(p)
                ? all.Where(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n)) : [p]).Distinct().ToList();
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, options.Path);
            return [];
        }
    }
}
