using IvrService.Flows.Calendar;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Tests;

public sealed class HappyCallPolicyResolverTests
{
    [Fact]
    public void Default_HasTheDocumentedValues_WhenNothingIsConfigured()
    {
        // Act
        var policy = new HappyCallPolicyResolver(new HappyCallOptions()).Default;

        // Assert
        Assert.Equal("", policy.ServiceType);
        Assert.True(policy.Enabled);
        Assert.Equal("after-service", policy.SurveyId);
        Assert.Equal(TimeSpan.FromHours(2), policy.Delay);
        Assert.Equal("Asia/Tehran", policy.DefaultTimeZone.Id);
        Assert.Equal(3, policy.MaxAttempts);
        Assert.Equal(1, policy.CompletionRetries);
        Assert.Equal(2, policy.EscalationThreshold);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.ClosingMargin);
        Assert.Empty(policy.Holidays);
        Assert.Equal(["09:00-20:00"], Periods(policy, DayOfWeek.Saturday));
        Assert.Equal(["09:00-20:00"], Periods(policy, DayOfWeek.Wednesday));
        Assert.Equal(["09:00-13:00"], Periods(policy, DayOfWeek.Thursday));
        Assert.Empty(Periods(policy, DayOfWeek.Friday));
        Assert.Equal(TimeSpan.FromMinutes(15), policy.RetryDelay(AttemptOutcome.Busy));
        Assert.Equal(TimeSpan.FromHours(1), policy.RetryDelay(AttemptOutcome.NoAnswer));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.RetryDelay(AttemptOutcome.Failed));
        Assert.Equal(TimeSpan.FromHours(2), policy.RetryDelay(AttemptOutcome.AnsweringMachine));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.RetryDelay(AttemptOutcome.Unfinished));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.RetryDelay(AttemptOutcome.Interrupted));
    }

    [Fact]
    public void For_MergesTheServiceTypesOverridesOverTheDefaults_DayByDayAndOutcomeByOutcome()
    {
        // Arrange
        var options = new HappyCallOptions { MaxAttempts = 4, Holidays = ["1405-01-01..1405-01-04"] };
        options.Window["Thursday"] = ["09:00-12:00", "16:00-18:00"];
        options.RetryAfter["Busy"] = TimeSpan.FromMinutes(10);
        options.ServiceTypes["Installation"] = new HappyCallServiceTypeOptions
        {
            SurveyId = "after-installation",
            Delay = TimeSpan.FromDays(1),
            Window = { ["Saturday"] = [HappyCallOptions.Closed], ["Friday"] = ["10:00-12:00, 14:00-16:00"] },
            RetryAfter = { ["NoAnswer"] = TimeSpan.FromHours(3) },
            EscalationThreshold = 6,
            Enabled = false,
        };

        // Act
        var resolver = new HappyCallPolicyResolver(options);
        var installation = resolver.For("installation");

        // Assert
        Assert.Equal("Installation", installation.ServiceType);
        Assert.False(installation.Enabled);
        Assert.Equal("after-installation", installation.SurveyId);
        Assert.Equal(TimeSpan.FromDays(1), installation.Delay);
        Assert.Equal(4, installation.MaxAttempts);
        Assert.Equal(1, installation.CompletionRetries);
        Assert.Equal(6, installation.EscalationThreshold);
        Assert.Empty(Periods(installation, DayOfWeek.Saturday));
        Assert.Equal(["09:00-20:00"], Periods(installation, DayOfWeek.Sunday));
        Assert.Equal(["09:00-12:00", "16:00-18:00"], Periods(installation, DayOfWeek.Thursday));
        Assert.Equal(["10:00-12:00", "14:00-16:00"], Periods(installation, DayOfWeek.Friday));
        Assert.Equal(TimeSpan.FromMinutes(10), installation.RetryDelay(AttemptOutcome.Busy));
        Assert.Equal(TimeSpan.FromHours(3), installation.RetryDelay(AttemptOutcome.NoAnswer));
        Assert.Equal(TimeSpan.FromMinutes(30), installation.RetryDelay(AttemptOutcome.Failed));
        Assert.Equal(4, installation.Holidays.Count);
        Assert.Same(resolver.Default.DefaultTimeZone, installation.DefaultTimeZone);
        Assert.Equal(["Installation"], resolver.ServiceTypes);
    }

    [Theory]
    [InlineData("repair")]
    [InlineData("")]
    [InlineData(null)]
    public void For_IsTheDefault_WhenTheServiceTypeHasNoOverrides(string? serviceType)
    {
        var options = new HappyCallOptions();
        options.ServiceTypes["installation"] = new HappyCallServiceTypeOptions { MaxAttempts = 5 };
        var resolver = new HappyCallPolicyResolver(options);

        Assert.Same(resolver.Default, resolver.For(serviceType));
    }

    [Theory]
    [InlineData("", "Asia/Tehran")]
    [InlineData(null, "Asia/Tehran")]
    [InlineData(" Europe/Berlin ", "Europe/Berlin")]
    public void TryFindTimeZone_IsTheCustomersZoneOrTheDefault(string? id, string expected)
    {
        var policy = new HappyCallPolicyResolver(new HappyCallOptions()).Default;

        Assert.True(policy.TryFindTimeZone(id, out var zone));
        Assert.Equal(expected, zone.Id);
    }

    [Fact]
    public void TryFindTimeZone_IsFalse_WhenTheZoneIsUnknown()
    {
        var policy = new HappyCallPolicyResolver(new HappyCallOptions()).Default;

        Assert.False(policy.TryFindTimeZone("Mars/Olympus", out _));
    }

    [Theory]
    [InlineData(0, 10, 10)]
    [InlineData(4, 10, 4)]
    [InlineData(30, 10, 10)]
    public void ConcurrentCallsFor_IsTheCapWithinTheTrunksChannels(int configured, int channels, int expected)
    {
        Assert.Equal(expected, new HappyCallOptions { MaxConcurrentCalls = configured }.ConcurrentCallsFor(channels));
    }

    [Theory]
    [InlineData(0, 10, 20)]
    [InlineData(3, 10, 3)]
    public void WorkerCountFor_IsTwiceTheCalls_UnlessConfigured(int configured, int calls, int expected)
    {
        Assert.Equal(expected, new HappyCallOptions { WorkerCount = configured }.WorkerCountFor(calls));
    }

    private static List<string> Periods(HappyCallPolicy policy, DayOfWeek day) =>
        policy.Week.TryGetValue(day, out var periods) ? periods.Select(static p => p.ToString()).ToList() : [];
}
