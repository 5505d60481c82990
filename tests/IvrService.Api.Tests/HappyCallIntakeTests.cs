using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Testing;
using StoredOutcome = IvrService.Storage.HappyCalls.SurveyOutcome;

namespace IvrService.Api.Tests;

/// <summary>ReportServiceCompleted and CancelHappyCall over the real scheduler (its rows and Hangfire jobs in PostgreSQL).</summary>
[Collection(ApiServerCollection.Name)]
public sealed class HappyCallIntakeTests
{
    private readonly ApiServerFixture _server;

    public HappyCallIntakeTests(ApiServerFixture server)
    {
        _server = server;
    }

    private ServiceEvents.ServiceEventsClient Client => new(_server.Channel);

    private Surveys.SurveysClient Results => new(_server.Channel);

    private static CallOptions AsIntegrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    private static ReportServiceCompletedRequest Report(string serviceId, DateTimeOffset? completedAt = null) => new()
    {
        ServiceId = serviceId,
        CustomerId = "c-42",
        Phone = "0912 123 4567",
        CustomerName = "Sara Karimi",
        Language = "en",
        TechnicianId = "t-17",
        TechnicianName = "Reza Ahmadi",
        ServiceType = "repair",
        CompletedAt = Timestamp.FromDateTimeOffset(completedAt ?? DateTimeOffset.UtcNow.AddHours(-2)),
    };

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    private static IEnumerable<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);

    [Fact]
    public async Task ReportServiceCompleted_SchedulesHappyCallWithItsHangfireJob_WhenServiceIsNew()
    {
        // Arrange
        var serviceId = SurveySeeds.NewServiceId();
        var completedAt = DateTimeOffset.UtcNow.AddHours(-2);

        // Act
        var response = await Client.ReportServiceCompletedAsync(Report(serviceId, completedAt), AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(response.Created);
        Assert.Equal(HappyCallState.Pending, response.State);
        Assert.Equal("+989121234567", response.NormalizedPhone);
        // PostgreSQL keeps microseconds: the stored due time may be below the computed one by less than one.
        Assert.True(response.ScheduledFor.ToDateTimeOffset() > completedAt + ApiTestHost.HappyCallDelay - TimeSpan.FromMicroseconds(1));
        var id = long.Parse(response.HappyCallId, System.Globalization.CultureInfo.InvariantCulture);
        var stored = await _server.HappyCalls.GetAsync(id, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(serviceId, stored!.ServiceId);
        Assert.NotNull(stored.JobId);
        var jobState = await Sql.ScalarAsync<string>(
            _server.ConnectionString, "SELECT statename FROM hangfire.job WHERE id = $1::bigint", stored.JobId!).WaitAsync(TestTimeouts.Default);
        Assert.Equal("Scheduled", jobState);
    }

    [Fact]
    public async Task ReportServiceCompleted_ReturnsSameHappyCallAndChangesNothing_WhenServiceIsRepeated()
    {
        // Arrange
        var serviceId = SurveySeeds.NewServiceId();
        var first = await Client.ReportServiceCompletedAsync(Report(serviceId), AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var changesBefore = await Sql.ScalarAsync<long>(
            _server.ConnectionString, "SELECT count(*) FROM survey_result_changes WHERE happy_call_id = $1", long.Parse(first.HappyCallId, System.Globalization.CultureInfo.InvariantCulture));
        var jobsBefore = await Sql.ScalarAsync<long>(_server.ConnectionString, "SELECT count(*) FROM hangfire.job");

        // Act
        var repeat = Report(serviceId);
        repeat.Phone = "+989351112233";
        var second = await Client.ReportServiceCompletedAsync(repeat, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(second.Created);
        Assert.Equal((first.HappyCallId, first.NormalizedPhone, first.ScheduledFor, first.State), (second.HappyCallId, second.NormalizedPhone, second.ScheduledFor, second.State));
        Assert.Equal(changesBefore, await Sql.ScalarAsync<long>(
            _server.ConnectionString, "SELECT count(*) FROM survey_result_changes WHERE happy_call_id = $1", long.Parse(first.HappyCallId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(jobsBefore, await Sql.ScalarAsync<long>(_server.ConnectionString, "SELECT count(*) FROM hangfire.job"));
    }

    [Fact]
    public async Task ReportServiceCompleted_FailsInvalidArgumentNamingEachField_WhenFieldsAreBad()
    {
        // Arrange
        var request = new ReportServiceCompletedRequest { Phone = "12345", Language = "de", TimeZone = "Mars/Olympus" };

        // Act
        var error = await FailsAsync(Client.ReportServiceCompletedAsync(request, AsIntegrator));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["completed_at", "customer_id", "language", "phone", "service_id", "time_zone"], Fields(error));
    }

    [Fact]
    public async Task ReportServiceCompleted_FailsInvalidArgumentOnCompletedAt_WhenCompletionIsInTheFuture()
    {
        // Act
        var error = await FailsAsync(Client.ReportServiceCompletedAsync(
            Report(SurveySeeds.NewServiceId(), DateTimeOffset.UtcNow.AddHours(3)), AsIntegrator));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["completed_at"], Fields(error));
        Assert.Contains("in the future", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportServiceCompleted_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Act
        var error = await FailsAsync(Client.ReportServiceCompletedAsync(Report(SurveySeeds.NewServiceId()), ApiServerFixture.With(null)));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task CancelHappyCall_CancelsAndReturnsCancelled_WhenHappyCallIsPending()
    {
        // Arrange
        var serviceId = SurveySeeds.NewServiceId();
        var reported = await Client.ReportServiceCompletedAsync(Report(serviceId), ApiServerFixture.With(ApiServerFixture.AdminKey)).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var response = await Client.CancelHappyCallAsync(
            new CancelHappyCallRequest { ServiceId = serviceId, Reason = "customer asked" }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var again = await Client.CancelHappyCallAsync(
            new CancelHappyCallRequest { HappyCallId = reported.HappyCallId }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((reported.HappyCallId, HappyCallState.Cancelled), (response.HappyCallId, response.State));
        Assert.Equal((reported.HappyCallId, HappyCallState.Cancelled), (again.HappyCallId, again.State));
        var result = await Results.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = serviceId }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal((HappyCallState.Cancelled, SurveyOutcome.Cancelled), (result.State, result.Outcome));
    }

    [Fact]
    public async Task CancelHappyCall_ReturnsInProgress_WhenAnAttemptIsUnderWay()
    {
        // Arrange
        var call = await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        await _server.HappyCalls.ClaimAttemptAsync(call.Id, 1, "test-instance", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        var response = await Client.CancelHappyCallAsync(
            new CancelHappyCallRequest { HappyCallId = call.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(HappyCallState.InProgress, response.State);
        var stored = await _server.HappyCalls.GetAsync(call.Id, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.True(stored!.CancelRequested);
    }

    [Fact]
    public async Task CancelHappyCall_FailsPreconditionWithStateInDetails_WhenSurveyHasFinished()
    {
        // Arrange
        var call = await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician());
        await SurveySeeds.FinishAsync(_server.HappyCalls, call, StoredOutcome.Completed, null, (SurveySeeds.Rating("quality", 5), false));

        // Act
        var error = await FailsAsync(Client.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = call.ServiceId }, AsIntegrator));

        // Assert
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("HAPPY_CALL_ENDED", info.Reason);
        Assert.Equal("HAPPY_CALL_STATE_FINISHED", info.Metadata["state"]);
        Assert.Equal(call.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["happy_call_id"]);
    }

    [Fact]
    public async Task CancelHappyCall_FailsNotFound_WhenServiceHasNoHappyCall()
    {
        // Act
        var byService = await FailsAsync(Client.CancelHappyCallAsync(new CancelHappyCallRequest { ServiceId = SurveySeeds.NewServiceId() }, AsIntegrator));
        var byId = await FailsAsync(Client.CancelHappyCallAsync(new CancelHappyCallRequest { HappyCallId = "999999999" }, AsIntegrator));

        // Assert
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (byService.StatusCode, byId.StatusCode));
    }

    [Fact]
    public async Task CancelHappyCall_FailsInvalidArgument_WhenTargetIsMissingOrMalformed()
    {
        // Act
        var none = await FailsAsync(Client.CancelHappyCallAsync(new CancelHappyCallRequest { Reason = "x" }, AsIntegrator));
        var malformed = await FailsAsync(Client.CancelHappyCallAsync(
            new CancelHappyCallRequest { HappyCallId = "abc", Reason = new string('r', 501) }, AsIntegrator));

        // Assert
        Assert.Equal(["target"], Fields(none));
        Assert.Equal(["happy_call_id", "reason"], Fields(malformed));
    }
}
