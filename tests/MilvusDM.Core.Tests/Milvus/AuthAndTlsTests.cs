using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MilvusDM.Core.Errors;
using MilvusDM.Core.Milvus;
using MilvusDM.Core.Tests.Support;
using MilvusDM.TestServer;

namespace MilvusDM.Core.Tests.Milvus;

public sealed class AuthAndTlsTests
{
    [Fact]
    public async Task AuthenticationOnAcceptsGoodCredentialsAndTokensAndRejectsBadOnes()
    {
        await using var server = await TestServers.StartAsync(new TestServerOptions { AuthEnabled = true, ApiKeys = ["secret-api-key"], FlushMinInterval = TimeSpan.Zero });
        using (var good = TestServers.Client(server, user: "root", password: "Milvus"))
        {
            await good.ConnectAsync();
            await good.CreateCollectionAsync(Schemas.Simple("authed"));
        }
        using (var token = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString(), Token = "root:Milvus" }))
            Assert.Contains("authed", await token.ListCollectionsAsync());
        using (var apiKey = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString(), Token = "secret-api-key" }))
            Assert.Contains("authed", await apiKey.ListCollectionsAsync());

        using var bad = TestServers.Client(server, user: "root", password: "wrong");
        var e = await Assert.ThrowsAsync<MilvusServerException>(() => bad.ConnectAsync());
        Assert.Equal(("Unauthenticated", MilvusDMErrorKind.Authentication, "MilvusAuthenticationFailed"), (e.TransportStatus, e.Kind, e.ErrorId));
        Assert.DoesNotContain("wrong", e.Message);
        Assert.DoesNotContain("wrong", bad.Options.ToString());

        using var anonymous = TestServers.Client(server);
        var missing = await Assert.ThrowsAsync<MilvusServerException>(() => anonymous.ListCollectionsAsync());
        Assert.Contains("missing authorization", missing.Reason);
    }

    [Fact]
    public async Task AuthenticationOffIgnoresCredentials()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server, user: "anyone", password: "anything");
        Assert.True((await client.ConnectAsync()).SupportsConnect);
    }

    [Fact]
    public async Task TlsWithACustomCaConnectsAndAnUntrustedCertificateIsRefused()
    {
        var (ca, serverCert) = MakeCertificates();
        string caPath = Path.Combine(Path.GetTempPath(), $"milvusdm-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caPath, ca.ExportCertificatePem());
        try
        {
            await using var server = await TestServers.StartAsync(new TestServerOptions { Certificate = serverCert, FlushMinInterval = TimeSpan.Zero });
            Assert.Equal("https", server.Uri.Scheme);
            using (var trusted = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString(), CaCertificatePath = caPath }))
                Assert.StartsWith("v2.", (await trusted.ConnectAsync()).Version);

            using var untrusted = new MilvusClient(new MilvusConnectionOptions
            {
                Uri = server.Uri.ToString(),
                Retry = new RetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
            });
            var e = await Assert.ThrowsAsync<MilvusServerException>(() => untrusted.ConnectAsync());
            Assert.Equal(MilvusDMErrorKind.Connection, e.Kind);

            using var plain = new MilvusClient(new MilvusConnectionOptions { Uri = server.Uri.ToString().Replace("https", "http"), Retry = RetryPolicy.None });
            Assert.Equal(MilvusDMErrorKind.Connection, (await Assert.ThrowsAsync<MilvusServerException>(() => plain.ConnectAsync())).Kind);
        }
        finally
        {
            File.Delete(caPath);
        }
    }

    [Fact]
    public void UrisAreNormalized()
    {
        Assert.Equal("http://localhost:19530/", MilvusEndpoint.Normalize("localhost").ToString());
        Assert.Equal("http://10.0.0.1:19531/", MilvusEndpoint.Normalize("10.0.0.1:19531").ToString());
        Assert.Equal("https://milvus.example.com:19530/", MilvusEndpoint.Normalize("https://milvus.example.com").ToString());
        Assert.Equal("https://h/", MilvusEndpoint.Normalize("grpcs://h:443").ToString());
        Assert.Equal(80, MilvusEndpoint.Normalize("tcp://h:80").Port);
        Assert.Throws<ArgumentException>(() => MilvusEndpoint.Normalize("ftp://h"));
    }

    private static (X509Certificate2 Ca, X509Certificate2 Server) MakeCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=MilvusDM Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        return (ca, server);
    }
}
