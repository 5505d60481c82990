using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows;
using IvrService.Flows.Surveys;
using IvrService.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.Api.Tests;

/// <summary>The Admin flow methods for surveys, which share the version store with menus but never their ids.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class SurveyAdminTests
{
    private readonly ApiServerFixture _server;

    public SurveyAdminTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private async Task<PublishFlowResponse> PublishAsync(FlowKind kind, string yaml, string comment = "") =>
        await Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = kind, Yaml = yaml, Comment = comment, SourceName = "survey.yaml" },
            AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    [Fact]
    public async Task PublishFlow_StoresSurveyListedOnlyAmongSurveys_WhenKindIsSurvey()
    {
        // Arrange
        var surveyId = TestSurveys.NewSurveyId();
        var yaml = TestSurveys.Valid(surveyId);

        // Act
        var published = await PublishAsync(FlowKind.Survey, yaml, "first survey");
        var surveys = await Client.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Survey }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var menus = await Client.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Menu }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var got = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = surveyId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((FlowKind.Survey, surveyId, 1, true, "ops"), (published.Version.Kind, published.Version.FlowId, published.Version.Version, published.Version.Current, published.Version.PublishedBy));
        var listed = Assert.Single(surveys.Flows, f => f.FlowId == surveyId);
        Assert.Equal((FlowKind.Survey, 1, 1), (listed.Kind, listed.CurrentVersion, listed.VersionCount));
        Assert.All(surveys.Flows, f => Assert.Equal(FlowKind.Survey, f.Kind));
        Assert.DoesNotContain(menus.Flows, f => f.FlowId == surveyId);
        Assert.Equal((yaml, "first survey", "survey.yaml"), (got.Yaml, got.Comment, got.SourceName));
        var audit = Assert.Single(await _server.Audit.ListAsync(surveyId, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(("ops", "survey_published", 1, "first survey"), (audit.KeyName, audit.Action, audit.Version, audit.Detail));
    }

    [Fact]
    public async Task PublishFlow_FailsFailedPrecondition_WhenAnIdIsPublishedAsTheOtherKind()
    {
        // Arrange: a survey, and a menu; then each id's definition offered as the other kind.
        var surveyId = TestSurveys.NewSurveyId();
        await PublishAsync(FlowKind.Survey, TestSurveys.Valid(surveyId));
        var menuId = TestMenus.NewFlowId();
        await PublishAsync(FlowKind.Menu, TestMenus.Valid(menuId));

        // Act
        var menuOverSurvey = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(surveyId) }, AsAdmin));
        var surveyOverMenu = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Survey, Yaml = TestSurveys.Valid(menuId) }, AsAdmin));
        var getAsMenu = await FailsAsync(Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Menu, FlowId = surveyId }, AsAdmin));
        var versionsAsSurvey = await FailsAsync(Client.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = menuId }, AsAdmin));
        var rollbackAsMenu = await FailsAsync(Client.RollbackFlowAsync(new RollbackFlowRequest { Kind = FlowKind.Menu, FlowId = surveyId, Version = 1 }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.FailedPrecondition, menuOverSurvey.StatusCode);
        Assert.Equal($"'{surveyId}' is a survey, so it cannot be published as a menu; nothing was stored", menuOverSurvey.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, surveyOverMenu.StatusCode);
        Assert.Equal($"'{menuId}' is a menu, so it cannot be published as a survey; nothing was stored", surveyOverMenu.Status.Detail);
        Assert.Equal((StatusCode.NotFound, $"no menu '{surveyId}' is stored; '{surveyId}' is a survey"), (getAsMenu.StatusCode, getAsMenu.Status.Detail));
        Assert.Equal((StatusCode.NotFound, $"no survey '{menuId}' is stored; '{menuId}' is a menu"), (versionsAsSurvey.StatusCode, versionsAsSurvey.Status.Detail));
        Assert.Equal(StatusCode.NotFound, rollbackAsMenu.StatusCode);
        var survey = await Client.ListFlowVersionsAsync(new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = surveyId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal([1], survey.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task ValidateFlow_ReturnsTheSurveyValidatorsProblems_WhenSurveyIsBroken()
    {
        // Arrange
        var surveyId = TestSurveys.NewSurveyId();
        var yaml = TestSurveys.UnknownPrompt(surveyId);
        var expected = SurveyDefinitionLoader.Load(yaml, "broken.yaml", PromptCatalog.Load(ApiServerFixture.PromptsDirectory)).Problems;

        // Act
        var response = await Client.ValidateFlowAsync(
            new ValidateFlowRequest { Kind = FlowKind.Survey, Yaml = yaml, SourceName = "broken.yaml" }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var good = await Client.ValidateFlowAsync(
            new ValidateFlowRequest { Kind = FlowKind.Survey, Yaml = TestSurveys.Valid(surveyId) }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(response.Valid);
        Assert.Equal(surveyId, response.FlowId);
        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.Select(p => (p.Reason, p.NodePath, p.Location?.Line ?? 0, p.Location?.Column ?? 0)),
            response.Problems.Select(p => (p.Message, p.Path, p.Line, p.Column)));
        Assert.Contains(response.Problems, p => p.Message.Contains("survey.nowhere", StringComparison.Ordinal) && p.Line == TestMenus.LineOf(yaml, "survey.nowhere"));
        Assert.True(good.Valid);
        Assert.Empty(good.Problems);
    }

    [Fact]
    public async Task PublishFlow_RejectsBrokenSurveyWithTheValidatorsMessagesAndKeepsTheCurrentVersion_WhenSurveyHasProblems()
    {
        // Arrange
        var surveyId = TestSurveys.NewSurveyId();
        await PublishAsync(FlowKind.Survey, TestSurveys.Valid(surveyId));
        var broken = TestSurveys.UnknownPrompt(surveyId);
        var expected = SurveyDefinitionLoader.Load(broken, "survey.yaml", PromptCatalog.Load(ApiServerFixture.PromptsDirectory)).Problems;

        // Act
        var error = await FailsAsync(Client.PublishFlowAsync(
            new PublishFlowRequest { Kind = FlowKind.Survey, Yaml = broken, SourceName = "survey.yaml" }, AsAdmin));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(expected.Select(p => ("yaml", p.ToString())), violations.Select(v => (v.Field, v.Description)));
        var current = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = surveyId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, current.Version);
    }

    [Fact]
    public async Task RollbackFlow_MakesEarlierSurveyVersionCurrentAndAudits_WhenVersionExists()
    {
        // Arrange
        var surveyId = TestSurveys.NewSurveyId();
        await PublishAsync(FlowKind.Survey, TestSurveys.Valid(surveyId));
        await PublishAsync(FlowKind.Survey, TestSurveys.Valid(surveyId, "Second cut"), "second");

        // Act
        var rolledBack = await Client.RollbackFlowAsync(
            new RollbackFlowRequest { Kind = FlowKind.Survey, FlowId = surveyId, Version = 1, Comment = "back" }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var versions = await Client.ListFlowVersionsAsync(
            new ListFlowVersionsRequest { Kind = FlowKind.Survey, FlowId = surveyId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((FlowKind.Survey, 1, 2), (rolledBack.Version.Kind, rolledBack.Version.Version, rolledBack.PreviousVersion));
        Assert.Equal([(2, false), (1, true)], versions.Versions.Select(v => (v.Version, v.Current)));
        Assert.All(versions.Versions, v => Assert.Equal(FlowKind.Survey, v.Kind));
        var audit = await _server.Audit.ListAsync(surveyId, 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(["survey_rolled_back", "survey_published", "survey_published"], audit.Select(a => a.Action));
        Assert.Equal((1, "from version 2: back"), (audit[0].Version, audit[0].Detail));
    }

    [Fact]
    public async Task ListFlows_ListsSeededSurveyAsSurvey_WhenSeededFromTheSurveysFolder()
    {
        // Arrange: the shipped survey under a fresh id in a surveys folder of its own.
        var surveyId = TestSurveys.NewSurveyId();
        var folder = Path.Combine(_server.FilesDirectory, surveyId);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, surveyId + ".yaml"), TestSurveys.Valid(surveyId));

        // Act
        var seeded = await _server.Services.GetRequiredService<SurveyDefinitions>().SeedAsync(folder, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var surveys = await Client.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Survey }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var menus = await Client.ListFlowsAsync(new ListFlowsRequest { Kind = FlowKind.Menu }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var got = await Client.GetFlowAsync(new GetFlowRequest { Kind = FlowKind.Survey, FlowId = surveyId }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([surveyId], seeded);
        Assert.Contains(surveys.Flows, f => f.FlowId == surveyId);
        Assert.DoesNotContain(menus.Flows, f => f.FlowId == surveyId);
        Assert.Equal(("seed", 1), (got.PublishedBy, got.Version));
    }
}
