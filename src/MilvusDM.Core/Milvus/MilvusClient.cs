using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Milvus.Client.Grpc;
using Status = Milvus.Client.Grpc.Status;

namespace MilvusDM.Core.Milvus;

/// <summary>
/// A Milvus 2.x client over gRPC. Thread-safe; one instance is meant to be shared by all work on a server.
/// Every request carries <c>db_name</c>; every failure surfaces as a <see cref="Errors.MilvusServerException"/>
/// (or <see cref="OperationCanceledException"/> when the caller cancels).
/// </summary>
public sealed partial class MilvusClient : IAsyncDisposable, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly MilvusService.MilvusServiceClient _grpc;
    private readonly CallInvoker _invoker;
    private readonly Metadata _headers;
    private readonly bool _ownsChannel;

    public MilvusClient(MilvusConnectionOptions options)
    {
        Options = options;
        Address = MilvusEndpoint.Normalize(options.Uri);
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = CreateHandler(options, Address),
            MaxReceiveMessageSize = null,   // unlimited, as the official SDKs: query pages exceed 4 MB
            MaxSendMessageSize = null,
            DisposeHttpClient = true,
        });
        _invoker = _channel.CreateCallInvoker();
        _grpc = new MilvusService.MilvusServiceClient(_invoker);
        _headers = BuildHeaders(options);
        _ownsChannel = true;
    }

    private MilvusClient(MilvusClient parent, string database)
    {
        Options = parent.Options with { Database = database };
        Address = parent.Address;
        _channel = parent._channel;
        _grpc = parent._grpc;
        _invoker = parent._invoker;
        _headers = BuildHeaders(Options);
        foreach (var h in parent._headers.Where(h => h.Key == "identifier")) _headers.Add(h.Key, h.Value);
        _ownsChannel = false;
    }

    public MilvusConnectionOptions Options { get; }
    public Uri Address { get; }
    public string Database => Options.Database;

    /// <summary>A client for another database on the same connection (shares the channel).</summary>
    public MilvusClient WithDatabase(string database) => new(this, database);

    private static HttpMessageHandler CreateHandler(MilvusConnectionOptions o, Uri address)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        if (address.Scheme == Uri.UriSchemeHttps)
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = CertificateValidator(o),
            };
        return handler;
    }

    private static RemoteCertificateValidationCallback CertificateValidator(MilvusConnectionOptions o)
    {
        if (o.SkipCertificateValidation) return (_, _, _, _) => true;
        if (string.IsNullOrEmpty(o.CaCertificatePath)) return (_, _, _, errors) => errors == SslPolicyErrors.None;
        var ca = LoadCertificate(o.CaCertificatePath);
        return (_, cert, _, errors) =>
        {
            if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(cert));
        };
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path))
            throw new Errors.MilvusDMException(Errors.MilvusDMErrorKind.NotFound, "CertificateNotFound",
                $"CA certificate file '{path}' does not exist.", "Pass the path of the PEM or DER file of the CA that signed the server certificate.");
        string text = File.ReadAllText(path);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
#pragma warning disable SYSLIB0057 // DER file; X509CertificateLoader is not in net8.0
            : new X509Certificate2(File.ReadAllBytes(path));
#pragma warning restore SYSLIB0057
    }

    private static Metadata BuildHeaders(MilvusConnectionOptions o)
    {
        var h = new Metadata();
        string? secret = !string.IsNullOrEmpty(o.User) ? $"{o.User}:{o.Password}" : o.Token;
        if (!string.IsNullOrEmpty(secret)) h.Add("authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        h.Add("dbname", o.Database);
        return h;
    }

    /// <summary>Runs one RPC with the deadline, headers and retry policy; maps failures to MilvusDM exceptions.</summary>
    /// <param name="refusedAttempts">Tries when the server refuses the TCP connection (Connect gives up early: nothing listens there).</param>
    private async Task<T> InvokeAsync<T>(string rpc, Func<CallOptions, AsyncUnaryCall<T>> call, Func<T, Status?> status, CancellationToken ct, int refusedAttempts = int.MaxValue)
    {
        var retry = Options.Retry;
        for (int attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var options = new CallOptions(_headers, Options.CallTimeout == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + Options.CallTimeout, ct);
            Errors.MilvusServerException failure;
            try
            {
                var response = await call(options).ResponseAsync.ConfigureAwait(false);
                var s = status(response);
                if (MilvusErrorMapper.IsSuccess(s)) return response;
                failure = MilvusErrorMapper.FromStatus(rpc, s!);
                if (!MilvusErrorMapper.IsRetriable(s!) || attempt + 1 >= retry.MaxAttempts) throw failure;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Milvus {rpc} was canceled.", e, ct);
            }
            catch (RpcException e)
            {
                failure = MilvusErrorMapper.FromRpc(rpc, e, Address.ToString());
                if (!MilvusErrorMapper.IsRetriable(e) || attempt + 1 >= retry.MaxAttempts) throw failure;
                if (MilvusErrorMapper.IsConnectionRefused(e) && attempt + 1 >= refusedAttempts) throw failure;
            }
            RetryAttempted?.Invoke(this, new RetryEventArgs(rpc, attempt + 1, failure));
            await Task.Delay(retry.DelayFor(attempt), ct).ConfigureAwait(false);
        }
    }

    private Task InvokeAsync(string rpc, Func<CallOptions, AsyncUnaryCall<Status>> call, CancellationToken ct) =>
        InvokeAsync(rpc, call, s => s, ct);

    /// <summary>Raised before each retry (for verbose output and tests).</summary>
    public event EventHandler<RetryEventArgs>? RetryAttempted;

    public void Dispose()
    {
        if (_ownsChannel) _channel.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A retriable failure that is about to be retried.</summary>
public sealed class RetryEventArgs(string rpc, int attempt, Errors.MilvusServerException failure) : EventArgs
{
    public string Rpc { get; } = rpc;
    public int Attempt { get; } = attempt;
    public Errors.MilvusServerException Failure { get; } = failure;
}
