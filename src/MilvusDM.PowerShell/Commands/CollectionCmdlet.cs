using System.Management.Automation;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>Base of the management cmdlets that act on one collection named by -CollectionName (or -Name), which a piped collection binds.</summary>
public abstract class CollectionCmdlet : ConnectionCmdlet
{
    /// <summary>The collection (a piped collection binds its name here).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CollectionNameCompleter))]
    public string CollectionName { get; set; } = "";
}
