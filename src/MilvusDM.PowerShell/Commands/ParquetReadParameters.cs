namespace MilvusDM.PowerShell.Commands;

/// <summary>The parameters of the cmdlets that read Parquet files (Import-Parquet): files or a folder, offered as dynamic parameters.</summary>
public sealed class ParquetReadParameters : FileSetParameters
{
    internal IEnumerable<string> Files(MilvusDMCmdlet cmdlet) => Files(cmdlet, Core.Jobs.FileSource.Parquet());
}
