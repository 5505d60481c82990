using Microsoft.Extensions.Time.Testing;
using static IvrService.HappyCalls.Tests.TestPolicies;

namespace IvrService.HappyCalls.Tests;

public sealed class HappyCallTimingTests
{
    [Fact]
    public void FirstAttemptTime_IsTheDelayAfterCompletion_WhenThatIsInTheWindow()
    {
        // Arrange
        var time = new FakeTimeProvider(InTehran(2026, 4, 26, 10, 5));
        var policy = Default();

        // Act
        var due = HappyCallTiming.FirstAttemptTime(policy, policy.WindowFor(Zone("Asia/Tehran")), InTehran(2026, 4, 26, 10, 0), time.GetUtcNow());

        // Assert
        Assert.Equal(InTehran(2026, 4, 26, 12, 0), due);
    }

    [Fact]
    public void FirstAttemptTime_IsNow_WhenTheReportCameLaterThanTheDelay()
    {
        var time = new FakeTimeProvider(InTehran(2026, 4, 26, 11, 0));
        var policy = Default();

        var due = HappyCallTiming.FirstAttemptTime(policy, policy.WindowFor(Zone("Asia/Tehran")), InTehran(2026, 4, 26, 8, 0), time.GetUtcNow());

        Assert.Equal(time.GetUtcNow(), due);
    }

    [Fact]
    public void FirstAttemptTime_IsTheNextMorning_WhenTheDelayEndsAfterClosing()
    {
        var time = new FakeTimeProvider(InTehran(2026, 4, 26, 19, 0));
        var policy = Default();

        var due = HappyCallTiming.FirstAttemptTime(policy, policy.WindowFor(Zone("Asia/Tehran")), time.GetUtcNow(), time.GetUtcNow());

        Assert.Equal(InTehran(2026, 4, 27, 9, 0), due);
    }

    [Fact]
    public void FirstAttemptTime_SkipsFridayAndNowruz_WhenTheServiceEndsOnTheEveOfTheNewYear()
    {
        // Thursday 28 Esfand 1404 12:30; the delay ends after Thursday's 13:00 closing; Friday is the weekend and
        // 1–4 Farvardin 1405 (Saturday to Tuesday) are holidays.
        var time = new FakeTimeProvider(InTehran(2026, 3, 19, 12, 30));
        var policy = Default(o => o.Holidays = ["1405-01-01..1405-01-04"]);

        var due = HappyCallTiming.FirstAttemptTime(policy, policy.WindowFor(Zone("Asia/Tehran")), time.GetUtcNow(), time.GetUtcNow());

        Assert.Equal(InTehran(2026, 3, 25, 9, 0), due);
    }

    [Fact]
    public void FirstAttemptTime_UsesTheServiceTypesDelay_AndTheCustomersZone()
    {
        // Arrange: a day's delay for installations; the customer is in New York (EDT, -04:00).
        var options = new HappyCallOptions();
        options.ServiceTypes["installation"] = new HappyCallServiceTypeOptions { Delay = TimeSpan.FromDays(1) };
        var policy = new HappyCallPolicyResolver(options).For("installation");
        var edt = TimeSpan.FromHours(-4);
        var completedAt = new DateTimeOffset(2026, 4, 22, 19, 30, 0, edt); // Wednesday
        var time = new FakeTimeProvider(completedAt.AddMinutes(1));

        // Act: Thursday 19:30 is after Thursday's 13:00 closing; Friday is closed.
        var due = HappyCallTiming.FirstAttemptTime(policy, policy.WindowFor(Zone("America/New_York")), completedAt, time.GetUtcNow());

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 4, 25, 9, 0, 0, edt), due);
    }
}
