using System.Management.Automation;
using MilvusDM.Core.Hdf5;

namespace MilvusDM.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the datasets of HDF5 files (shape, type, layout, chunks) and the layout recognised (MilvusDM, ann-benchmarks).</para>
/// </summary>
/// <example><code>Get-Hdf5Info ./sift-128-euclidean.hdf5</code><para>Lists the datasets (shape, type, chunks) and the layout recognised.</para></example>
[Cmdlet(VerbsCommon.Get, "Hdf5Info", DefaultParameterSetName = FileSetParameters.PathSet)]
[OutputType(typeof(MilvusHdf5Info))]
public sealed class GetHdf5InfoCommand : FileReadCmdlet<Hdf5ReadParameters>
{
    protected override void ProcessRecord()
    {
        foreach (var file in Read.Files(this))
        {
            try
            {
                var info = Hdf5FileInfo.Read(file);
                WriteObject(new MilvusHdf5Info
                {
                    Path = info.Path,
                    FileSize = info.FileSize,
                    Layout = info.Layout.ToString(),
                    Distance = info.Distance,
                    MilvusMetric = info.MilvusMetric,
                    Datasets = info.Datasets.Select(d => new MilvusHdf5DatasetInfo
                    {
                        Name = d.Name,
                        Shape = d.Shape.ToArray(),
                        Type = $"{d.TypeClass}({d.TypeSize})",
                        Layout = d.Layout,
                        Chunks = d.Chunks.ToArray(),
                    }).ToArray(),
                });
            }
            catch (Exception e) when (!IsStop(e))
            {
                WriteError(e, file);
            }
        }
    }
}
