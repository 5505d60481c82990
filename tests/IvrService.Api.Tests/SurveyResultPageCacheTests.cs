extern alias ApiServer;

using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using IvrService.Api.V1;
using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf;
using PageCache = ApiServer::IvrService.Api.Internal.SurveyResultPageCache;
using ServerRequest = ApiServer::IvrService.Api.V1.ListSurveyResultsRequest;
using ServerResponse = ApiServer::IvrService.Api.V1.ListSurveyResultsResponse;

namespace IvrService.Api.Tests;

/// <summary>
/// ListSurveyResults answered from memory (<c>SurveyResultPageCache</c>) on a second instance of the API beside the
/// shared one, on the same database: pages kept for up to a minute (the most <c>Api:ResultCacheMaxAge</c> allows), so
/// whatever a test sees sooner than that came through the change mark, never through the age limit.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class SurveyResultPageCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan NotifiedWithin = TimeSpan.FromSeconds(10);

    private readonly ApiServerFixture _server;
    private ApiTestHost? _instance;
    private GrpcChannel? _channel;

    public SurveyResultPageCacheTests(ApiServerFixture server)
    {
        _server = server;
    }

    private ApiTestHost Instance => _instance ?? throw new InvalidOperationException("The instance has not started.");

    private Surveys.SurveysClient Client => new(_channel);

    /// <summary>The store of the instance under test: its writes are this instance's own.</summary>
    private IHappyCallStore OwnStore => Instance.Services.GetRequiredService<IHappyCallStore>();

    private PageCache Pages => Instance.Services.GetRequiredService<PageCache>();

    private static CallOptions AsIntegrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    public async Task InitializeAsync()
    {
        var validation = new FlowValidationContext(PromptCatalog.Load(ApiServerFixture.PromptsDirectory), ApiServerFixture.TransferDestinations);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        _instance = await ApiTestHost.StartAsync(
            _server.ConnectionString, validation, new Dictionary<string, string?> { ["Api:ResultCacheMaxAge"] = "00:01:00" }, timeout.Token)
            .WaitAsync(TestTimeouts.Default);
        _channel = GrpcChannel.ForAddress(_instance.Address);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_instance is not null)
        {
            await _instance.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }
    }

    private async Task<ListSurveyResultsResponse> ListAsync(string technician) =>
        await Client.ListSurveyResultsAsync(new ListSurveyResultsRequest { TechnicianId = technician }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

    /// <summary>Lists until the instance keeps the page (its change signal listens once the host has started).</summary>
    private async Task<ListSurveyResultsResponse> ListUntilKeptAsync(string technician)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var before = Pages.Count;
            var page = await ListAsync(technician);
            if (Pages.Count > before)
            {
                return page;
            }

            Assert.True(clock.Elapsed < NotifiedWithin, $"no page was kept within {NotifiedWithin.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>A request of a page never read, on an instance whose change signal listens (a result of its own was kept).</summary>
    private async Task<ServerRequest> UnreadRequestAsync()
    {
        var technician = SurveySeeds.NewTechnician();
        await SurveySeeds.CreateAsync(OwnStore, technician);
        await ListUntilKeptAsync(technician);
        return new ServerRequest { TechnicianId = technician, PageSize = 3 };
    }

    [Fact]
    public async Task ListSurveyResults_ShowsEachWrite_WhenTheSameInstanceWroteItRightBeforeTheList()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        var call = await SurveySeeds.CreateAsync(OwnStore, technician);
        await OwnStore.ClaimAttemptAsync(call.Id, 1, "cache-test", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await ListUntilKeptAsync(technician);
        var answers = new List<int>();

        for (var round = 0; round < 10; round++)
        {
            // Act: a change committed here, then at once the same list again.
            await OwnStore.AddAnswerAsync(call.Id, SurveySeeds.Rating($"q{round}", 3), escalates: false, CancellationToken.None).WaitAsync(TestTimeouts.Default);
            var page = await ListAsync(technician);
            answers.Add(page.Results.Single().Answers.Count);
        }

        // Assert
        Assert.Equal(Enumerable.Range(1, 10), answers);
    }

    [Fact]
    public async Task ListSurveyResults_AnswersFromMemoryUntilAChangeIsNotified_WhenAnotherInstanceWrites()
    {
        // Arrange: a result written through the other instance, listed here until this instance keeps the page.
        var technician = SurveySeeds.NewTechnician();
        var call = await SurveySeeds.CreateAsync(_server.HappyCalls, technician);
        await SurveySeeds.FinishAsync(_server.HappyCalls, call, IvrService.Storage.HappyCalls.SurveyOutcome.Partial, null, (SurveySeeds.Rating("quality", 4), false));
        await ListUntilKeptAsync(technician);

        // A write no product code makes (a listed field changed with no change appended, so nobody is told): the
        // instance goes on answering from memory, which shows the page is served from there.
        await Sql.ExecuteAsync(_server.ConnectionString, "UPDATE happy_calls SET technician_name = 'Probe' WHERE id = $1", call.Id).WaitAsync(TestTimeouts.Default);
        var fromMemory = await ListAsync(technician);

        // Act: a change committed on the other instance (appended and notified).
        await _server.HappyCalls.SetCommentAsync(call.Id, "/recordings/comment.wav", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var clock = Stopwatch.StartNew();
        var page = await ListAsync(technician);
        while (!page.Results.Single().HasComment && clock.Elapsed < NotifiedWithin)
        {
            await Task.Delay(20);
            page = await ListAsync(technician);
        }

        // Assert
        Assert.Equal("Reza Ahmadi", fromMemory.Results.Single().TechnicianName);
        Assert.True(page.Results.Single().HasComment, $"the change was not listed within {NotifiedWithin.TotalSeconds} s");
        Assert.Equal("Probe", page.Results.Single().TechnicianName);
    }

    [Fact]
    public async Task ListSurveyResults_KeepsAtMostMaxPages_WhenManyDifferentPagesAreListed()
    {
        // Arrange
        var technician = SurveySeeds.NewTechnician();
        await SurveySeeds.CreateAsync(OwnStore, technician);
        await ListUntilKeptAsync(technician);
        var most = 0;

        // Act: more different requests than pages are kept (each page size is another request).
        for (var size = 1; size <= PageCache.MaxPages + 50; size++)
        {
            var page = await Client.ListSurveyResultsAsync(
                new ListSurveyResultsRequest { TechnicianId = technician, PageSize = 1 + (size % 1000), Escalated = size > 1000 }, AsIntegrator)
                .ResponseAsync.WaitAsync(TestTimeouts.Default);
            Assert.Equal(size > 1000 ? 0 : 1, page.Results.Count);
            most = Math.Max(most, Pages.Count);
        }

        // Assert
        Assert.Equal(PageCache.MaxPages, most);
    }

    [Fact]
    public async Task GetOrReadAsync_ReadsOnceForAll_WhenRequestsForOnePageMissTogether()
    {
        // Arrange
        var request = await UnreadRequestAsync();
        var reads = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<ServerResponse> ReadAsync(CancellationToken token)
        {
            Interlocked.Increment(ref reads);
            await release.Task.WaitAsync(TestTimeouts.Default, token);
            return new ServerResponse { NextPageToken = "read" };
        }

        // Act: twenty requests for the page while its read is held, then one after the read ended.
        var waiting = Enumerable.Range(0, 20).Select(_ => Pages.GetOrReadAsync(request, ReadAsync, CancellationToken.None)).ToList();
        release.SetResult();
        var pages = await Task.WhenAll(waiting).WaitAsync(TestTimeouts.Default);
        var later = await Pages.GetOrReadAsync(request, ReadAsync, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(1, reads);
        Assert.All(pages, page => Assert.Same(pages[0], page));
        Assert.Same(pages[0], later);
    }

    [Fact]
    public async Task GetOrReadAsync_AnswersTheOthers_WhenOneCallerGivesUpDuringTheSharedRead()
    {
        // Arrange
        var request = await UnreadRequestAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<ServerResponse> ReadAsync(CancellationToken token)
        {
            await release.Task.WaitAsync(TestTimeouts.Default, token);
            return new ServerResponse { NextPageToken = "read" };
        }

        using var givingUp = new CancellationTokenSource();
        var first = Pages.GetOrReadAsync(request, ReadAsync, givingUp.Token);
        var second = Pages.GetOrReadAsync(request, ReadAsync, CancellationToken.None);

        // Act
        await givingUp.CancelAsync();
        var gaveUp = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TestTimeouts.Default));
        release.SetResult();
        var page = await second.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(givingUp.Token, gaveUp.CancellationToken);
        Assert.Equal("read", page.NextPageToken);
    }
}
