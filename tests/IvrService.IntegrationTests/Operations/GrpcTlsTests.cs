using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// The gRPC API over TLS as an operator configures it, with Kestrel's own keys only:
/// <c>Kestrel:Endpoints:Grpc:Url=https://…</c> and <c>Certificate:Path</c> with <c>Password</c> (PKCS#12) or
/// <c>KeyPath</c> (PEM). The certificate is self-signed, made by the test; the client trusts exactly that one (by its
/// SHA-256 hash), so a passing call proves the product presented it.
/// </summary>
public sealed class GrpcTlsTests : IDisposable
{
    private const string PfxPassword = "ivr-test-pfx-password";

    private readonly string _directory = Directory.CreateTempSubdirectory("ivr-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task HealthCheck_IsServingOverTls_WhenTheGrpcEndpointHasACertificate(string form)
    {
        // Arrange
        using var certificate = CreateSelfSignedCertificate();
        var port = FreePorts.Next();
        var host = new IvrHostFixture { ServeHttp = true };
        host.Settings["Kestrel:Endpoints:Grpc:Url"] = $"https://127.0.0.1:{port}";
        host.Settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        foreach (var (key, value) in WriteCertificate(certificate, form))
        {
            host.Settings[key] = value;
        }

        try
        {
            await host.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(120));
            var expectedHash = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            string? presentedHash = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                {
                    presentedHash = presented?.GetCertHashString(HashAlgorithmName.SHA256);
                    return string.Equals(presentedHash, expectedHash, StringComparison.OrdinalIgnoreCase);
                },
            };
            using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
            var health = new Health.HealthClient(channel);

            // Act
            var overall = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync.WaitAsync(TestTimeouts.Default);
            var calls = await health.CheckAsync(new HealthCheckRequest { Service = "ivr.v1.Calls" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync.WaitAsync(TestTimeouts.Default);

            // Assert
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, calls.Status);
            Assert.Equal(expectedHash, presentedHash, ignoreCase: true);
        }
        finally
        {
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(60));
            FreePorts.Release(port);
        }
    }

    [Fact]
    public async Task HealthCheck_FailsInPlaintext_WhenTheGrpcEndpointIsTls()
    {
        // Arrange
        using var certificate = CreateSelfSignedCertificate();
        var port = FreePorts.Next();
        var host = new IvrHostFixture { ServeHttp = true };
        host.Settings["Kestrel:Endpoints:Grpc:Url"] = $"https://127.0.0.1:{port}";
        host.Settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        foreach (var (key, value) in WriteCertificate(certificate, "pfx"))
        {
            host.Settings[key] = value;
        }

        try
        {
            await host.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(120));
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var health = new Health.HealthClient(channel);

            // Act
            var failure = await Assert.ThrowsAsync<RpcException>(() =>
                health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.WaitAsync(TestTimeouts.Default));

            // Assert: the TLS port never answers a clear-text HTTP/2 request, so no status but a transport failure
            Assert.Contains(failure.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal, StatusCode.DeadlineExceeded });
        }
        finally
        {
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(60));
            FreePorts.Release(port);
        }
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, valid from a day ago for a week.</summary>
    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ivrservice-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }

    /// <summary>Writes the certificate as the operator would (PKCS#12 with a password, or PEM certificate and key) and returns its settings.</summary>
    private Dictionary<string, string?> WriteCertificate(X509Certificate2 certificate, string form)
    {
        const string Prefix = "Kestrel:Endpoints:Grpc:Certificate:";
        if (form == "pfx")
        {
            var pfxPath = Path.Combine(_directory, "api.pfx");
            File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pfx, PfxPassword));
            return new() { [Prefix + "Path"] = pfxPath, [Prefix + "Password"] = PfxPassword };
        }

        var certificatePath = Path.Combine(_directory, "api.crt");
        var keyPath = Path.Combine(_directory, "api.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new() { [Prefix + "Path"] = certificatePath, [Prefix + "KeyPath"] = keyPath };
    }
}
