using System.Management.Automation;
using MilvusDM.Core.Transfer;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Compares two collections row by row: counts, keys missing or extra, rows whose values differ, and a digest of each side.</para>
/// </summary>
/// <example><code>Compare-MilvusCollection docs -Destination $dst</code><para>Compares collection docs with its copy on another server key by key; names missing, extra and different rows.</para></example>
/// <example><code>Compare-MilvusCollection docs docs_backup</code><para>Compares two collections on the same server.</para></example>
[Cmdlet(VerbsData.Compare, "MilvusCollection")]
[OutputType(typeof(MilvusComparisonResult))]
public sealed class CompareMilvusCollectionCommand : MilvusDMCmdlet
{
    /// <summary>The source collection; accepts Get-MilvusCollection output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The other collection (default: the same name on -Destination).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? DestinationName { get; set; }

    /// <summary>Connection of the source collection (default: the session's); piped collections bring theirs.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Connection")]
    public MilvusConnection? Source { get; set; }

    /// <summary>Database of the source collection.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>Where the other collection is (default: the source connection).</summary>
    [Parameter]
    public MilvusConnection? Destination { get; set; }

    /// <summary>Database of the collection to compare with.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DatabaseNameCompleter))]
    public string? DestinationDatabase { get; set; }

    /// <summary>How many differing keys of each kind to list.</summary>
    [Parameter]
    [ValidateRange(0, 10_000)]
    public int ReportLimit { get; set; } = 20;

    protected override void ProcessRecord()
    {
        var source = ConnectionCmdlet.ClientFor(this, Source, Database);
        var destination = Destination is null && DestinationDatabase is null ? source : ConnectionCmdlet.ClientFor(this, Destination ?? Source, DestinationDatabase);
        string other = DestinationName ?? Name;
        try
        {
            var r = Run(ct => CollectionComparison.CompareAsync(source, Name, destination, other, ReportLimit, ct));
            WriteObject(OutputMapper.Comparison(r, $"{source.Address}{source.Database}/{Name}", $"{destination.Address}{destination.Database}/{other}"));
        }
        catch (Exception e) when (!IsStop(e))
        {
            WriteError(e, Name);
        }
    }
}
