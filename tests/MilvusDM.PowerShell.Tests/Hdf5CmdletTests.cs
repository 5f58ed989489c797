using MilvusDM.Core.Tests.Support;

namespace MilvusDM.PowerShell.Tests;

/// <summary>Get-Hdf5Info, Read-Hdf5 and Import-Hdf5 against files h5py wrote in this run.</summary>
public sealed class Hdf5CmdletTests(ServerFixture server, Hdf5Fixtures hdf5) : IClassFixture<ServerFixture>, IClassFixture<Hdf5Fixtures>
{
    private ModuleRunspace Connected()
    {
        var rs = new ModuleRunspace();
        rs.Invoke($"Connect-Milvus -Uri '{server.Uri}' | Out-Null");
        rs.SetVariable("dir", hdf5.Dir);
        return rs;
    }

    private static string Name() => "h5_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void InfoShowsDatasetsAndLayout()
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke("Get-Hdf5Info $dir/ann_angular.h5");
        Assert.Empty(shell.Streams.Error);
        var info = Assert.Single(o);
        Assert.Equal(("AnnBenchmarks", "angular", "COSINE"), ((string)info.Properties["Layout"].Value, (string)info.Properties["Distance"].Value, (string)info.Properties["MilvusMetric"].Value));
        var (names, _) = rs.Invoke("(Get-Hdf5Info $dir/ann_angular.h5).Datasets | ForEach-Object Name");
        Assert.Equal(["distances", "neighbors", "test", "train"], names.Select(n => n.ToString()).Order());
    }

    [Theory]
    [InlineData("f32_odd_chunks")]
    [InlineData("f64")]
    public void ReadHdf5YieldsTheArraysH5pyWrote(string name)
    {
        using var rs = Connected();
        var (o, shell) = rs.Invoke($$"""
            Read-Hdf5 $dir/{{name}}.h5 -BatchSize 700 | ForEach-Object {
                $b = $_
                for ($i = 0; $i -lt $b.Count; $i++) { '{0}:{1}' -f $b.GetValue('id', $i), (($b.GetVector($i) | ForEach-Object { [BitConverter]::SingleToInt32Bits($_) }) -join ',') }
            }
            """);
        Assert.Empty(shell.Streams.Error);
        var ids = hdf5.Ids(name);
        var bytes = hdf5.VectorBytes(name);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        Assert.Equal(ids.Length, o.Count);
        for (int r = 0; r < ids.Length; r++)
        {
            var expected = $"{ids[r]}:" + string.Join(',', floats.AsSpan(r * 24, 24).ToArray().Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(expected, o[r].ToString());
        }
    }

    [Fact]
    public void SeveralFilesAndAFolderImportWithExactCounts()
    {
        using var rs = Connected();
        string name = Name();
        var (o, shell) = rs.Invoke($"Import-Hdf5 -Path $dir/f32_contiguous.h5, $dir/f32_odd_chunks.h5 -CollectionName {name} -Mode Overwrite -Force");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(["Succeeded", "Succeeded"], o.Select(r => (string)r.Properties["Status"].Value));
        Assert.Equal(5000L, Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).RowCount").Output).BaseObject);

        // A folder: its .h5 files, the first overwriting, the rest appended.
        string folder = Path.Combine(hdf5.Dir, "folder_" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var f in new[] { "f32_contiguous", "f32_chunked_deflate", "f32_no_ids" }) File.Copy(hdf5.File(f), Path.Combine(folder, f + ".h5"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an HDF5 file: skipped by the folder filter");
        string fromFolder = Name();
        var (f2, folderShell) = rs.Invoke($"Import-Hdf5 -Directory '{folder}' -CollectionName {fromFolder} -Load");
        Assert.Empty(folderShell.Streams.Error);
        Assert.Equal(3, f2.Count);
        Assert.Equal(7500L, Assert.Single(rs.Invoke($"(Get-MilvusCollection {fromFolder}).RowCount").Output).BaseObject);
    }

    [Fact]
    public void VerifyProvesAnImportAndCatchesRowsThatDoNotMatch()
    {
        using var rs = Connected();
        string name = Name();
        var (ok, okShell) = rs.Invoke($"Import-Hdf5 $dir/f32_contiguous.h5 -CollectionName {name} -Verify -Verbose");
        Assert.Empty(okShell.Streams.Error);
        Assert.True((bool?)Assert.Single(ok).Properties["Verified"].Value);
        Assert.Contains(okShell.Streams.Verbose, v => v.Message.StartsWith("Verified: 2500 source rows", StringComparison.Ordinal));

        // The server silently changes a vector of the next write: -Verify names the row.
        server.Server.Faults.CorruptWrites(server.Server.Faults.WriteCalls + 1);
        var (bad, badShell) = rs.Invoke($"Import-Hdf5 $dir/f32_contiguous.h5 -CollectionName {Name()} -Verify");
        Assert.False((bool?)Assert.Single(bad).Properties["Verified"].Value);
        var error = Assert.Single(badShell.Streams.Error);
        Assert.Equal("VerificationFailed,MilvusDM.PowerShell.Commands.ImportHdf5Command", error.FullyQualifiedErrorId);
        Assert.Contains("0 missing (e.g. none), 1 different (e.g. -1000000000)", error.Exception.Message);
    }

    [Fact]
    public void ResumeContinuesAnImportTheServerCutOff()
    {
        using var rs = Connected();
        string name = Name();
        server.Server.Faults.UnavailableAfterWrites = server.Server.Faults.AcceptedWrites + 3;
        try
        {
            var (cut, cutShell) = rs.Invoke($"Import-Hdf5 $dir/f32_contiguous.h5 -CollectionName {name} -BatchSize 250 -ThrottleLimit 1");
            Assert.Equal("Failed", (string)Assert.Single(cut).Properties["Status"].Value);
            Assert.Equal(750L, (long)cut[0].Properties["CheckpointRows"].Value);
            Assert.NotEmpty(cutShell.Streams.Error);
        }
        finally { server.Server.Faults.UnavailableAfterWrites = long.MaxValue; }

        var (resumed, shell) = rs.Invoke($"Import-Hdf5 $dir/f32_contiguous.h5 -CollectionName {name} -BatchSize 250 -Resume -Verify -Verbose");
        Assert.Empty(shell.Streams.Error);
        var r = Assert.Single(resumed);
        Assert.Equal(("Succeeded", 1750L, true), ((string)r.Properties["Status"].Value, (long)r.Properties["Rows"].Value, (bool)r.Properties["Verified"].Value));
        Assert.Contains(shell.Streams.Verbose, v => v.Message.StartsWith("Resumed after 750 rows", StringComparison.Ordinal));
        Assert.Equal(2500L, Assert.Single(rs.Invoke($"(Get-MilvusCollection {name}).RowCount").Output).BaseObject);
    }

    [Fact]
    public void ErrorsAreStableAndComposeWithWrite()
    {
        using var rs = Connected();
        var (_, bad) = rs.Invoke($"Import-Hdf5 $dir/length_mismatch.h5, $dir/int_vectors.h5, $dir/nowhere.h5 -CollectionName {Name()}");
        Assert.Equal(["Hdf5FileNotFound,MilvusDM.PowerShell.Commands.ImportHdf5Command", "Hdf5LengthMismatch,MilvusDM.PowerShell.Commands.ImportHdf5Command",
            "Hdf5UnsupportedType,MilvusDM.PowerShell.Commands.ImportHdf5Command"], bad.Streams.Error.Select(e => e.FullyQualifiedErrorId).Order(StringComparer.Ordinal));

        string name = Name();
        var (w, wShell) = rs.Invoke($"Read-Hdf5 $dir/byte_example.h5 | Write-MilvusCollection -Name {name}");
        Assert.Empty(wShell.Streams.Error);
        Assert.Equal(5L, Assert.Single(w).Properties["Rows"].Value);
        var (batches, _) = rs.Invoke("Read-Hdf5 $dir/ann_angular.h5 -Dataset test -BatchSize 20 | ForEach-Object Count");
        Assert.Equal([20, 20, 10], batches.Select(b => (int)b.BaseObject));
    }
}
