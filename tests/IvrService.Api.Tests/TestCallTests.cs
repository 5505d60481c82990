using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using HappyCallState = IvrService.Storage.HappyCalls.HappyCallState;
using SurveyOutcome = IvrService.Storage.HappyCalls.SurveyOutcome;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.Api.Tests;

/// <summary>Admin.PlaceTestCall: a synthetic completed service due now, with its Hangfire job (no Hangfire server runs it here).</summary>
[Collection(ApiServerCollection.Name)]
public sealed class TestCallTests
{
    private readonly ApiServerFixture _server;

    public TestCallTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Admin.AdminClient Client => new(_server.Channel);

    private static CallOptions AsAdmin => ApiServerFixture.With(ApiServerFixture.AdminKey);

    private async Task<string> PublishSurveyAsync()
    {
        var surveyId = TestSurveys.NewSurveyId();
        await Client.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Survey, Yaml = TestSurveys.Valid(surveyId) }, AsAdmin)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        return surveyId;
    }

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    [Fact]
    public async Task PlaceTestCall_SchedulesATestServiceDueNowWithItsHangfireJob_WhenNumberAndSurveyAreGood()
    {
        // Arrange
        var surveyId = await PublishSurveyAsync();
        var before = DateTimeOffset.UtcNow;

        // Act
        var placed = await Client.PlaceTestCallAsync(
            new PlaceTestCallRequest { Phone = "0912 555 0101", SurveyId = surveyId, Language = "en" }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert: the happy call is stored as a test service, pending and due now (no delay), with an enqueued job.
        var after = DateTimeOffset.UtcNow;
        Assert.StartsWith("test-", placed.ServiceId, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(placed.ServiceId["test-".Length..], out _), placed.ServiceId);
        Assert.Equal(("+989125550101", surveyId), (placed.Phone, placed.SurveyId));
        var call = await _server.Services.GetRequiredService<IHappyCallStore>().GetAsync(long.Parse(placed.HappyCallId, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        Assert.NotNull(call);
        Assert.Equal(
            (placed.ServiceId, "test", "test", "+989125550101", "en", surveyId, HappyCallState.Pending, SurveyOutcome.None, 0),
            (call.ServiceId, call.ServiceType, call.CustomerId, call.Phone, call.Language, call.SurveyId, call.State, call.Outcome, call.Attempts));
        Assert.InRange(call.NextAttemptAt!.Value, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.InRange(call.CompletedAt, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(call.NextAttemptAt, placed.DueAt.ToDateTimeOffset());
        Assert.NotNull(call.JobId);
        var connection = _server.Services.GetRequiredService<IvrDatabase>().ConnectionString;
        var state = await Sql.ScalarAsync<string>(connection, "SELECT statename FROM hangfire.job WHERE id = $1", long.Parse(call.JobId, System.Globalization.CultureInfo.InvariantCulture))
            .WaitAsync(TestTimeouts.Default);
        Assert.Equal("Enqueued", state);
        var audit = await _server.Audit.ListAsync("+989125550101", 10, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Contains(audit, a => a.Action == "test_call_placed" && a.KeyName == "ops" && a.Detail!.Contains(placed.ServiceId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlaceTestCall_FailsInvalidArgumentNamingTheField_WhenNumberIsListedOrSurveyUnknownOrFieldsBad()
    {
        // Arrange
        var surveyId = await PublishSurveyAsync();
        await _server.DoNotCall.AddAsync(new IvrService.Storage.DoNotCallEntry("+989125550199", "asked", "ops", DateTimeOffset.UtcNow), null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        var menuId = TestMenus.NewFlowId();
        await Client.PublishFlowAsync(new PublishFlowRequest { Kind = FlowKind.Menu, Yaml = TestMenus.Valid(menuId) }, AsAdmin).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var listed = await FailsAsync(Client.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "+989125550199", SurveyId = surveyId }, AsAdmin));
        var unknown = await FailsAsync(Client.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "09125550102", SurveyId = "no-such-survey" }, AsAdmin));
        var menu = await FailsAsync(Client.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "09125550102", SurveyId = menuId }, AsAdmin));
        var bad = await FailsAsync(Client.PlaceTestCallAsync(new PlaceTestCallRequest { Phone = "12", SurveyId = surveyId, Language = "de" }, AsAdmin));
        var empty = await FailsAsync(Client.PlaceTestCallAsync(new PlaceTestCallRequest(), AsAdmin));
        var integrator = await FailsAsync(Client.PlaceTestCallAsync(
            new PlaceTestCallRequest { Phone = "09125550102", SurveyId = surveyId }, ApiServerFixture.With(ApiServerFixture.IntegratorKey)));

        // Assert
        Assert.Equal([("phone", "+989125550199 is on the do-not-call list; take it off the list to call it")], Violations(listed));
        Assert.Equal([("survey_id", "no survey 'no-such-survey' is stored")], Violations(unknown));
        Assert.Equal([("survey_id", $"no survey '{menuId}' is stored")], Violations(menu));
        Assert.Equal(["language", "phone"], Violations(bad).Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(["phone"], Violations(empty).Select(v => v.Field));
        Assert.Equal(StatusCode.PermissionDenied, integrator.StatusCode);
        Assert.Null(await _server.Services.GetRequiredService<IHappyCallStore>().FindOpenSurveyForPhoneAsync("+989125550199", CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    private static List<(string Field, string Description)> Violations(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description)).ToList();
    }
}
