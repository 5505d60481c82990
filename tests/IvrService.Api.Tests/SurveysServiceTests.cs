using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Storage;
using IvrService.Testing;
using StoredOutcome = IvrService.Storage.HappyCalls.SurveyOutcome;

namespace IvrService.Api.Tests;

/// <summary>GetSurveyResult and ListSurveyResults over results written through the real happy-call store.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class SurveysServiceTests
{
    private readonly ApiServerFixture _server;

    public SurveysServiceTests(ApiServerFixture server)
    {
        _server = server;
    }

    private Surveys.SurveysClient Client => new(_server.Channel);

    private static CallOptions AsIntegrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    private static IEnumerable<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);

    private async Task<List<SurveyResult>> ListAllAsync(ListSurveyResultsRequest request)
    {
        var all = new List<SurveyResult>();
        do
        {
            var page = await Client.ListSurveyResultsAsync(request, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
            all.AddRange(page.Results);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return all;
    }

    [Fact]
    public async Task GetSurveyResult_ReturnsResultWithAnswersAndCalls_WhenSurveyIsCompleted()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        var call = await SurveySeeds.CreateAsync(_server.HappyCalls, technician, "installation");
        var callRecord = await CallSeeds.OutboundAsync(_server.Records);
        var wholeSecond = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var quality = SurveySeeds.Rating("quality", 2) with { AnsweredAt = wholeSecond };
        var nps = new Storage.HappyCalls.SurveyAnswerRecord("nps", "score", 9, null, "9#", CallDigitMethod.SipInfo, quality.AnsweredAt.AddSeconds(5), 1);
        var choice = new Storage.HappyCalls.SurveyAnswerRecord("channel", "choice", 2, "phone", "2", CallDigitMethod.InBand, quality.AnsweredAt.AddSeconds(9), 1);
        var finished = await SurveySeeds.FinishAsync(
            _server.HappyCalls, call, StoredOutcome.Completed, callRecord,
            (quality, true), (nps, false), (choice, false));

        // Act
        var byId = await Client.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = Id(call.Id) }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var byService = await Client.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = call.ServiceId }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(byId, byService);
        Assert.Equal(
            (Id(call.Id), call.ServiceId, "c-42", "+989121234567", technician, "Reza Ahmadi", "installation", "after-service", 1, "en"),
            (byId.ResultId, byId.ServiceId, byId.CustomerId, byId.Phone, byId.TechnicianId, byId.TechnicianName, byId.ServiceType, byId.SurveyId, byId.SurveyVersion, byId.Language));
        Assert.Equal((HappyCallState.Finished, SurveyOutcome.Completed, 1, true, false), (byId.State, byId.Outcome, byId.Attempts, byId.Escalated, byId.HasComment));
        Assert.Equal([callRecord], byId.CallIds);
        Assert.Equal(
            [("quality", QuestionKind.Rating, 2, "", "2", DigitMethod.Rfc4733), ("nps", QuestionKind.Score, 9, "", "9#", DigitMethod.SipInfo), ("channel", QuestionKind.Choice, 2, "phone", "2", DigitMethod.InBand)],
            byId.Answers.Select(a => (a.QuestionId, a.Kind, a.Value, a.ChoiceId, a.Digits, a.Method)));
        Assert.Equal(Timestamp.FromDateTimeOffset(nps.AnsweredAt), byId.Answers[1].AnsweredAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(finished.UpdatedAt), byId.UpdatedAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(call.CreatedAt), byId.CreatedAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(call.CompletedAt), byId.CompletedAt);
    }

    [Fact]
    public async Task GetSurveyResult_FailsNotFoundOrInvalidArgument_WhenIdIsUnknownOrMissing()
    {
        // Act
        var unknown = await FailsAsync(Client.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "987654321" }, AsIntegrator));
        var unknownService = await FailsAsync(Client.GetSurveyResultAsync(new GetSurveyResultRequest { ServiceId = SurveySeeds.NewServiceId() }, AsIntegrator));
        var none = await FailsAsync(Client.GetSurveyResultAsync(new GetSurveyResultRequest(), AsIntegrator));
        var malformed = await FailsAsync(Client.GetSurveyResultAsync(new GetSurveyResultRequest { ResultId = "-4" }, AsIntegrator));

        // Assert
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (unknown.StatusCode, unknownService.StatusCode));
        Assert.Equal(["target"], Fields(none));
        Assert.Equal(["result_id"], Fields(malformed));
    }

    [Fact]
    public async Task ListSurveyResults_ReturnsOnlyMatchingResultsNewestFirst_WhenFiltersAreGiven()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        var pending = await SurveySeeds.CreateAsync(_server.HappyCalls, technician, "repair");
        var happy = await SurveySeeds.FinishAsync(_server.HappyCalls, await SurveySeeds.CreateAsync(_server.HappyCalls, technician, "repair"),
            StoredOutcome.Completed, null, (SurveySeeds.Rating("quality", 5), false));
        var unhappy = await SurveySeeds.FinishAsync(_server.HappyCalls, await SurveySeeds.CreateAsync(_server.HappyCalls, technician, "repair"),
            StoredOutcome.Partial, null, (SurveySeeds.Rating("quality", 1), true));
        var install = await SurveySeeds.FinishAsync(_server.HappyCalls, await SurveySeeds.CreateAsync(_server.HappyCalls, technician, "installation"),
            StoredOutcome.Declined, null);
        var otherTechnician = await SurveySeeds.CreateAsync(_server.HappyCalls, SurveySeeds.NewTechnician(), "repair");

        // Act
        var all = await ListAllAsync(new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 2 });
        var repairs = await ListAllAsync(new ListSurveyResultsRequest { TechnicianId = technician, ServiceType = "repair" });
        var ended = await ListAllAsync(new ListSurveyResultsRequest { TechnicianId = technician, Outcomes = { SurveyOutcome.Completed, SurveyOutcome.Declined } });
        var escalated = await ListAllAsync(new ListSurveyResultsRequest { TechnicianId = technician, Escalated = true });
        var notEscalated = await ListAllAsync(new ListSurveyResultsRequest { TechnicianId = technician, Escalated = false });
        var since = await ListAllAsync(new ListSurveyResultsRequest
        {
            TechnicianId = technician,
            Updated = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(unhappy.UpdatedAt) },
        });
        var before = await ListAllAsync(new ListSurveyResultsRequest
        {
            TechnicianId = technician,
            Updated = new TimeRange { EndTime = Timestamp.FromDateTimeOffset(happy.UpdatedAt) },
        });

        // Assert
        Assert.Equal([install.Id, unhappy.Id, happy.Id, pending.Id], all.Select(r => long.Parse(r.ResultId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([Id(unhappy.Id), Id(happy.Id), Id(pending.Id)], repairs.Select(r => r.ResultId));
        Assert.Equal([Id(install.Id), Id(happy.Id)], ended.Select(r => r.ResultId));
        Assert.Equal([Id(unhappy.Id)], escalated.Select(r => r.ResultId));
        Assert.Equal([Id(install.Id), Id(happy.Id), Id(pending.Id)], notEscalated.Select(r => r.ResultId));
        Assert.Equal([Id(install.Id), Id(unhappy.Id)], since.Select(r => r.ResultId));
        Assert.Equal([Id(pending.Id)], before.Select(r => r.ResultId));
        Assert.DoesNotContain(Id(otherTechnician.Id), all.Select(r => r.ResultId));
    }

    [Fact]
    public async Task ListSurveyResults_UsesPagesOfFifty_WhenPageSizeIsZero()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        for (var i = 0; i < 51; i++)
        {
            await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
        }

        // Act
        var first = await Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = technician }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var second = await Client.ListSurveyResultsAsync(
            new ListSurveyResultsRequest { TechnicianId = technician, PageToken = first.NextPageToken }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(50, first.Results.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Single(second.Results);
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public async Task ListSurveyResults_ReturnsEveryResultOnOnePageWithoutToken_WhenPageSizeIsTheLargest()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        for (var i = 0; i < 3; i++)
        {
            await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
        }

        // Act
        var page = await Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 1000 }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var exact = await Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 3 }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((3, ""), (page.Results.Count, page.NextPageToken));
        Assert.Equal((3, ""), (exact.Results.Count, exact.NextPageToken));
    }

    [Fact]
    public async Task ListSurveyResults_SkipsAndRepeatsNothing_WhenResultsAreCreatedWhilePaging()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        var existing = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            existing.Add((await SurveySeeds.CreateAsync(_server.HappyCalls, technician)).Id);
        }

        // Act
        var seen = new List<string>();
        var request = new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 4 };
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
            }
        });
        do
        {
            var page = await Client.ListSurveyResultsAsync(request, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
            seen.AddRange(page.Results.Select(r => r.ResultId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        await writer.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var expected = existing.Select(Id).ToHashSet();
        Assert.Superset(expected, seen.ToHashSet());
        var newOnes = seen.Where(id => !expected.Contains(id)).ToList();
        Assert.Equal(existing.Count + newOnes.Count, seen.Count);
    }

    [Fact]
    public async Task ListSurveyResults_FailsInvalidArgument_WhenPageSizeRangeOrTokenIsBad()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
        await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
        var first = await Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 1 }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var now = DateTimeOffset.UtcNow;

        // Act
        var tooBig = await FailsAsync(Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { PageSize = 1001 }, AsIntegrator));
        var range = await FailsAsync(Client.ListSurveyResultsAsync(new ListSurveyResultsRequest
        {
            Updated = new TimeRange { StartTime = Timestamp.FromDateTimeOffset(now), EndTime = Timestamp.FromDateTimeOffset(now.AddHours(-1)) },
            Outcomes = { SurveyOutcome.Unspecified },
        }, AsIntegrator));
        var otherFilters = await FailsAsync(Client.ListSurveyResultsAsync(
            new ListSurveyResultsRequest { TechnicianId = technician, ServiceType = "installation", PageToken = first.NextPageToken }, AsIntegrator));
        var garbage = await FailsAsync(Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { PageToken = "not-a-token" }, AsIntegrator));

        // Assert
        Assert.Equal(["page_size"], Fields(tooBig));
        Assert.Equal(["outcomes[0]", "updated.end_time"], Fields(range));
        Assert.Equal(["page_token"], Fields(otherFilters));
        Assert.Contains("other filters", otherFilters.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["page_token"], Fields(garbage));
    }
}
