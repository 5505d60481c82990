using Hangfire;
using IvrService.HappyCalls.Internal;
using IvrService.Testing;

namespace IvrService.HappyCalls.Tests.Scheduling;

public sealed class HangfireJobFiltersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task RemoveUnused_CreatesJobsWithoutCultureParameters_AndKeepsAutomaticRetry()
    {
        // Arrange
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        await HangfireStorageFactory.InstallSchemaAsync(database, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var storage = HangfireStorageFactory.Create(database, TimeSpan.FromSeconds(5));

        // Act
        HangfireJobFilters.RemoveUnused();
        var jobId = new BackgroundJobClient(storage).Schedule(() => Console.WriteLine("probe"), TimeSpan.FromHours(1));

        // Assert
        using var hangfire = storage.GetConnection();
        Assert.NotNull(hangfire.GetJobData(jobId));
        Assert.Null(hangfire.GetJobParameter(jobId, "CurrentCulture"));
        Assert.DoesNotContain(
            GlobalJobFilters.Filters,
            f => f.Instance is CaptureCultureAttribute or StatisticsHistoryAttribute or ContinuationsSupportAttribute);
        Assert.Contains(GlobalJobFilters.Filters, f => f.Instance is AutomaticRetryAttribute);
        Assert.Equal(HangfireStorageFactory.FinishedJobRetention, storage.JobExpirationTimeout);
    }
}
