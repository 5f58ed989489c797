namespace MilvusDM.PowerShell;

/// <summary>One dataset of an HDF5 file.</summary>
public sealed class MilvusHdf5DatasetInfo
{
    public string Name { get; init; } = "";
    public PrintableList<ulong> Shape { get; init; } = Array.Empty<ulong>();
    public string Type { get; init; } = "";
    public string Layout { get; init; } = "";
    public PrintableList<ulong> Chunks { get; init; } = Array.Empty<ulong>();

    public override string ToString() => $"{Name} ({string.Join(" × ", Shape)}) {Type}";
}

/// <summary>What an HDF5 file holds (Get-Hdf5Info).</summary>
public sealed class MilvusHdf5Info
{
    public string Path { get; init; } = "";
    public long FileSize { get; init; }

    /// <summary>MilvusDM (embeddings + ids), AnnBenchmarks (train, test…) or Unknown.</summary>
    public string Layout { get; init; } = "";

    public PrintableList<MilvusHdf5DatasetInfo> Datasets { get; init; } = Array.Empty<MilvusHdf5DatasetInfo>();
    public string? Distance { get; init; }
    public string? MilvusMetric { get; init; }

    public override string ToString() => $"{Path}: {Layout}";
}
