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
public sealed class CopyMilvusCollectionCommand : MilvusDMCmdlet
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

    /// <summary>What to do when the target collection exists: Append (default), Skip, Overwrite (drop and recreate; asks unless -Force) or Upsert.</summary>
    [Parameter]
    [ValidateSet("Append", "Skip", "Overwrite", "Upsert")]
    public string Mode { get; set; } = "Append";

    /// <summary>Most rows in one write (or one batch read); larger batches are cut to stay far below Milvus's 64 MB request limit.</summary>
    [Parameter]
    [ValidateRange(1, 16384)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Writes kept in flight at once (1 to 64).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Overwrite without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

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
        if (ParameterSetName == Milvus1Parameters.SetName)
        {
            foreach (var name in Milvus1Names()) CopyFromMilvus1(name, destination);
            return;
        }
        var source = ConnectionCmdlet.ClientFor(this, Source, Database);
        IReadOnlyList<string> all;
        try
        {
            all = Run(ct => source.ListCollectionsAsync(ct));
        }
        catch (Exception e) when (!IsStop(e))
        {
            ThrowTerminating(e, source.Address);
            return;
        }
        var names = Name.SelectMany(p => all.Where(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n))).Distinct().ToList();
        // A name, or a wildcard, that matches no collection is an error: a copy of nothing is never a silent success.
        foreach (var missing in Name.Where(p => !all.Any(n => WildcardPattern.Get(p, WildcardOptions.IgnoreCase).IsMatch(n))))
            WriteError(new Core.Errors.MilvusDMException(Core.Errors.MilvusDMErrorKind.NotFound, "MilvusCollectionNotFound",
                WildcardPattern.ContainsWildcardCharacters(missing)
                    ? $"No collection matches '{missing}' in database '{source.Database}' on {source.Address}."
                    : $"Collection '{missing}' does not exist in database '{source.Database}' on {source.Address}.", "Run Get-MilvusCollection to list the collections."), missing);
        if (DestinationName is not null && names.Count > 1)
            ThrowTerminating(new ArgumentException($"-DestinationName names one collection, but {names.Count} collections match."), DestinationName);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            string target = DestinationName ?? name;
            // Many collections: a parent record counts them; each copy's rows show under it.
            if (names.Count > 1)
                Progress.Update(10, $"Copying {names.Count} collections to {destination.Address}", $"collection {i + 1} of {names.Count}: {name}", i * 100 / names.Count, force: true);
            try
            {
                // Before any question: a copy onto its own source is an error, not something to confirm.
                Run(ct => CollectionCopy.CheckNotOntoItselfAsync(source, name, destination, target, Enum.Parse<WriteMode>(Mode), ct));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
                continue;
            }
            if (!ConfirmWrite($"collection '{target}' in database '{destination.Database}' on {destination.Address}", $"Copy collection '{name}' from {source.Address} (mode {Mode})", Mode, Force,
                    () => Run(ct => destination.ExistingRowCountAsync(target, ct)))) continue;
            var options = new CollectionCopyOptions
            {
                Name = name,
                DestinationName = DestinationName,
                Partitions = PartitionName,
                Mode = Enum.Parse<WriteMode>(Mode),
                Transfer = new TransferOptions { BatchRows = BatchSize, ThrottleLimit = ThrottleLimit }.Persisted(Resume),
                IncludeAliases = IncludeAlias,
                Verify = Verify,
            };
            var progress = TransferProgressReporter.For(this, 1, $"Copying '{name}' to '{target}'", names.Count > 1 ? 10 : -1);
            try
            {
                var results = Run(ct => CollectionCopy.RunAsync(source, destination, options, progress, ct));
                Progress.Complete(1);
                foreach (var result in results)
                    ResultWriter.Write(this, result, new ResultTarget(target, null, DestinationConnection, destination.Database), name,
                        new VerifyWording($"Collection '{target}'{(PartitionName.Length > 0 ? $" partition '{result.Partition}'" : "")}",
                            "Run Compare-MilvusCollection for the full report, then copy again with -Mode Overwrite."));
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, name);
            }
        }
    }

    /// <summary>-Name against the Milvus 1.x collections: wildcards expand; a plain name passes through (an unknown one fails in the copy, naming it).</summary>
    private IEnumerable<string> Milvus1Names()
    {
        if (!Name.Any(WildcardPattern.ContainsWildcardCharacters)) return Name;
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

    /// <summary>M2M from a Milvus 1.x data path: one result per partition.</summary>
    private void CopyFromMilvus1(string name, MilvusClient destination)
    {
        string target = DestinationName ?? name;
        var options = Milvus1Parameters.Options(this, SourcePath!, name, PartitionName, MySqlConnectionString, MySqlCredential);
        if (!ConfirmWrite($"collection '{target}' in database '{destination.Database}' on {destination.Address}", $"Copy Milvus 1.x collection '{name}' from {options.Path} (mode {Mode})", Mode, Force,
                () => Run(ct => destination.ExistingRowCountAsync(target, ct)))) return;
        var progress = TransferProgressReporter.For(this, 1, $"Copying Milvus 1.x collection '{name}' to '{target}'");
        try
        {
            var results = Run(ct => Core.Milvus1.Milvus1Transfer.CopyAsync(options, destination, DestinationName, Enum.Parse<WriteMode>(Mode),
                new TransferOptions { BatchRows = BatchSize, ThrottleLimit = ThrottleLimit }.Persisted(Resume), progress, ct, Verify));
            Progress.Complete(1);
            foreach (var result in results)
                ResultWriter.Write(this, result, new ResultTarget(target, null, DestinationConnection, destination.Database), name,
                    new VerifyWording($"Partition '{result.Partition}' of '{target}'", "Copy again with -Mode Overwrite."));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, name);
        }
    }
}
