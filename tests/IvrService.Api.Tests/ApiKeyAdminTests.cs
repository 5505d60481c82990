extern alias ApiServer;

using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;
using ApiKeyHash = ApiServer::IvrService.Api.ApiKeyHash;

namespace IvrService.Api.Tests;

/// <summary>API keys created and revoked through the Admin service, used at once against the same server.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiKeyAdminTests
{
    private readonly ApiServerFixture _server;

    public ApiKeyAdminTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private static string NewName() => "key-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<CreateApiKeyResponse> CreateAsync(string name, ApiKeyScope scope, CallOptions? options = null) =>
        await Client.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Scope = scope }, options ?? AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

    [Fact]
    public async Task CreateApiKey_ReturnsKeyThatWorksAtOnceWithItsScope_AndStoresOnlyItsHash()
    {
        // Arrange
        var name = NewName();

        // Act
        var created = await CreateAsync(name, ApiKeyScope.Integrator);
        var calls = await new Calls.CallsClient(_server.Channel).ListCallsAsync(new ListCallsRequest { PageSize = 1 }, ApiServerFixture.With(created.Secret))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var admin = await Assert.ThrowsAsync<RpcException>(() => Client.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(created.Secret))
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal((name, ApiKeyScope.Integrator, false), (created.Key.Name, created.Key.Scope, created.Key.FromSettings));
        Assert.StartsWith("ivr_", created.Secret, StringComparison.Ordinal);
        Assert.NotNull(calls);
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        var stored = await _server.ApiKeys.FindActiveAsync(ApiKeyHash.Compute(created.Secret), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal((name, "integrator", "ops"), (stored!.Name, stored.Scope, stored.CreatedBy));
        var listed = await Client.ListApiKeysAsync(new ListApiKeysRequest(), AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.DoesNotContain(created.Secret, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyHash.ToHex(created.Secret), listed.ToString(), StringComparison.Ordinal);
        Assert.Contains(listed.Keys, k => k.Name == name && !k.FromSettings && k.CreatedAt is not null);
        Assert.Contains(listed.Keys, k => k is { Name: "ops", FromSettings: true, Scope: ApiKeyScope.Admin });
        var audit = Assert.Single(await _server.Audit.ListAsync(name, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(("ops", "api_key_created", "scope integrator"), (audit.KeyName, audit.Action, audit.Detail));
    }

    [Fact]
    public async Task RevokeApiKey_RefusesKeyAtOnce_WhenItWasUsedJustBefore()
    {
        // Arrange: the key is used first, so the server has it remembered
        var name = NewName();
        var created = await CreateAsync(name, ApiKeyScope.Admin);
        await Client.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(created.Secret)).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var revoked = await Client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = name }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(created.Secret))
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal((name, ApiKeyScope.Admin), (revoked.Key.Name, revoked.Key.Scope));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var listed = await Client.ListApiKeysAsync(new ListApiKeysRequest(), AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.DoesNotContain(listed.Keys, k => k.Name == name);
        var audit = await _server.Audit.ListAsync(name, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(["api_key_revoked", "api_key_created"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task CreateApiKey_GivesNewKey_WhenNameOfRevokedKeyIsReused()
    {
        // Arrange
        var name = NewName();
        var old = await CreateAsync(name, ApiKeyScope.Integrator);
        await Client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = name }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var renewed = await CreateAsync(name, ApiKeyScope.Admin);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(old.Secret))
            .ResponseAsync.WaitAsync(TestTimeouts.Default));
        var accepted = await Client.ListApiKeysAsync(new ListApiKeysRequest(), ApiServerFixture.With(renewed.Secret)).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotEqual(old.Secret, renewed.Secret);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Single(accepted.Keys, k => k.Name == name);
    }

    [Fact]
    public async Task CreateApiKey_FailsAlreadyExists_WhenNameIsInForceInDatabaseOrSettings()
    {
        // Arrange
        var name = NewName();
        await CreateAsync(name, ApiKeyScope.Integrator);

        // Act
        var stored = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(name, ApiKeyScope.Admin));
        var configured = await Assert.ThrowsAsync<RpcException>(() => CreateAsync("crm", ApiKeyScope.Admin));

        // Assert
        Assert.Equal((StatusCode.AlreadyExists, StatusCode.AlreadyExists), (stored.StatusCode, configured.StatusCode));
        Assert.Contains("settings", configured.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateApiKey_FailsInvalidArgumentNamingFields_WhenNameAndScopeAreMissing()
    {
        // Act
        var empty = await Assert.ThrowsAsync<RpcException>(() => CreateAsync("", ApiKeyScope.Unspecified));
        var spaced = await Assert.ThrowsAsync<RpcException>(() => CreateAsync("two words", ApiKeyScope.Admin));
        var longName = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(new string('k', 65), ApiKeyScope.Admin));

        // Assert
        Assert.Equal(["name", "scope"], empty.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal("name", Assert.Single(spaced.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal("name", Assert.Single(longName.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task RevokeApiKey_FailsNotFound_WhenKeyIsUnknownOrFromSettings()
    {
        // Act
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = NewName() }, AsAdmin)
            .ResponseAsync.WaitAsync(TestTimeouts.Default));
        var configured = await Assert.ThrowsAsync<RpcException>(() => Client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = "crm" }, AsAdmin)
            .ResponseAsync.WaitAsync(TestTimeouts.Default));
        var empty = await Assert.ThrowsAsync<RpcException>(() => Client.RevokeApiKeyAsync(new RevokeApiKeyRequest(), AsAdmin)
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound, StatusCode.InvalidArgument), (unknown.StatusCode, configured.StatusCode, empty.StatusCode));
        Assert.Contains("Api:Keys", configured.Status.Detail, StringComparison.Ordinal);
        var crm = await new Calls.CallsClient(_server.Channel).ListCallsAsync(new ListCallsRequest { PageSize = 1 }, ApiServerFixture.With(ApiServerFixture.IntegratorKey))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.NotNull(crm);
    }

    [Fact]
    public async Task KeyMethods_FailPermissionDenied_WhenKeyHasIntegratorScope()
    {
        // Arrange
        var integrator = ApiServerFixture.With(ApiServerFixture.IntegratorKey);

        // Act
        var create = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(NewName(), ApiKeyScope.Admin, integrator));
        var list = await Assert.ThrowsAsync<RpcException>(() => Client.ListApiKeysAsync(new ListApiKeysRequest(), integrator).ResponseAsync.WaitAsync(TestTimeouts.Default));
        var revoke = await Assert.ThrowsAsync<RpcException>(() => Client.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = "ops" }, integrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], new[] { create.StatusCode, list.StatusCode, revoke.StatusCode });
    }
}
