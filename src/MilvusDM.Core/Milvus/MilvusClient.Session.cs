using Grpc.Core;
using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    /// <summary>
    /// Calls Connect (validates credentials early, returns the server version and a session identifier).
    /// Servers older than 2.2.9 have no Connect: GetVersion is used instead.
    /// </summary>
    public async Task<ServerInfo> ConnectAsync(CancellationToken ct = default)
    {
        var request = new ConnectRequest
        {
            ClientInfo = new ClientInfo
            {
                SdkType = "MilvusDM",
                SdkVersion = typeof(MilvusClient).Assembly.GetName().Version?.ToString() ?? "",
                LocalTime = DateTimeOffset.Now.ToString("O"),
                User = Options.User ?? "",
                Host = Environment.MachineName,
            },
        };
        try
        {
            var r = await InvokeAsync("Connect", o => _grpc.ConnectAsync(request, o), x => x.Status, ct).ConfigureAwait(false);
            if (r.Identifier != 0 && _headers.Get("identifier") is null) _headers.Add("identifier", r.Identifier.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new ServerInfo(r.ServerInfo?.BuildTags ?? "", r.ServerInfo?.DeployMode ?? "", r.Identifier, true);
        }
        catch (Errors.MilvusServerException e) when (e.TransportStatus == nameof(StatusCode.Unimplemented))
        {
            return new ServerInfo(await GetVersionAsync(ct).ConfigureAwait(false), "", 0, false);
        }
    }

    public async Task<string> GetVersionAsync(CancellationToken ct = default) =>
        (await InvokeAsync("GetVersion", o => _grpc.GetVersionAsync(new GetVersionRequest(), o), x => x.Status, ct).ConfigureAwait(false)).Version;

    /// <summary>Health as the server reports it: healthy flag and the reasons when not.</summary>
    public async Task<(bool IsHealthy, IReadOnlyList<string> Reasons)> CheckHealthAsync(CancellationToken ct = default)
    {
        var r = await InvokeAsync("CheckHealth", o => _grpc.CheckHealthAsync(new CheckHealthRequest(), o), x => x.Status, ct).ConfigureAwait(false);
        return (r.IsHealthy, r.Reasons.ToArray());
    }

    /// <summary>A fresh hybrid timestamp from the server (a snapshot point).</summary>
    public async Task<ulong> AllocTimestampAsync(CancellationToken ct = default) =>
        (await InvokeAsync("AllocTimestamp", o => _grpc.AllocTimestampAsync(new AllocTimestampRequest(), o), x => x.Status, ct).ConfigureAwait(false)).Timestamp;
}
