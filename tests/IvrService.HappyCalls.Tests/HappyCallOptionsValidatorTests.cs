using IvrService.HappyCalls.Internal;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Tests;

public sealed class HappyCallOptionsValidatorTests
{
    [Fact]
    public void Validate_Succeeds_WhenTheDefaultsAreUsed()
    {
        var result = new HappyCallOptionsValidator().Validate(null, new HappyCallOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_FailsNamingEachKey_WhenTopLevelValuesAreWrong()
    {
        // Arrange
        var options = new HappyCallOptions
        {
            SurveyId = " ",
            Delay = TimeSpan.FromMinutes(-5),
            TimeZone = "Asia/Tehrn",
            Holidays = ["1405-13-01", "Nowruz", "1405-01-04..1405-01-01"],
            MaxAttempts = 0,
            CompletionRetries = 6,
            EscalationThreshold = 11,
            ClosingMargin = TimeSpan.FromHours(2),
            RingTimeout = TimeSpan.FromSeconds(1),
            Trunk = "  ",
            MaxConcurrentCalls = -1,
            DialQueue = "Dial Queue",
            WorkerCount = -2,
            PollInterval = TimeSpan.Zero,
            QueuePollInterval = TimeSpan.FromMinutes(2),
            ResultChangeRetention = TimeSpan.FromMinutes(10),
        };
        options.Window["Friday"] = ["25:00-26:00"];
        options.Window["Fryday"] = ["09:00-12:00"];
        options.Window["Saturday"] = ["09:00-13:00", "12:00-14:00"];
        options.Window["Sunday"] = ["closed", "09:00-10:00"];
        options.RetryAfter["Declined"] = TimeSpan.FromMinutes(10);
        options.RetryAfter["busy"] = TimeSpan.Zero;

        // Act
        var result = new HappyCallOptionsValidator().Validate(null, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Equal(
            [
                "HappyCalls:SurveyId: a survey id is required, such as after-service",
                "HappyCalls:Delay: -00:05:00 must be from 00:00:00 to 30.00:00:00",
                "HappyCalls:TimeZone: unknown time zone 'Asia/Tehrn'; use an IANA name such as Asia/Tehran",
                "HappyCalls:Window:Friday:0: '25:00-26:00' is not an opening period: the start '25:00' is not a time from 00:00 to 23:59",
                "HappyCalls:Window:Fryday: 'Fryday' is not a day of the week; write Saturday, Sunday, Monday, Tuesday, Wednesday, Thursday or Friday",
                "HappyCalls:Window:Saturday: the periods 09:00-13:00 and 12:00-14:00 overlap",
                "HappyCalls:Window:Sunday:0: 'closed' must be the day's only entry",
                "HappyCalls:Holidays:0: '1405-13-01' is not a Jalali date: month 13 is outside 1..12",
                "HappyCalls:Holidays:1: 'Nowruz' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)",
                "HappyCalls:Holidays:2: '1405-01-04..1405-01-01' is not a holiday range: it ends (2026-03-21) before it starts (2026-03-24)",
                "HappyCalls:MaxAttempts: 0 must be from 1 to 20",
                "HappyCalls:RetryAfter:Declined: 'Declined' is not an outcome that is retried; use Busy, NoAnswer, Failed, AnsweringMachine, Unfinished or Interrupted",
                "HappyCalls:RetryAfter:busy: 00:00:00 must be more than 00:00:00 and at most 30.00:00:00",
                "HappyCalls:CompletionRetries: 6 must be from 0 to 5",
                "HappyCalls:EscalationThreshold: 11 must be from 0 to 10",
                "HappyCalls:ClosingMargin: 02:00:00 must be from 00:00:00 to 01:00:00",
                "HappyCalls:RingTimeout: 00:00:01 must be from 00:00:05 to 00:05:00",
                "HappyCalls:Trunk: give the name of a Sip:Trunks entry, or leave it empty for the first trunk",
                "HappyCalls:MaxConcurrentCalls: -1 must be from 0 (the trunk's channels) to 10000",
                "HappyCalls:DialQueue: 'Dial Queue' is not a queue name; use lower-case letters, digits, '_' and '-'",
                "HappyCalls:WorkerCount: -2 must be from 0 (twice the concurrent calls) to 1000",
                "HappyCalls:PollInterval: 00:00:00 must be more than 00:00:00 and at most 00:01:00",
                "HappyCalls:QueuePollInterval: 00:02:00 must be more than 00:00:00 and at most 00:01:00",
                "HappyCalls:ResultChangeRetention: 00:10:00 must be from 01:00:00 to 3650.00:00:00",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_FailsNamingTheServiceTypesKeys_WhenOverridesAreWrong()
    {
        // Arrange
        var options = new HappyCallOptions();
        options.ServiceTypes["installation"] = new HappyCallServiceTypeOptions
        {
            SurveyId = "",
            Delay = TimeSpan.FromDays(31),
            Window = { ["Thursday"] = ["13:00-09:00"] },
            MaxAttempts = 21,
            RetryAfter = { ["NoAnswer"] = TimeSpan.FromDays(40) },
            CompletionRetries = -1,
            EscalationThreshold = -1,
        };

        // Act
        var result = new HappyCallOptionsValidator().Validate(null, options);

        // Assert
        Assert.Equal(
            [
                "HappyCalls:ServiceTypes:installation:SurveyId: a survey id is required, such as after-service",
                "HappyCalls:ServiceTypes:installation:Delay: 31.00:00:00 must be from 00:00:00 to 30.00:00:00",
                "HappyCalls:ServiceTypes:installation:Window:Thursday:0: '13:00-09:00' is not an opening period: it ends before it starts (a period over midnight is written as two, ending at 24:00 and starting at 00:00)",
                "HappyCalls:ServiceTypes:installation:MaxAttempts: 21 must be from 1 to 20",
                "HappyCalls:ServiceTypes:installation:RetryAfter:NoAnswer: 40.00:00:00 must be more than 00:00:00 and at most 30.00:00:00",
                "HappyCalls:ServiceTypes:installation:CompletionRetries: -1 must be from 0 to 5",
                "HappyCalls:ServiceTypes:installation:EscalationThreshold: -1 must be from 0 to 10",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_Fails_WhenEveryDayIsClosed()
    {
        var options = new HappyCallOptions();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            options.Window[day.ToString()] = ["closed"];
        }

        var result = new HappyCallOptionsValidator().Validate(null, options);

        Assert.Equal(["HappyCalls:Window: no day has a calling period, so no call could ever be placed"], result.Failures);
    }

    [Fact]
    public void Validate_Fails_WhenAServiceTypeClosesTheRemainingDays()
    {
        var options = new HappyCallOptions();
        options.Window["Thursday"] = [HappyCallOptions.Closed];
        var closedWeekdays = new HappyCallServiceTypeOptions();
        foreach (var day in new[] { "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday" })
        {
            closedWeekdays.Window[day] = [];
        }

        options.ServiceTypes["repair"] = closedWeekdays;

        var result = new HappyCallOptionsValidator().Validate(null, options);

        Assert.Equal(["HappyCalls:ServiceTypes:repair:Window: no day has a calling period, so no call could ever be placed"], result.Failures);
    }

    [Fact]
    public void Resolver_Throws_WithTheSameMessages_WhenOptionsAreWrong()
    {
        var options = new HappyCallOptions { MaxAttempts = 0, DialQueue = "" };

        var error = Assert.Throws<OptionsValidationException>(() => new HappyCallPolicyResolver(options));

        Assert.Equal(
            ["HappyCalls:MaxAttempts: 0 must be from 1 to 20", "HappyCalls:DialQueue: '' is not a queue name; use lower-case letters, digits, '_' and '-'"],
            error.Failures);
    }
}
