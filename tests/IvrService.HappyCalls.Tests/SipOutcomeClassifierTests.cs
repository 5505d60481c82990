using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Tests;

public sealed class SipOutcomeClassifierTests
{
    [Theory]
    [InlineData(486, false, false, AttemptOutcome.Busy)]
    [InlineData(600, false, false, AttemptOutcome.Busy)]
    [InlineData(486, true, false, AttemptOutcome.Declined)]
    [InlineData(600, true, false, AttemptOutcome.Declined)]
    [InlineData(603, true, false, AttemptOutcome.Declined)]
    [InlineData(603, false, false, AttemptOutcome.Declined)]
    [InlineData(607, false, false, AttemptOutcome.Declined)]
    [InlineData(408, false, false, AttemptOutcome.NoAnswer)]
    [InlineData(408, true, false, AttemptOutcome.NoAnswer)]
    [InlineData(480, false, false, AttemptOutcome.NoAnswer)]
    [InlineData(480, true, false, AttemptOutcome.NoAnswer)]
    [InlineData(487, true, true, AttemptOutcome.NoAnswer)]
    [InlineData(487, false, true, AttemptOutcome.NoAnswer)]
    [InlineData(487, true, false, AttemptOutcome.NoAnswer)]
    [InlineData(487, false, false, AttemptOutcome.Failed)]
    [InlineData(486, true, true, AttemptOutcome.NoAnswer)]
    [InlineData(603, true, true, AttemptOutcome.NoAnswer)]
    [InlineData(404, false, false, AttemptOutcome.Failed)]
    [InlineData(410, false, false, AttemptOutcome.Failed)]
    [InlineData(484, false, false, AttemptOutcome.Failed)]
    [InlineData(403, true, false, AttemptOutcome.Failed)]
    [InlineData(500, false, false, AttemptOutcome.Failed)]
    [InlineData(503, true, false, AttemptOutcome.Failed)]
    [InlineData(302, false, false, AttemptOutcome.Failed)]
    [InlineData(604, false, false, AttemptOutcome.Failed)]
    [InlineData(608, true, false, AttemptOutcome.Failed)]
    [InlineData(699, false, false, AttemptOutcome.Failed)]
    [InlineData(SipOutcomeClassifier.NoResponse, false, false, AttemptOutcome.Failed)]
    public void Classify_FollowsTheTable(int status, bool rang, bool cancelledByUs, AttemptOutcome expected)
    {
        var outcome = SipOutcomeClassifier.Classify(status, rang, cancelledByUs);

        Assert.Equal(expected, outcome);
    }

    [Theory]
    [InlineData(200, "200 answered the call; classify the conversation instead")]
    [InlineData(180, "180 is not a final failure status (300-699) or 0 for no response")]
    [InlineData(700, "700 is not a final failure status (300-699) or 0 for no response")]
    [InlineData(-1, "-1 is not a final failure status (300-699) or 0 for no response")]
    public void Classify_Throws_WhenTheStatusIsNoFailure(int status, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SipOutcomeClassifier.Classify(status, rang: false, cancelledByUs: false));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("finalStatus", error.ParamName);
    }

    [Theory]
    [InlineData(603, "603 Decline: the user explicitly does not wish to take the call, with or without alerting")]
    [InlineData(404, "any other redirection or failure: wrong or gone number, server or network failure")]
    [InlineData(200, "200 is not a final failure status")]
    public void Describe_GivesTheRowsMeaning(int status, string expected)
    {
        Assert.Equal(expected, SipOutcomeClassifier.Describe(status));
    }
}
