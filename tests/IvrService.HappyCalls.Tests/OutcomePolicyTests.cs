using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Time.Testing;
using static IvrService.HappyCalls.Tests.TestPolicies;

namespace IvrService.HappyCalls.Tests;

public sealed class OutcomePolicyTests
{
    // Sunday 6 Ordibehesht 1405, 10:00 in Tehran: the default window is open until 20:00.
    private static readonly DateTimeOffset s_sundayMorning = InTehran(2026, 4, 26, 10, 0);

    private readonly FakeTimeProvider _time = new(s_sundayMorning);

    [Theory]
    [InlineData(AttemptOutcome.Busy, 1, 15)]
    [InlineData(AttemptOutcome.Busy, 2, 15)]
    [InlineData(AttemptOutcome.NoAnswer, 1, 60)]
    [InlineData(AttemptOutcome.NoAnswer, 2, 60)]
    [InlineData(AttemptOutcome.Failed, 1, 30)]
    [InlineData(AttemptOutcome.AnsweringMachine, 2, 120)]
    [InlineData(AttemptOutcome.Interrupted, 1, 5)]
    public void Decide_RetriesAfterTheOutcomesDelay_WhenAttemptsRemain(AttemptOutcome outcome, int attemptsMade, int minutes)
    {
        // Arrange
        var policy = Default();
        var now = _time.GetUtcNow();

        // Act
        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), outcome, attemptsMade, 0, now);

        // Assert
        Assert.Equal(new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, now.AddMinutes(minutes), false), decision);
        Assert.False(decision.IsFinal);
    }

    [Theory]
    [InlineData(AttemptOutcome.Busy)]
    [InlineData(AttemptOutcome.NoAnswer)]
    [InlineData(AttemptOutcome.Failed)]
    [InlineData(AttemptOutcome.AnsweringMachine)]
    [InlineData(AttemptOutcome.Interrupted)]
    public void Decide_IsUnreached_WhenTheLastAttemptDidNotReachTheCustomer(AttemptOutcome outcome)
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), outcome, 3, 0, s_sundayMorning);

        Assert.Equal(new AttemptDecision(HappyCallState.Unreached, SurveyOutcome.Unreached, null, false), decision);
        Assert.True(decision.IsFinal);
    }

    [Theory]
    [InlineData(AttemptOutcome.Declined, 1, HappyCallState.Finished, SurveyOutcome.Declined)]
    [InlineData(AttemptOutcome.Declined, 3, HappyCallState.Finished, SurveyOutcome.Declined)]
    [InlineData(AttemptOutcome.OptedOut, 1, HappyCallState.Finished, SurveyOutcome.OptedOut)]
    [InlineData(AttemptOutcome.OptedOut, 3, HappyCallState.Finished, SurveyOutcome.OptedOut)]
    [InlineData(AttemptOutcome.Completed, 1, HappyCallState.Finished, SurveyOutcome.Completed)]
    [InlineData(AttemptOutcome.Completed, 3, HappyCallState.Finished, SurveyOutcome.Completed)]
    [InlineData(AttemptOutcome.DoNotCall, 0, HappyCallState.DoNotCall, SurveyOutcome.DoNotCall)]
    [InlineData(AttemptOutcome.DoNotCall, 3, HappyCallState.DoNotCall, SurveyOutcome.DoNotCall)]
    public void Decide_EndsForGood_WhenTheOutcomeIsFinal(AttemptOutcome outcome, int attemptsMade, HappyCallState state, SurveyOutcome survey)
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), outcome, attemptsMade, 0, s_sundayMorning);

        Assert.Equal(new AttemptDecision(state, survey, null, false), decision);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Decide_SchedulesTheCompletionRetry_WhenUnfinishedEvenOnTheLastAttempt(int attemptsMade)
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Unfinished, attemptsMade, 0, s_sundayMorning);

        Assert.Equal(new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, s_sundayMorning.AddMinutes(30), true), decision);
    }

    [Fact]
    public void Decide_IsPartial_WhenUnfinishedAfterTheCompletionRetry()
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Unfinished, 2, 1, s_sundayMorning);

        Assert.Equal(new AttemptDecision(HappyCallState.Finished, SurveyOutcome.Partial, null, false), decision);
    }

    [Fact]
    public void Decide_IsPartial_WhenUnfinishedAndCompletionRetriesAreOff()
    {
        var policy = Default(o => o.CompletionRetries = 0);

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Unfinished, 1, 0, s_sundayMorning);

        Assert.Equal(new AttemptDecision(HappyCallState.Finished, SurveyOutcome.Partial, null, false), decision);
    }

    [Theory]
    [InlineData(AttemptOutcome.Busy, 3, true)]
    [InlineData(AttemptOutcome.NoAnswer, 3, true)]
    [InlineData(AttemptOutcome.Busy, 4, false)]
    [InlineData(AttemptOutcome.AnsweringMachine, 4, false)]
    public void Decide_GivesTheCompletionRetryItsOwnAttempt_AndEndsPartialWhenItNeverGetsThrough(AttemptOutcome outcome, int attemptsMade, bool retried)
    {
        // Arrange: reached on attempt 3 (the last) and left unfinished; the completion retry is attempt 4.
        var policy = Default();

        // Act
        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), outcome, attemptsMade, 1, s_sundayMorning);

        // Assert
        var expected = retried
            ? new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, s_sundayMorning + policy.RetryDelay(outcome), false)
            : new AttemptDecision(HappyCallState.Finished, SurveyOutcome.Partial, null, false);
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData(AttemptOutcome.Interrupted, 5)]
    [InlineData(AttemptOutcome.Failed, 30)]
    public void Decide_TreatsACutCallLikeUnfinished_WhenTheCustomerHadAnswered(AttemptOutcome outcome, int minutes)
    {
        var policy = Default();
        var window = policy.WindowFor(Zone("Asia/Tehran"));

        var first = OutcomePolicy.Decide(policy, window, outcome, 3, 0, s_sundayMorning, reachedCustomer: true);
        var second = OutcomePolicy.Decide(policy, window, outcome, 4, 1, s_sundayMorning, reachedCustomer: true);

        Assert.Equal(new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, s_sundayMorning.AddMinutes(minutes), true), first);
        Assert.Equal(new AttemptDecision(HappyCallState.Finished, SurveyOutcome.Partial, null, false), second);
    }

    [Theory]
    [InlineData(19, 50, AttemptOutcome.Busy, 2026, 4, 27, 9, 0)] // 20:05 is closed: Monday 09:00
    [InlineData(19, 40, AttemptOutcome.Busy, 2026, 4, 26, 19, 55)] // 19:55 leaves five minutes
    [InlineData(19, 44, AttemptOutcome.Busy, 2026, 4, 27, 9, 0)] // 19:59 leaves one minute, under the margin
    [InlineData(3, 0, AttemptOutcome.NoAnswer, 2026, 4, 26, 9, 0)] // 04:00 is before opening
    public void Decide_MovesTheRetryIntoTheWindow_WhenItWouldFallOutside(int hour, int minute, AttemptOutcome outcome, int year, int month, int day, int nextHour, int nextMinute)
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), outcome, 1, 0, InTehran(2026, 4, 26, hour, minute));

        Assert.Equal(InTehran(year, month, day, nextHour, nextMinute), decision.NextAttemptAt);
        Assert.Equal(HappyCallState.Pending, decision.NextState);
    }

    [Fact]
    public void Decide_MovesARetryFromThursdayAfternoonToSaturday()
    {
        var policy = Default();

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.NoAnswer, 1, 0, InTehran(2026, 4, 23, 12, 30));

        Assert.Equal(InTehran(2026, 4, 25, 9, 0), decision.NextAttemptAt);
    }

    [Fact]
    public void Decide_IsUnreached_WhenNoWindowOpensWithinAYear()
    {
        var policy = Default(o => o.Holidays = ["2026-04-26..2027-04-25", "2027-04-26..2027-05-10"]);

        var decision = OutcomePolicy.Decide(policy, policy.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Busy, 1, 0, s_sundayMorning);

        Assert.Equal(new AttemptDecision(HappyCallState.Unreached, SurveyOutcome.Unreached, null, false), decision);
    }

    [Fact]
    public void Decide_UsesTheServiceTypesLimitsAndDelays_WhenItHasOverrides()
    {
        var options = new HappyCallOptions();
        options.ServiceTypes["installation"] = new HappyCallServiceTypeOptions { MaxAttempts = 5, RetryAfter = { ["Busy"] = TimeSpan.FromMinutes(45) } };
        var resolver = new HappyCallPolicyResolver(options);
        var installation = resolver.For("installation");

        var decision = OutcomePolicy.Decide(installation, installation.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Busy, 3, 0, s_sundayMorning);
        var repair = OutcomePolicy.Decide(resolver.For("repair"), installation.WindowFor(Zone("Asia/Tehran")), AttemptOutcome.Busy, 3, 0, s_sundayMorning);

        Assert.Equal(s_sundayMorning.AddMinutes(45), decision.NextAttemptAt);
        Assert.Equal(SurveyOutcome.Unreached, repair.Outcome);
    }

    [Fact]
    public void Decide_RejectsNegativeCountsAndUnknownOutcomes()
    {
        var policy = Default();
        var window = policy.WindowFor(Zone("Asia/Tehran"));

        Assert.Throws<ArgumentOutOfRangeException>(() => OutcomePolicy.Decide(policy, window, AttemptOutcome.Busy, -1, 0, s_sundayMorning));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutcomePolicy.Decide(policy, window, AttemptOutcome.Busy, 1, -1, s_sundayMorning));
        var unknown = Assert.Throws<ArgumentOutOfRangeException>(() => OutcomePolicy.Decide(policy, window, (AttemptOutcome)99, 1, 0, s_sundayMorning));
        Assert.StartsWith("99 is not an attempt outcome", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryDelay_Throws_WhenTheOutcomeIsFinal()
    {
        var policy = Default();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => policy.RetryDelay(AttemptOutcome.Declined));

        Assert.StartsWith("Declined is final; it is never retried", error.Message, StringComparison.Ordinal);
    }
}
