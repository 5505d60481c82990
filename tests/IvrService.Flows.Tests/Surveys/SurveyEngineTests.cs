using IvrService.Flows.Surveys;
using static IvrService.Flows.Tests.Surveys.SurveyFixtures;

namespace IvrService.Flows.Tests.Surveys;

/// <summary>
/// Scripts: one group per input: intro, opt-out offer, start gate, each try of a question, the comment.
/// </summary>
public sealed class SurveyEngineTests
{
    private static readonly SurveyDefinition Full = Survey(Yaml());

    [Fact]
    public async Task RunAsync_JournalsEveryAnswerAndTheComment_WhenCustomerAnswersAll()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,10,2,55#");

        Assert.Equal(
            (SurveyRunResult.Completed, 4, "choice", "fa", false, "completed"),
            (outcome.Result, outcome.AnsweredCount, outcome.LastQuestionId, outcome.Language, outcome.Escalated, outcome.Detail));
        Assert.Equal(["rating=4", "yes_no=1", "score=10", "choice=2/partly"], harness.Answers());
        Assert.Equal(
            [SurveyQuestionKind.Rating, SurveyQuestionKind.YesNo, SurveyQuestionKind.Score, SurveyQuestionKind.Choice],
            harness.Journal.Answers.Select(answer => answer.Kind));
        var comment = Assert.Single(harness.Journal.Comments);
        Assert.Equal((RecordingEnd.FinishKey, true), (comment.End, comment.HeardSpeech));
        Assert.Equal(new RecordRequest(TimeSpan.FromSeconds(60), '#', TimeSpan.FromSeconds(4)) { NoSpeechTimeout = TimeSpan.FromSeconds(10) }, Assert.Single(harness.Port.Recordings));
        Assert.Equal(
            ["intro", "opt_out", "start", "q_rating", "q_yes_no", "q_score", "q_choice", "c_fully", "c_partly", "c_not", "comment", "closing"],
            harness.HeardKeys());
        Assert.True(harness.Port.HungUpByFlow);
        Assert.Equal("closing:completed", harness.Journal.StepsOf(FlowStepKind.Outcome).Single());
        Assert.Equal(FlowStepKind.Outcome, harness.Journal.Steps[^1].Kind);
    }

    [Theory]
    [InlineData("7#", 7, "7#")]
    [InlineData("0#", 0, "0#")]
    [InlineData("10", 10, "10")]
    [InlineData("10#", 10, "10")]
    [InlineData("05", 5, "05")]
    public async Task RunAsync_ReadsScore_WhenDigitsEndWithTerminatorOrSecondDigit(string keys, int value, string digits)
    {
        var harness = new SurveyHarness();

        await harness.RunAsync(Full, $",,1,4,1,{keys},2,");

        var answer = harness.Journal.Answers.Single(a => a.QuestionId == "score");
        Assert.Equal((value, digits), (answer.Value, answer.Digits));
        Assert.Equal(SurveyHarness.Start, answer.AnsweredAt);
    }

    [Fact]
    public async Task RunAsync_ReadsSingleDigitScore_WhenInterDigitTimeoutPasses()
    {
        var harness = new SurveyHarness();

        await harness.RunAsync(Full, ",,1,4,1,8,2,");

        var answer = harness.Journal.Answers.Single(a => a.QuestionId == "score");
        Assert.Equal((8, "8"), (answer.Value, answer.Digits));
        Assert.Equal(SurveyHarness.Start + TimeSpan.FromSeconds(3), answer.AnsweredAt);
    }

    [Fact]
    public async Task RunAsync_RepeatsScoreWithInvalidPrompt_WhenTwoDigitsAreOverTen()
    {
        var harness = new SurveyHarness();

        await harness.RunAsync(Full, ",,1,4,1,11,9#,2,");

        Assert.Equal(["score:11 is not a score from 0 to 10"], harness.Journal.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal(9, harness.Journal.Answers.Single(a => a.QuestionId == "score").Value);
        Assert.Equal(["q_score", "invalid", "q_score"], harness.HeardKeys().SkipWhile(key => key != "q_score").Take(3));
    }

    [Fact]
    public async Task RunAsync_RepeatsQuestionWithInvalidPrompt_WhenKeyIsNoAnswer()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,7,3,3,1,5#,1,");

        Assert.Equal(
            ["rating:7 is not a rating from 1 to 5", "yes_no:3 is not 1 (yes) or 2 (no)"],
            harness.Journal.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal(["rating=3", "yes_no=1", "score=5", "choice=1/fully"], harness.Answers());
        Assert.Equal(["q_rating", "invalid", "q_rating", "q_yes_no", "invalid", "q_yes_no"], harness.HeardKeys().Skip(3).Take(6));
        Assert.Equal(SurveyRunResult.Completed, outcome.Result);
    }

    [Fact]
    public async Task RunAsync_SkipsQuestionAndGoesOn_WhenEveryTryHasAnInvalidKey()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,5#,7,8,");

        Assert.Equal(["rating=4", "yes_no=1", "score=5"], harness.Answers());
        Assert.Equal(
            ["choice:7 is not one of the choices 1, 2, 3", "choice:8 is not one of the choices 1, 2, 3", "choice:no valid answer in 2 tries; question skipped"],
            harness.Journal.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal((SurveyRunResult.Completed, 3), (outcome.Result, outcome.AnsweredCount));
        Assert.Equal(["comment", "closing"], harness.HeardKeys().TakeLast(2));
    }

    [Fact]
    public async Task RunAsync_RepeatsQuestionWithNoInputPrompt_WhenNoKeyWithinTimeout()
    {
        var harness = new SurveyHarness();

        await harness.RunAsync(Full, ",,1,,4,1,5#,1,");

        Assert.Equal(["rating:no input within 5 s"], harness.Journal.StepsOf(FlowStepKind.NoInput).Take(1));
        Assert.Equal(["q_rating", "no_input", "q_rating"], harness.HeardKeys().Skip(3).Take(3));
        Assert.Equal(SurveyHarness.Start + TimeSpan.FromSeconds(5), harness.Journal.Answers[0].AnsweredAt);
    }

    [Fact]
    public async Task RunAsync_EndsUnfinishedWithClosing_WhenNoKeyOnEveryTryOfAQuestion()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,,");

        Assert.Equal(
            (SurveyRunResult.Unfinished, 1, "yes_no", "unfinished: no input at question 'yes_no' in 2 tries"),
            (outcome.Result, outcome.AnsweredCount, outcome.LastQuestionId, outcome.Detail));
        Assert.Equal(["q_yes_no", "no_input", "q_yes_no", "no_input", "closing"], harness.HeardKeys().TakeLast(5));
        Assert.True(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_ConfirmsAndEndsOptedOut_WhenOptOutKeyPressedAtAQuestion()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,9");

        Assert.Equal(
            (SurveyRunResult.OptedOut, 1, "yes_no", "opted_out: key 9 at yes_no"),
            (outcome.Result, outcome.AnsweredCount, outcome.LastQuestionId, outcome.Detail));
        Assert.Equal(["rating=4"], harness.Answers());
        Assert.Equal(["q_yes_no", "opted_out"], harness.HeardKeys().TakeLast(2));
        Assert.True(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_EndsOptedOut_WhenOptOutKeyStopsTheOffer()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",9");

        Assert.Equal((SurveyRunResult.OptedOut, null, "opted_out: key 9 at intro"), (outcome.Result, outcome.LastQuestionId, outcome.Detail));
        Assert.Equal(["intro", "opt_out", "opted_out"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_TakesOptOutKeyAsScoreDigit_WhenItIsADigit()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,9#,2,");

        Assert.Equal(SurveyRunResult.Completed, outcome.Result);
        Assert.Equal(9, harness.Journal.Answers.Single(a => a.QuestionId == "score").Value);
    }

    [Fact]
    public async Task RunAsync_OptsOutAtAScore_WhenOptOutKeyIsStar()
    {
        var harness = new SurveyHarness();
        var survey = Survey(Yaml(optOut: "opt_out: { key: \"*\", prompt: opt_out, confirmed: opted_out }"));

        var outcome = await harness.RunAsync(survey, ",,1,4,1,*");

        Assert.Equal((SurveyRunResult.OptedOut, "score"), (outcome.Result, outcome.LastQuestionId));
    }

    [Fact]
    public async Task RunAsync_EndsNotStartedWithoutQuestions_WhenStartKeyIsNotPressed()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,,");

        Assert.Equal(
            (SurveyRunResult.NotStarted, 0, null, "not_started: start key 1 not pressed in 2 tries"),
            (outcome.Result, outcome.AnsweredCount, outcome.LastQuestionId, outcome.Detail));
        Assert.Equal(["intro", "opt_out", "start", "start"], harness.HeardKeys());
        Assert.Equal(["start_gate:no input within 5 s", "start_gate:no input within 5 s"], harness.Journal.StepsOf(FlowStepKind.NoInput));
        Assert.True(harness.Port.HungUpByFlow);
        Assert.False(outcome.CustomerHungUp);
        Assert.Empty(harness.Journal.Answers);
    }

    [Fact]
    public async Task RunAsync_AsksTheGateAgain_WhenAnotherKeyIsPressed()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,2,1,4,1,5#,1,");

        Assert.Equal(["start_gate:2 is not the start key 1"], harness.Journal.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal(["start", "invalid", "start", "q_rating"], harness.HeardKeys().Skip(2).Take(4));
        Assert.Equal(SurveyRunResult.Completed, outcome.Result);
    }

    [Fact]
    public async Task RunAsync_PassesTheGate_WhenStartKeyStopsTheIntro()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, "1,4,1,5#,1,");

        Assert.Equal(["intro", "q_rating"], harness.HeardKeys().Take(2));
        Assert.Equal(4, outcome.AnsweredCount);
    }

    [Fact]
    public async Task RunAsync_EndsNotStarted_WhenCustomerHangsUpBeforeTheGate()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",");

        Assert.Equal((SurveyRunResult.NotStarted, "not_started: customer hung up"), (outcome.Result, outcome.Detail));
        Assert.True(outcome.CustomerHungUp);
        Assert.False(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_AsksNoGate_WhenSkipStartGate()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,4,1,5#,1,", skipStartGate: true);

        Assert.DoesNotContain("start", harness.HeardKeys());
        Assert.Equal((SurveyRunResult.Completed, 4), (outcome.Result, outcome.AnsweredCount));
    }

    [Fact]
    public async Task RunAsync_WritesNoComment_WhenNothingIsSaid()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,5#,1,");

        Assert.Empty(harness.Journal.Comments);
        Assert.Equal(["comment:no comment: 4 s, ended by silence"], harness.Journal.StepsOf(FlowStepKind.NoInput));
        Assert.Equal(SurveyRunResult.Completed, outcome.Result);
    }

    [Fact]
    public async Task RunAsync_KeepsEarlierAnswersAndEndsUnfinished_WhenCustomerHangsUpMidSurvey()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1");

        Assert.Equal(
            (SurveyRunResult.Unfinished, 2, "score", "unfinished: customer hung up"),
            (outcome.Result, outcome.AnsweredCount, outcome.LastQuestionId, outcome.Detail));
        Assert.Equal(["rating=4", "yes_no=1"], harness.Answers());
        Assert.Equal("score:unfinished: customer hung up", harness.Journal.StepsOf(FlowStepKind.Outcome).Single());
        Assert.False(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_EndsCompleted_WhenCustomerHangsUpDuringTheComment()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,5#,1");

        Assert.Equal((SurveyRunResult.Completed, 4), (outcome.Result, outcome.AnsweredCount));
    }

    [Fact]
    public async Task RunAsync_AsksOnlyTheOtherQuestionsAfterTheIntro_WhenSomeWereAnsweredBefore()
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,7#,3", alreadyAnswered: ["rating", "yes_no", "comment"]);

        Assert.Equal(["intro", "opt_out", "start", "q_score", "q_choice", "c_fully", "c_partly", "c_not", "closing"], harness.HeardKeys());
        Assert.Equal(["score=7", "choice=3/not_solved"], harness.Answers());
        Assert.Equal((SurveyRunResult.Completed, 2), (outcome.Result, outcome.AnsweredCount));
        Assert.Empty(harness.Port.Recordings);
    }

    [Theory]
    [InlineData("2", "7#", true, false)]
    [InlineData("3", "6#", false, true)]
    [InlineData("3", "7#", false, false)]
    [InlineData("1", "0#", true, true)]
    public async Task RunAsync_FlagsEscalation_WhenAnAnswerIsAtOrUnderItsThreshold(string rating, string score, bool ratingEscalates, bool scoreEscalates)
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, $",,1,{rating},2,{score},1,");

        Assert.Equal(
            [("rating", ratingEscalates), ("yes_no", false), ("score", scoreEscalates), ("choice", false)],
            harness.Journal.Answers.Select(answer => (answer.QuestionId, answer.Escalates)));
        Assert.Equal(ratingEscalates || scoreEscalates, outcome.Escalated);
    }

    [Fact]
    public async Task RunAsync_SaysTheQuestionAgain_WhenTheScoreTerminatorComesAfterTwoDigits()
    {
        var harness = new SurveyHarness();

        await harness.RunAsync(Full, ",,1,4,1,10,#,2,");

        Assert.Equal(["score=10", "choice=2/partly"], harness.Answers().Skip(2));
        Assert.Equal(2, harness.HeardKeys().Count(key => key == "q_choice"));
        Assert.Empty(harness.Journal.StepsOf(FlowStepKind.InvalidInput));
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("de", "fa")]
    [InlineData(null, "fa")]
    public async Task RunAsync_SpeaksTheCustomersLanguage_WhenTheSurveyHasIt(string? language, string spoken)
    {
        var harness = new SurveyHarness();

        var outcome = await harness.RunAsync(Full, ",,1,4,1,5#,1,", language);

        Assert.Equal(spoken, outcome.Language);
        Assert.All(harness.Port.Played, clip => Assert.Equal($"{spoken}:{clip.Key}", clip.Text));
    }

    [Fact]
    public async Task RunAsync_StartsWithTheQuestions_WhenTheSurveyHasNoGateNorOptOut()
    {
        var harness = new SurveyHarness();
        var survey = Survey(Yaml(optOut: string.Empty, startGate: string.Empty, comment: string.Empty));

        var outcome = await harness.RunAsync(survey, ",9,4,1,5#,1");

        Assert.Equal(["rating:9 is not a rating from 1 to 5"], harness.Journal.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal(["intro", "q_rating", "invalid", "q_rating"], harness.HeardKeys().Take(4));
        Assert.Equal((SurveyRunResult.Completed, 4), (outcome.Result, outcome.AnsweredCount));
    }
}
