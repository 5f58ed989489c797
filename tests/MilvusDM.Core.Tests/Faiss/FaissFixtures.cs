using MilvusDM.Core.Tests.Support;

namespace MilvusDM.Core.Tests.Faiss;

/// <summary>Index files written by the real Faiss (Debian python3-faiss) during the test run, with their ground truth.</summary>
public sealed class FaissFixtures : IAsyncLifetime
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"milvusdm-faiss-{Guid.NewGuid():N}");

    public string Index(string name) => Path.Combine(Dir, name + ".index");

    public async Task InitializeAsync()
    {
        string script = Path.Combine(RepoPaths.Root, "tests", "fixtures", "make_faiss.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, Dir], RepoPaths.Root, TimeSpan.FromMinutes(5));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"Making Faiss fixtures failed (is python3-faiss installed? scripts/setup.sh installs it):\n{run.StdErr}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Ground truth: id → vector (float32, or bytes for binary cases).</summary>
    public Dictionary<long, float[]> FloatTruth(string name, int dim)
    {
        var ids = Longs(File.ReadAllBytes(Path.Combine(Dir, name + ".ids")));
        var vecBytes = File.ReadAllBytes(Path.Combine(Dir, name + ".vecs"));
        var floats = new float[vecBytes.Length / 4];
        Buffer.BlockCopy(vecBytes, 0, floats, 0, vecBytes.Length);
        return ids.Select((id, i) => (id, v: floats.AsSpan(i * dim, dim).ToArray())).ToDictionary(x => x.id, x => x.v);
    }

    public Dictionary<long, byte[]> BinaryTruth(string name, int bytesPerRow)
    {
        var ids = Longs(File.ReadAllBytes(Path.Combine(Dir, name + ".ids")));
        var vec = File.ReadAllBytes(Path.Combine(Dir, name + ".vecs"));
        return ids.Select((id, i) => (id, v: vec.AsSpan(i * bytesPerRow, bytesPerRow).ToArray())).ToDictionary(x => x.id, x => x.v);
    }

    private static long[] Longs(byte[] bytes)
    {
        var longs = new long[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, longs, 0, bytes.Length);
        return longs;
    }
}
