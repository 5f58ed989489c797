using System.Management.Automation;
using MilvusDM.Core.Parquet;
using MilvusDM.PowerShell.Internal;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Describes Parquet files in Milvus's bulk-import layout: rows, primary key, vector field and every field with its Milvus type, as Import-Parquet would create them.</para>
/// </summary>
/// <example><code>Get-ParquetInfo ./parquet/docs__default</code><para>Describes every .parquet file of a folder written by Export-MilvusCollection -Format Parquet.</para></example>
/// <example><code>Get-ChildItem ./bulk/*.parquet | Get-ParquetInfo | Measure-Object Rows -Sum</code><para>Counts the rows of BulkWriter output before importing it.</para></example>
[Cmdlet(VerbsCommon.Get, "ParquetInfo", DefaultParameterSetName = FileSetParameters.PathSet)]
[OutputType(typeof(MilvusParquetInfo))]
public sealed class GetParquetInfoCommand : MilvusDMCmdlet, IDynamicParameters
{
    private readonly ParquetReadParameters _read = new();

    public object GetDynamicParameters() => _read;

    protected override void ProcessRecord()
    {
        foreach (var file in _read.Files(this))
        {
            try
            {
                var source = new ParquetVectorSource(file);
                var spec = Run(ct => source.DescribeAsync(ct));
                var vector = spec.VectorFields.FirstOrDefault();
                WriteObject(new MilvusParquetInfo
                {
                    Path = file,
                    FileSize = new FileInfo(file).Length,
                    Rows = source.TotalRows ?? 0,
                    PrimaryKey = spec.Fields.FirstOrDefault(f => f.IsPrimaryKey)?.Name ?? "",
                    VectorField = vector?.Name,
                    Dimension = vector?.Dimension,
                    EnableDynamicField = spec.EnableDynamicField,
                    Fields = spec.Fields.Select(OutputMapper.Field).ToArray(),
                });
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, file);
            }
        }
    }
}
