using System.Text;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Tests;

public sealed class HappyCallOptionsBindingTests
{
    [Fact]
    public void AddIvrHappyCallPolicy_BindsTheSectionAndMergesServiceTypes_WhenConfiguredInMemory()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyCalls:Delay"] = "01:30:00",
            ["HappyCalls:TimeZone"] = "Asia/Tehran",
            ["HappyCalls:Window:Thursday:0"] = "09:00-12:00",
            ["HappyCalls:Window:Thursday:1"] = "16:00-18:00",
            ["HappyCalls:Holidays:0"] = "1405-01-01..1405-01-04",
            ["HappyCalls:Holidays:1"] = "1405/01/13",
            ["HappyCalls:RetryAfter:Busy"] = "00:10:00",
            ["HappyCalls:MaxAttempts"] = "4",
            ["HappyCalls:DialQueue"] = "happy-dial",
            ["HappyCalls:ServiceTypes:Installation:Delay"] = "1.00:00:00",
            ["HappyCalls:ServiceTypes:Installation:SurveyId"] = "after-installation",
            ["HappyCalls:ServiceTypes:Installation:Window:Saturday:0"] = "closed",
            ["HappyCalls:ServiceTypes:Installation:RetryAfter:NoAnswer"] = "03:00:00",
        }).Build();
        using var provider = Services(configuration);

        // Act
        var options = provider.GetRequiredService<IOptions<HappyCallOptions>>().Value;
        var resolver = provider.GetRequiredService<HappyCallPolicyResolver>();
        var installation = resolver.For("INSTALLATION");

        // Assert
        Assert.Equal("happy-dial", options.DialQueue);
        Assert.Equal(TimeSpan.FromMinutes(90), resolver.Default.Delay);
        Assert.Equal(4, resolver.Default.MaxAttempts);
        Assert.Equal(5, resolver.Default.Holidays.Count);
        Assert.Contains(new DateOnly(2026, 4, 2), resolver.Default.Holidays);
        Assert.Equal(2, resolver.Default.Week[DayOfWeek.Thursday].Count);
        Assert.Single(resolver.Default.Week[DayOfWeek.Saturday]);
        Assert.Equal(TimeSpan.FromMinutes(10), resolver.Default.RetryDelay(AttemptOutcome.Busy));
        Assert.Equal(TimeSpan.FromDays(1), installation.Delay);
        Assert.Equal("after-installation", installation.SurveyId);
        Assert.Empty(installation.Week[DayOfWeek.Saturday]);
        Assert.Equal(2, installation.Week[DayOfWeek.Thursday].Count);
        Assert.Equal(TimeSpan.FromMinutes(10), installation.RetryDelay(AttemptOutcome.Busy));
        Assert.Equal(TimeSpan.FromHours(3), installation.RetryDelay(AttemptOutcome.NoAnswer));
    }

    [Fact]
    public void AddIvrHappyCallPolicy_ReplacesTheDefaultDay_WhenJsonGivesAListOrAnEmptyListForIt()
    {
        // Arrange: a list for Saturday replaces the default 09:00-20:00 instead of adding to it; an empty list closes the day.
        const string Json = """
            { "HappyCalls": { "Window": { "Saturday": [ "10:00-12:00", "14:00-16:00" ], "Friday": [ "closed" ], "Monday": [] } } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        using var provider = Services(configuration);

        // Act
        var policy = provider.GetRequiredService<HappyCallPolicyResolver>().Default;

        // Assert
        Assert.Equal(["10:00-12:00", "14:00-16:00"], policy.Week[DayOfWeek.Saturday].Select(static p => p.ToString()));
        Assert.Empty(policy.Week[DayOfWeek.Friday]);
        Assert.Single(policy.Week[DayOfWeek.Sunday]);
        Assert.Empty(policy.Week[DayOfWeek.Monday]);
    }

    [Fact]
    public void AddIvrHappyCallPolicy_FailsAtStartNamingTheKey_WhenAWindowIsNoTimeRange()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyCalls:Window:Friday:0"] = "25:00-26:00",
            ["HappyCalls:ServiceTypes:repair:MaxAttempts"] = "0",
        }).Build();
        using var provider = Services(configuration);

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Equal(
            [
                "HappyCalls:Window:Friday:0: '25:00-26:00' is not an opening period: the start '25:00' is not a time from 00:00 to 23:59",
                "HappyCalls:ServiceTypes:repair:MaxAttempts: 0 must be from 1 to 20",
            ],
            error.Failures);
    }

    [Fact]
    public void AddIvrHappyCallPolicy_TakesADayWrittenAsOneString_WhenItComesFromEnvironmentVariables()
    {
        // Arrange: HappyCalls__Window__Friday=09:00-12:00 and the like arrive as scalars, not lists.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyCalls:Window:Friday"] = "09:00-12:00, 16:00-18:00",
            ["HappyCalls:Window:Saturday"] = "closed",
            ["HappyCalls:Window:Sunday"] = "",
            ["HappyCalls:ServiceTypes:repair:Window:Monday"] = "10:00-11:00",
        }).Build();
        using var provider = Services(configuration);

        // Act
        var resolver = provider.GetRequiredService<HappyCallPolicyResolver>();

        // Assert
        Assert.Equal(["09:00-12:00", "16:00-18:00"], resolver.Default.Week[DayOfWeek.Friday].Select(static p => p.ToString()));
        Assert.Empty(resolver.Default.Week[DayOfWeek.Saturday]);
        Assert.Empty(resolver.Default.Week[DayOfWeek.Sunday]);
        Assert.Equal(["10:00-11:00"], resolver.For("repair").Week[DayOfWeek.Monday].Select(static p => p.ToString()));
        Assert.Equal(["09:00-12:00", "16:00-18:00"], resolver.For("repair").Week[DayOfWeek.Friday].Select(static p => p.ToString()));
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddIvrHappyCallPolicy();
        return services.BuildServiceProvider();
    }
}
