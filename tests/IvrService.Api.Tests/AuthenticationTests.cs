using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class AuthenticationTests
{
    private readonly ApiServerFixture _server;

    public AuthenticationTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Calls.CallsClient CallsClient => new(_server.Channel);

    [Fact]
    public async Task ListCalls_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => CallsClient.ListCallsAsync(new ListCallsRequest(), ApiServerFixture.With(null)).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("Bearer", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer ivr_not-a-configured-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task ListCalls_FailsUnauthenticated_WhenKeyIsUnknownOrMalformed(string authorization)
    {
        // Arrange
        var options = new CallOptions(new Metadata { { "authorization", authorization } }, DateTime.UtcNow.Add(TestTimeouts.Default));

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => CallsClient.ListCallsAsync(new ListCallsRequest(), options).ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task ListFlows_FailsPermissionDenied_WhenKeyHasIntegratorScope()
    {
        // Arrange
        var admin = new Admin.AdminClient(_server.Channel);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => admin.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Menu }, ApiServerFixture.With(ApiServerFixture.IntegratorKey))
                .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'admin'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCalls_Succeeds_WhenKeyHasAdminScope()
    {
        // Act
        var response = await CallsClient.ListCallsAsync(
            new ListCallsRequest { Caller = CallSeeds.NewCaller() }, ApiServerFixture.With(ApiServerFixture.AdminKey)).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Empty(response.Calls);
        Assert.Equal("", response.NextPageToken);
    }

    [Fact]
    public async Task ListApiKeys_Succeeds_WhenKeyHasAdminScope()
    {
        // Arrange
        var admin = new Admin.AdminClient(_server.Channel);

        // Act
        var response = await admin.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(ApiServerFixture.AdminKey))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Contains(response.Keys, k => k is { Name: "ops", Scope: ApiKeyScope.Admin, FromSettings: true });
        Assert.Contains(response.Keys, k => k is { Name: "crm", Scope: ApiKeyScope.Integrator, FromSettings: true });
    }

    [Fact]
    public async Task ReportServiceCompleted_FailsUnauthenticated_BeforeAnythingElse_WhenNoKeyIsSent()
    {
        // Arrange
        var events = new ServiceEvents.ServiceEventsClient(_server.Channel);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => events.ReportServiceCompletedAsync(new ReportServiceCompletedRequest(), ApiServerFixture.With(null))
                .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
