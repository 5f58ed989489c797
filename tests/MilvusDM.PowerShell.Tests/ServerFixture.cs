using MilvusDM.TestServer;

namespace MilvusDM.PowerShell.Tests;

/// <summary>One test server per test class (flush rate limit off so tests can flush freely).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public MilvusTestServer Server { get; private set; } = null!;
    public string Uri => Server.Uri.ToString();

    public async Task InitializeAsync() => Server = await MilvusTestServer.StartAsync(new TestServerOptions { FlushMinInterval = TimeSpan.Zero });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
