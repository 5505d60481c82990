using System.Diagnostics.Metrics;
using IvrService.HappyCalls.Internal;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.HappyCalls.Tests;

public sealed class ResultChangeRetentionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PruneAsync_DeletesChangesOlderThanTheRetentionOverRounds_WhenABacklogExceedsOneRound()
    {
        // Arrange: 10 changes at the start, 2 made 20 days later; the clock then at 35 days with a 30-day retention.
        var time = new FakeTimeProvider(Start);
        await using var database = await HappyCallDatabase.StartAsync(postgres, time);
        await using var services = Services(database, time);
        var happyCallId = await CreateHappyCallAsync(services);
        await AppendChangesAsync(database, happyCallId, Start, 9);
        await AppendChangesAsync(database, happyCallId, Start.AddDays(20), 2);
        time.SetUtcNow(Start.AddDays(35));
        var meters = services.GetRequiredService<HappyCallMetrics>();
        var counted = new List<long>();
        using var listener = PrunedCounter(counted);
        var retention = new ResultChangeRetention(
            services.GetRequiredService<ISurveyResultChangePruner>(),
            Options.Create(new HappyCallOptions { ResultChangeRetention = TimeSpan.FromDays(30) }),
            meters,
            time,
            NullLogger<ResultChangeRetention>.Instance);

        // Act: batches of 3, at most 2 batches a round.
        var rounds = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            rounds.Add(await retention.PruneAsync(3, 2, CancellationToken.None).WaitAsync(TestTimeouts.Default));
        }

        // Assert
        Assert.Equal([6, 4, 0], rounds);
        Assert.Equal([3, 3, 3, 1, 0], counted);
        Assert.Equal(2L, await CountChangesAsync(database));
    }

    private static ServiceProvider Services(IvrDatabase database, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddSingleton(time);
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<HappyCallMetrics>();
        services.AddIvrStorage();
        return services.BuildServiceProvider();
    }

    private static MeterListener PrunedCounter(List<long> counted)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == HappyCallMetrics.MeterName && instrument.Name == "ivr.happy_calls.result_changes.pruned")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (counted)
            {
                counted.Add(value);
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task<long> CreateHappyCallAsync(IServiceProvider services)
    {
        var (call, _) = await services.GetRequiredService<IHappyCallStore>().CreateAsync(
            new NewHappyCall(
                ServiceId: "retention-1", CustomerId: "customer-1", Phone: "+989121234567", CustomerName: "Maryam",
                Language: "fa", TechnicianId: "tech-1", TechnicianName: "Reza", ServiceType: "washing_machine",
                CompletedAt: Start.AddHours(-2), TimeZone: "Asia/Tehran", SurveyId: "after-service", DueAt: Start),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return call.Id;
    }

    private static Task AppendChangesAsync(IvrDatabase database, long happyCallId, DateTimeOffset at, int count)
        => Sql.ScalarAsync<long>(
            database.ConnectionString, "SELECT count(append_survey_result_change($1, false, $2)) FROM generate_series(1, $3)",
            happyCallId, at.ToUniversalTime(), count).WaitAsync(TestTimeouts.Default);

    private static async Task<long> CountChangesAsync(IvrDatabase database)
        => await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM survey_result_changes")
            .WaitAsync(TestTimeouts.Default);
}
