
namespace MilvusDM.Core.Tests.Support;

/// <summary>Index files written by the real Faiss (Debian python3-faiss) during the test run, with their ground truth.</summary>
public sealed class FaissFixtures() : GeneratedFixtures("make_faiss.py", "python3-faiss")
{
    public string Index(string name) => Path.Combine(Dir, name + ".index");
}

/// <summary>HDF5 files written by h5py (Debian python3-h5py) during the test run, with their ground truth.</summary>
public sealed class Hdf5Fixtures() : GeneratedFixtures("make_hdf5.py", "python3-h5py", Path.Combine(RepoPaths.Root, "tests", "fixtures", "milvusdm-examples"))
{
    public string File(string name) => Path.Combine(Dir, name + ".h5");
}

/// <summary>
/// Fixtures a script in tests/fixtures makes with a real library during the test run: NAME.ids (int64) and
/// NAME.vecs (float32 or uint8) hold the (id, vector) pairs a reader must produce.
/// </summary>
public abstract class GeneratedFixtures(string script, string package, params string[] extraArgs) : IAsyncLifetime
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"milvusdm-{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "fixtures", script);
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [path, Dir, .. extraArgs], RepoPaths.Root, TimeSpan.FromMinutes(5));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed (is {package} installed? scripts/setup.sh installs it):\n{run.StdErr}");
    }

    public long[] Ids(string name) => Longs(System.IO.File.ReadAllBytes(Path.Combine(Dir, name + ".ids")));

    public Task DisposeAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Raw truth vectors in file order.</summary>
    public byte[] VectorBytes(string name) => System.IO.File.ReadAllBytes(Path.Combine(Dir, name + ".vecs"));

    /// <summary>Ground truth: id → vector (float32, or bytes for binary cases).</summary>
    public Dictionary<long, float[]> FloatTruth(string name, int dim)
    {
        var ids = Ids(name);
        var vecBytes = System.IO.File.ReadAllBytes(Path.Combine(Dir, name + ".vecs"));
        var floats = new float[vecBytes.Length / 4];
        Buffer.BlockCopy(vecBytes, 0, floats, 0, vecBytes.Length);
        return ids.Select((id, i) => (id, v: floats.AsSpan(i * dim, dim).ToArray())).ToDictionary(x => x.id, x => x.v);
    }

    public Dictionary<long, byte[]> BinaryTruth(string name, int bytesPerRow)
    {
        var ids = Ids(name);
        var vec = System.IO.File.ReadAllBytes(Path.Combine(Dir, name + ".vecs"));
        return ids.Select((id, i) => (id, v: vec.AsSpan(i * bytesPerRow, bytesPerRow).ToArray())).ToDictionary(x => x.id, x => x.v);
    }

    private static long[] Longs(byte[] bytes)
    {
        var longs = new long[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, longs, 0, bytes.Length);
        return longs;
    }
}
