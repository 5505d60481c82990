using Microsoft.Extensions.Options;

namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// Wrong Kestrel endpoints, API or stop settings stop the program's start (before the database, SIP or Kestrel
/// start) with a message naming the key.
/// </summary>
public sealed class EndpointValidationTests
{
    [Theory]
    [InlineData("Kestrel:Endpoints:Grpc:Protocols", "Http1", "cannot carry gRPC")]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:99999", "has no valid port number")]
    [InlineData("Kestrel:Endpoints:Http:Url", "ftp://127.0.0.1:5080", "is not an http:// or https:// address")]
    [InlineData("Kestrel:Endpoints:Http:Protocols", "Http2", "must include Http1")]
    [InlineData("Kestrel:Endpoints:Grpc:Certificate:Path", "/no/such/ivr.pfx", "does not exist")]
    [InlineData("Kestrel:Endpoints:Grpc:Certificate:KeyPath", "/no/such/ivr.key", "does not exist")]
    [InlineData("Api:MaxReceiveMessageBytes", "10", "must be between")]
    [InlineData("Api:RecordingChunkBytes", "100", "must be between")]
    [InlineData("Api:Keys:0:Sha256", "not-a-hash", "must be the key's SHA-256 hash")]
    [InlineData("Calls:ShutdownGraceSeconds", "601", "is not from 0 to 600")]
    public async Task Start_FailsNamingTheKey_WhenAnEndpointApiOrStopValueIsWrong(string key, string value, string problem)
    {
        var host = new IvrHostFixture { ServeHttp = true };
        host.Settings[key] = value;
        try
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync).WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Contains(failure.Failures, f => f.StartsWith(key, StringComparison.Ordinal) && f.Contains(problem, StringComparison.Ordinal));
        }
        finally
        {
            await host.DisposeAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
