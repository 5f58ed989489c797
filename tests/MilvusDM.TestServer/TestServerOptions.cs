using System.Security.Cryptography.X509Certificates;

namespace MilvusDM.TestServer;

/// <summary>How the in-memory Milvus server behaves. Defaults follow a stock Milvus 2.6 configuration.</summary>
public sealed record TestServerOptions
{
    /// <summary>0 picks a free loopback port.</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>common.security.authorizationEnabled.</summary>
    public bool AuthEnabled { get; init; }

    /// <summary>user → password; Milvus ships root/Milvus.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string> { ["root"] = "Milvus" };

    /// <summary>API keys accepted as tokens (a token with ':' is treated as user:password).</summary>
    public IReadOnlyCollection<string> ApiKeys { get; init; } = [];

    /// <summary>Accept inserts without storing them (benchmarks).</summary>
    public bool Discard { get; init; }

    /// <summary>proxy.grpc.serverMaxRecvSize.</summary>
    public int MaxReceiveMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>quotaAndLimits.flushRate.collection.max = 0.1 qps → one flush per 10 s per collection.</summary>
    public TimeSpan FlushMinInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>quotaAndLimits.limits.maxQueryResultWindow.</summary>
    public int MaxQueryResultWindow { get; init; } = 16384;

    /// <summary>How long a collection stays Loading after LoadCollection.</summary>
    public TimeSpan LoadDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Rows a growing segment holds before it seals (a small Milvus seals many small segments).</summary>
    public int SegmentRows { get; init; } = 4096;

    /// <summary>quotaAndLimits.limits.maxOutputSize: the largest reduced query result, in bytes.</summary>
    public long MaxOutputSize { get; init; } = 104_857_600;

    /// <summary>
    /// The version the server reports (Connect, GetVersion). Features follow it: the 2.6 types are refused at CreateCollection
    /// below the release that brought them (Text and Int8Vector v2.6.0, Geometry and struct arrays v2.6.4, Timestamptz
    /// v2.6.6); nullable vectors need v2.6.18;
    /// allow_insert_auto_id needs v2.6.3. An unparseable version behaves as the newest.
    /// </summary>
    public string Version { get; init; } = "v2.6.99-milvusdm-testserver";

    /// <summary>
    /// proxy.maxVectorFieldNum (struct vector sub-fields count too). Null follows <see cref="Version"/>: 4 on every
    /// 2.4–2.6 release before v2.6.18, 10 from v2.6.18 on.
    /// </summary>
    public int? MaxVectorFields { get; init; }

    internal int VectorFieldLimit => MaxVectorFields ?? (AtLeast(2, 6, 18) ? 10 : 4);

    /// <summary>True when <see cref="Version"/> is at least major.minor.patch (or unparseable).</summary>
    public bool AtLeast(int major, int minor, int patch)
    {
        var m = System.Text.RegularExpressions.Regex.Match(Version, @"(\d+)\.(\d+)\.(\d+)");
        if (!m.Success) return true;
        var v = new System.Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
        return v >= new System.Version(major, minor, patch);
    }

    /// <summary>
    /// The folder bulk import reads from: Import's file paths are relative to it, as Milvus's are relative to its bucket
    /// (or its local storage root). Null: no storage, every file is missing.
    /// </summary>
    public string? StorageRoot { get; init; }

    /// <summary>datacoord.import.maxImportJobNum: import jobs that may be pending or running at once.</summary>
    public int MaxImportJobs { get; init; } = 1024;

    /// <summary>How long an import job stays in each stage (pending, pre-importing, importing), so progress can be watched.</summary>
    public TimeSpan ImportStageDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Serve TLS with this certificate (must have a private key).</summary>
    public X509Certificate2? Certificate { get; init; }
}
