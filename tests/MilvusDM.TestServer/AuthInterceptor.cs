using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace MilvusDM.TestServer;

/// <summary>
/// Milvus's authentication interceptor: with authorization enabled, every call needs an <c>authorization</c>
/// header holding Base64 of "user:password" or of an API key; failures are gRPC UNAUTHENTICATED. Users are the
/// server's credentials: <see cref="TestServerOptions.Users"/> and those CreateCredential added.
/// </summary>
internal sealed class AuthInterceptor(TestServerOptions options, Storage.ServerState state) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (options.AuthEnabled) Authenticate(context);
        return continuation(request, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header)) throw Unauthenticated("missing authorization in header");
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header)); }
        catch (FormatException) { throw Unauthenticated("invalid authorization header: not Base64"); }
        int colon = decoded.IndexOf(':');
        bool ok;
        if (colon < 0) ok = options.ApiKeys.Contains(decoded);
        else lock (state.Gate) ok = state.Rbac.Credentials.TryGetValue(decoded[..colon], out var password) && password == decoded[(colon + 1)..];
        if (!ok) throw Unauthenticated("auth check failure, please check username and password are correct");
    }

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));
}
