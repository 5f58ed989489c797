using Grpc.Core;
using Milvus.Client.Grpc;

namespace MilvusDM.Core.Milvus;

public sealed partial class MilvusClient
{
    /// <summary>
    /// Calls Connect (validates credentials early, returns the server version and a session identifier).
    /// Servers older than 2.2.9 have no Connect: GetVersion is used instead. With <paramref name="within"/>, an
    /// unreachable server fails after that long (retries included), with an error naming the address.
    /// </summary>
    public async Task<ServerInfo> ConnectAsync(CancellationToken ct = default, TimeSpan? within = null)
    {
        if (within is not { } limit) return await ConnectOnceAsync(ct).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        Errors.MilvusServerException? last = null;
        void Remember(object? _, RetryEventArgs e) => last = e.Failure;
        RetryAttempted += Remember;
        try
        {
            return await ConnectOnceAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.Connection, "MilvusConnectTimeout",
                $"Could not connect to {Address} within {limit.TotalSeconds:0.#} s{(last is null ? "" : $": {last.Reason}")}.",
                $"Check that a Milvus server is running and reachable at {Address}, and that the scheme (http/https) matches its TLS setting.");
        }
        finally
        {
            RetryAttempted -= Remember;
        }
    }

    private async Task<ServerInfo> ConnectOnceAsync(CancellationToken ct)
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
            var r = await InvokeAsync("Connect", o => _grpc.ConnectAsync(request, o), x => x.Status, ct, refusedAttempts: 3).ConfigureAwait(false);
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
