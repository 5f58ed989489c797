using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MilvusDM.TestServer.Service;
using MilvusDM.TestServer.Storage;

namespace MilvusDM.TestServer;

/// <summary>
/// An in-memory server that speaks Milvus's gRPC protocol (MilvusService), for tests and demos.
/// <code>await using var server = await MilvusTestServer.StartAsync(); // server.Uri → http://127.0.0.1:port</code>
/// </summary>
public sealed class MilvusTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MilvusTestServer(WebApplication app, TestServerOptions options, FaultInjection faults, Uri uri)
    {
        _app = app;
        Options = options;
        Faults = faults;
        Uri = uri;
    }

    public TestServerOptions Options { get; }
    public FaultInjection Faults { get; }

    /// <summary>http://127.0.0.1:port (https:// when a certificate is configured).</summary>
    public Uri Uri { get; }

    public static async Task<MilvusTestServer> StartAsync(TestServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TestServerOptions();
        var faults = new FaultInjection();
        var state = new ServerState(new TimestampOracle(), options.Users);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Parse(options.Host), options.Port, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                if (options.Certificate is { } cert) l.UseHttps(cert);
            });
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<AuthInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = options.MaxReceiveMessageBytes;
            o.MaxSendMessageSize = 256 * 1024 * 1024;   // proxy.grpc.serverMaxSendSize
            o.Interceptors.Add<AuthInterceptor>();
        });
        var app = builder.Build();
        app.MapGrpcService<MilvusServiceImpl>();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Urls.First();
        var port = new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")).Port;
        var uri = new UriBuilder(options.Certificate is null ? "http" : "https", options.Host == "0.0.0.0" ? "127.0.0.1" : options.Host, port).Uri;
        return new MilvusTestServer(app, options, faults, uri);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Blocks until the host shuts down (Ctrl+C for the executable).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);
}
