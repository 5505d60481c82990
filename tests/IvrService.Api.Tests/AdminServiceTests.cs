using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class AdminServiceTests
{
    private readonly ApiServerFixture _server;

    public AdminServiceTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private async Task<PublishFlowResponse> PublishAsync(string yaml, string comment = "", int expected = 0) =>
        await Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = yaml, Comment = comment, SourceName = "menu.yaml", ExpectedCurrentVersion = expected },
            AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    private static IEnumerable<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);

    [Fact]
    public async Task PublishFlow_StoresFirstVersionAsCurrent_WhenMenuIsValid()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        var yaml = TestMenus.Valid(flowId);

        // Act
        var published = await PublishAsync(yaml, "first cut");

        // Assert
        var version = published.Version;
        Assert.Equal((FlowKind.Menu, flowId, 1, true, yaml, "ops", "first cut", "menu.yaml"),
            (version.Kind, version.FlowId, version.Version, version.Current, version.Yaml, version.PublishedBy, version.Comment, version.SourceName));
        Assert.Empty(published.Warnings);
    }

    [Fact]
    public async Task GetFlow_ReturnsNewVersion_WhenPublishedThroughTheApiSinceTheLastGet()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));
        var before = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var edited = TestMenus.Valid(flowId, "After-sales line, new greeting");

        // Act
        await PublishAsync(edited, "new title");
        var after = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var first = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId, Version = 1 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((1, true), (before.Version, before.Current));
        Assert.Equal((2, true, edited), (after.Version, after.Current, after.Yaml));
        Assert.Equal((1, false), (first.Version, first.Current));
        Assert.Equal(before.Yaml, first.Yaml);
    }

    [Fact]
    public async Task PublishFlow_FailsInvalidArgumentAndKeepsCurrentVersion_WhenMenuHasUnknownTargets()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));
        var broken = TestMenus.UnknownTargets(flowId);
        var line = TestMenus.LineOf(broken, "nowhere");

        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = broken, SourceName = "menu.yaml" }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.All(violations, v => Assert.Equal("yaml", v.Field));
        Assert.Contains(violations, v => v.Description.StartsWith($"menu.yaml:{line}:", StringComparison.Ordinal) && v.Description.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Description.Contains("elsewhere", StringComparison.Ordinal));
        var current = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, current.Version);
        var versions = await Client.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = flowId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Single(versions.Versions);
    }

    [Fact]
    public async Task ValidateFlow_ReturnsEveryProblemWithLocation_WhenMenuHasUnknownTargets()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        var broken = TestMenus.UnknownTargets(flowId);

        // Act
        var response = await Client.ValidateFlowAsync(
            new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = broken, SourceName = "draft.yaml" }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(response.Valid);
        Assert.Equal(flowId, response.FlowId);
        var nowhere = Assert.Single(response.Problems, p => p.Message.Contains("nowhere", StringComparison.Ordinal));
        Assert.Equal((ProblemSeverity.Error, TestMenus.LineOf(broken, "nowhere")), (nowhere.Severity, nowhere.Line));
        Assert.True(nowhere.Column > 0);
        Assert.StartsWith("nodes.main", nowhere.Path, StringComparison.Ordinal);
        Assert.Contains(response.Problems, p => p.Message.Contains("elsewhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateFlow_ReturnsValid_WhenMenuLoads()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();

        // Act
        var response = await Client.ValidateFlowAsync(
            new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(flowId) }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((true, flowId, 0), (response.Valid, response.FlowId, response.Problems.Count));
    }

    [Fact]
    public async Task ValidateFlow_ReportsPromptMissing_WhenMenuNamesAnUnknownPrompt()
    {
        // Arrange
        var yaml = TestMenus.Valid(TestMenus.NewFlowId()).Replace("prompt: welcome", "prompt: no_such_prompt", StringComparison.Ordinal);

        // Act
        var response = await Client.ValidateFlowAsync(
            new ValidateFlowRequest { Kind = FlowKind.Menu, Yaml = yaml }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(response.Valid);
        Assert.Contains(response.Problems, p => p.Message.Contains("no_such_prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishFlow_FailsAborted_WhenExpectedVersionIsNoLongerCurrent()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));
        await PublishAsync(TestMenus.Valid(flowId, "second"));

        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(flowId, "third"), ExpectedCurrentVersion = 1 }, AsAdmin));
        var accepted = await PublishAsync(TestMenus.Valid(flowId, "third"), expected: 2);

        // Assert
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal(3, accepted.Version.Version);
    }

    [Fact]
    public async Task PublishFlow_FailsInvalidArgumentNamingFields_WhenRequestIsIncomplete()
    {
        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Yaml = "", Comment = new string('c', 501), ExpectedCurrentVersion = -1 }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["comment", "expected_current_version", "kind", "yaml"], Fields(error));
    }

    [Fact]
    public async Task RollbackFlow_MakesEarlierVersionCurrentAndAudits_WhenVersionExists()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId), "one");
        await PublishAsync(TestMenus.Valid(flowId, "two"), "two");

        // Act
        var response = await Client.RollbackFlowAsync(
            new RollbackFlowRequest { Kind = FlowKind.Menu, FlowId = flowId, Version = 1, Comment = "two was wrong" }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var current = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((1, true, 2), (response.Version.Version, response.Version.Current, response.PreviousVersion));
        Assert.Equal(1, current.Version);
        var audit = await _server.Audit.ListAsync(flowId, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            [
                ("ops", "admin", "menu_rolled_back", flowId, (int?)1, "from version 2: two was wrong"),
                ("ops", "admin", "menu_published", flowId, (int?)2, "two"),
                ("ops", "admin", "menu_published", flowId, (int?)1, "one"),
            ],
            audit.Select(a => (a.KeyName, a.Scope, a.Action, a.Target, a.Version, a.Detail)));
    }

    [Fact]
    public async Task PublishFlow_WritesNoAuditRow_WhenMenuIsRejected()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();

        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.UnknownTargets(flowId) }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Empty(await _server.Audit.ListAsync(flowId, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Theory]
    [InlineData("unknown-flow", 1)]
    [InlineData("known", 7)]
    public async Task RollbackFlow_FailsNotFound_WhenFlowOrVersionIsUnknown(string flow, int version)
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));
        var target = flow == "known" ? flowId : flow + "-" + flowId;

        // Act
        var error = await FailsAsync(Client.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Menu, FlowId = target, Version = version }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(target, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackFlow_FailsInvalidArgumentNamingFields_WhenFlowAndVersionAreMissing()
    {
        // Act
        var error = await FailsAsync(Client.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Menu }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["flow_id", "version"], Fields(error));
    }

    [Fact]
    public async Task GetFlow_FailsNotFound_WhenVersionIsUnknown()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));

        // Act
        var missingVersion = await FailsAsync(Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = flowId, Version = 2 }, AsAdmin));
        var missingFlow = await FailsAsync(Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = "x" + flowId }, AsAdmin));

        // Assert
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (missingVersion.StatusCode, missingFlow.StatusCode));
    }

    [Fact]
    public async Task GetFlow_FailsInvalidArgumentNamingFields_WhenKindFlowAndVersionAreBad()
    {
        // Act
        var error = await FailsAsync(Client.GetFlowAsync(new GetFlowRequest { Version = -1 }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["flow_id", "kind", "version"], Fields(error));
    }

    [Fact]
    public async Task ListFlowVersions_PagesNewestFirstWithoutYaml_WhenFlowHasVersions()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        for (var i = 1; i <= 3; i++)
        {
            await PublishAsync(TestMenus.Valid(flowId, "title " + i), "v" + i);
        }

        // Act
        var first = await Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = flowId, PageSize = 2 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        await PublishAsync(TestMenus.Valid(flowId, "title 4"), "v4");
        var second = await Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = flowId, PageSize = 2, PageToken = first.NextPageToken }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([(3, true, "v3"), (2, false, "v2")], first.Versions.Select(v => (v.Version, v.Current, v.Comment)));
        Assert.Equal([(1, false, "v1")], second.Versions.Select(v => (v.Version, v.Current, v.Comment)));
        Assert.All(first.Versions.Concat(second.Versions), v => Assert.Equal("", v.Yaml));
        Assert.NotEqual("", first.NextPageToken);
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public async Task ListFlowVersions_FailsNotFound_WhenFlowIsUnknown()
    {
        // Act
        var error = await FailsAsync(Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = TestMenus.NewFlowId() }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ListFlowVersions_FailsInvalidArgument_WhenTokenWasMadeForAnotherFlow()
    {
        // Arrange
        var one = TestMenus.NewFlowId();
        var other = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(one));
        await PublishAsync(TestMenus.Valid(one, "again"));
        await PublishAsync(TestMenus.Valid(other));
        var page = await Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = one, PageSize = 1 }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var error = await FailsAsync(Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Menu, FlowId = other, PageToken = page.NextPageToken, PageSize = 5000 }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["page_size", "page_token"], Fields(error));
    }

    [Fact]
    public async Task ListFlows_ListsPublishedMenuWithItsCurrentVersion_WhenMenusArePublished()
    {
        // Arrange
        var flowId = TestMenus.NewFlowId();
        await PublishAsync(TestMenus.Valid(flowId));
        await PublishAsync(TestMenus.Valid(flowId, "two"));

        // Act
        var response = await Client.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Menu }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        var flow = Assert.Single(response.Flows, f => f.FlowId == flowId);
        Assert.Equal((FlowKind.Menu, 2, 2), (flow.Kind, flow.CurrentVersion, flow.VersionCount));
        Assert.Equal(response.Flows.Select(f => f.FlowId).Order(StringComparer.Ordinal), response.Flows.Select(f => f.FlowId));
    }

    [Fact]
    public async Task PublishFlow_FailsPermissionDenied_WhenKeyHasIntegratorScope()
    {
        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(TestMenus.NewFlowId()) },
            ApiServerFixture.With(ApiServerFixture.IntegratorKey)));

        // Assert
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task RollbackFlow_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Act
        var error = await FailsAsync(Client.RollbackFlowAsync(
            new RollbackFlowRequest { Kind = FlowKind.Menu, FlowId = "after-sales", Version = 1 }, ApiServerFixture.With(null)));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
