using MilvusDM.Core.Milvus;

namespace MilvusDM.PowerShell;

/// <summary>An open connection to a Milvus 2.x server (from Connect-Milvus). Never shows secrets.</summary>
public sealed class MilvusConnection : IDisposable
{
    internal MilvusConnection(MilvusClient client, ServerInfo server)
    {
        Client = client;
        Uri = client.Address.ToString().TrimEnd('/');
        Database = client.Database;
        User = client.Options.User ?? (client.Options.Token is null ? "" : "<token>");
        ServerVersion = server.Version;
        Tls = client.Address.Scheme == System.Uri.UriSchemeHttps;
    }

    internal MilvusClient Client { get; }

    public string Uri { get; }
    public string Database { get; }
    public string User { get; }
    public string ServerVersion { get; }
    public bool Tls { get; }
    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Client.Dispose();
    }

    public override string ToString() => $"{Uri} ({Database})";
}
