using MilvusDM.Core.Milvus;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Support;

/// <summary>Starts in-process test servers on free loopback ports and clients for them.</summary>
public static class TestServers
{
    /// <summary>Flush rate limiting off by default in tests that flush several times; a test that checks it sets its own.</summary>
    public static Task<MilvusTestServer> StartAsync(TestServerOptions? options = null) =>
        MilvusTestServer.StartAsync(options ?? new TestServerOptions { FlushMinInterval = TimeSpan.Zero });

    public static MilvusClient Client(MilvusTestServer server, string database = "default", RetryPolicy? retry = null, string? user = null, string? password = null) =>
        new(new MilvusConnectionOptions
        {
            Uri = server.Uri.ToString(),
            Database = database,
            User = user,
            Password = password,
            Retry = retry ?? new RetryPolicy(5, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)),
            CallTimeout = TimeSpan.FromSeconds(60),
        });
}

/// <summary>One shared server for tests that only create their own uniquely named collections.</summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    public MilvusTestServer Server { get; private set; } = null!;
    public MilvusClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServers.StartAsync();
        Client = TestServers.Client(Server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Two servers with a client each, for copies from one to the other.</summary>
public sealed class ServerPair : IAsyncDisposable
{
    private MilvusTestServer _a = null!, _b = null!;

    public MilvusClient Source { get; private set; } = null!;
    public MilvusClient Destination { get; private set; } = null!;
    public MilvusTestServer DestinationServer => _b;

    /// <param name="destination">How the destination server behaves (e.g. its bulk-import storage root); the test default when null.</param>
    public static async Task<ServerPair> StartAsync(TestServerOptions? destination = null)
    {
        var pair = new ServerPair { _a = await TestServers.StartAsync(), _b = await TestServers.StartAsync(destination) };
        pair.Source = TestServers.Client(pair._a);
        pair.Destination = TestServers.Client(pair._b);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        Source.Dispose();
        Destination.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
