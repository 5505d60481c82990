using IvrService.Flows.Definitions;
using IvrService.Flows.Surveys;
using static IvrService.Flows.Tests.Surveys.SurveyFixtures;

namespace IvrService.Flows.Tests.Surveys;

public sealed class SurveyDefinitionLoaderTests
{
    [Fact]
    public void Load_ReadsEveryPart_WhenTheSurveyIsValid()
    {
        var survey = Survey(Yaml());

        Assert.Equal(("test", "fa", 2), (survey.Id, survey.DefaultLanguage, survey.Attempts));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3)), (survey.FirstDigitTimeout, survey.InterDigitTimeout));
        Assert.Equal(new SurveyStartGate('1', PromptSequence.Of(new PromptKeyItem("start")), TimeSpan.FromSeconds(5), 2) with { Prompt = survey.StartGate!.Prompt }, survey.StartGate);
        Assert.Equal('9', survey.OptOut!.Key);
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(4), '#'), (survey.Comment!.MaxLength, survey.Comment.Silence, survey.Comment.FinishKey));
        Assert.Equal(
            [("rating", SurveyQuestionKind.Rating, 2), ("yes_no", SurveyQuestionKind.YesNo, null), ("score", SurveyQuestionKind.Score, 6), ("choice", SurveyQuestionKind.Choice, null)],
            survey.Questions.Select(q => (q.Id, q.Kind, q.EscalateAt)));
        Assert.Equal(["1:fully", "2:partly", "3:not_solved"], survey.Questions[3].Choices.Select(c => $"{c.Key}:{c.Id}"));
        Assert.Equal(new SourceLocation(9, 11), survey.Questions[0].Location);
    }

    [Fact]
    public void Load_AppliesDefaults_WhenOptionalFieldsAreLeftOut()
    {
        var survey = Survey(Yaml(
            head: "id: test\nlanguages: [fa, en]\ntimeouts: { first_digit: 5s }\nretries: 3",
            optOut: "opt_out: { prompt: opt_out, confirmed: opted_out }",
            startGate: "start_gate: { prompt: start }",
            comment: "comment: { prompt: comment, max_length: 1m }"));

        Assert.Equal(TimeSpan.FromSeconds(3), survey.InterDigitTimeout);
        Assert.Equal(('9', '1', TimeSpan.FromSeconds(5), 3), (survey.OptOut!.Key, survey.StartGate!.Key, survey.StartGate.Timeout, survey.StartGate.Attempts));
        Assert.Equal(('#', null), (survey.Comment!.FinishKey, survey.Comment.Silence));
    }

    [Fact]
    public void Load_HasNoGateOptOutNorComment_WhenTheyAreLeftOut()
    {
        var survey = Survey(Yaml(optOut: string.Empty, startGate: string.Empty, comment: string.Empty));

        Assert.Equal((null, null, null), (survey.StartGate, survey.OptOut, survey.Comment));
    }

    [Fact]
    public void Load_ReportsSyntaxErrorWithLocation_WhenYamlIsMalformed()
    {
        var problem = Assert.Single(Problems("id: test\nquestions: [1, 2\n"));

        Assert.StartsWith("surveys/test.yaml:", problem, StringComparison.Ordinal);
        Assert.Contains(": (document): YAML syntax error: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsEveryMissingPart_WhenTheFileIsNearlyEmpty()
    {
        Assert.Equal(
            [
                "surveys/test.yaml:1:1: : missing required field 'languages' for a survey file",
                "surveys/test.yaml:1:1: : missing required field 'timeouts' for a survey file",
                "surveys/test.yaml:1:1: : missing required field 'retries' for a survey file",
                "surveys/test.yaml:1:1: : missing required field 'prompts' for a survey file",
                "surveys/test.yaml:1:1: : missing required field 'questions' for a survey file",
            ],
            Problems("id: test\n"));
    }

    [Fact]
    public void Load_ReportsUnknownFields_WhereverTheyAre()
    {
        Assert.Equal(
            [
                "surveys/test.yaml:1:1: colour: unknown field 'colour' for a survey file; expected one of: id, title, languages, timeouts, retries, prompts, start_gate, opt_out, questions, comment",
                "surveys/test.yaml:6:3: timeouts.first: unknown field 'first' for the timeouts; expected one of: first_digit, inter_digit",
                "surveys/test.yaml:12:51: questions.0.choices: unknown field 'choices' for a rating question; expected one of: id, kind, prompt, escalate_at",
            ],
            Problems(Yaml(
                head: "colour: blue\nid: test\nlanguages: [fa, en]\ntimeouts:\n  first_digit: 5s\n  inter_digit: 3s\nretries: 2",
                questions: "questions:\n  - { id: rating, kind: rating, prompt: q_rating, choices: [] }").Replace("  inter_digit: 3s", "  first: 3s", StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_ReportsTheKinds_WhenAQuestionKindIsUnknown()
    {
        Assert.Equal(
            ["surveys/test.yaml:9:25: questions.0.kind: unknown question kind 'stars'; expected one of: rating, yes_no, score, choice"],
            Problems(Yaml(questions: "questions:\n  - { id: rating, kind: stars, prompt: q_rating }")));
    }

    [Fact]
    public void Load_ReportsDuplicateAndReservedQuestionIds()
    {
        Assert.Equal(
            [
                "surveys/test.yaml:10:11: questions.1.id: question id 'rating' is already the id of questions.0",
                "surveys/test.yaml:11:11: questions.2.id: 'comment' names a part of the survey (intro, start_gate, opt_out, comment, closing); choose another question id",
            ],
            Problems(Yaml(questions: """
                questions:
                  - { id: rating, kind: rating, prompt: q_rating }
                  - { id: rating, kind: yes_no, prompt: q_yes_no }
                  - { id: comment, kind: yes_no, prompt: q_yes_no }
                """)));
    }

    [Theory]
    [InlineData("rating", "5", "'escalate_at' must be a whole number from 1 to 4, not '5'")]
    [InlineData("rating", "0", "'escalate_at' must be a whole number from 1 to 4, not '0'")]
    [InlineData("score", "10", "'escalate_at' must be a whole number from 0 to 9, not '10'")]
    [InlineData("yes_no", "1", "only rating and score questions escalate; a yes_no question takes no escalate_at")]
    public void Load_ReportsEscalationThreshold_WhenOutOfTheKindsRange(string kind, string threshold, string reason)
    {
        Assert.Equal(
            [$"surveys/test.yaml:9:{53 + kind.Length}: questions.0.escalate_at: {reason}"],
            Problems(Yaml(questions: $"questions:\n  - {{ id: q, kind: {kind}, prompt: q_rating, escalate_at: {threshold} }}")));
    }

    [Fact]
    public void Load_ReportsBadChoices()
    {
        Assert.Equal(
            [
                "surveys/test.yaml:13:16: questions.0.choices.0.key: '0' is not a choice key; a choice key is one digit from 1 to 9",
                "surveys/test.yaml:14:16: questions.0.choices.1.key: '10' is not a choice key; a choice key is one digit from 1 to 9",
                "surveys/test.yaml:16:16: questions.0.choices.3.key: key 2 is already the key of choice 'fully'",
                "surveys/test.yaml:17:25: questions.0.choices.4.id: choice id 'fully' is given twice",
                "surveys/test.yaml:18:25: questions.0.choices.5.id: 'Not' is not a choice id; use lowercase letters, digits and '_', starting with a letter",
                "surveys/test.yaml:19:57: questions.1.choices: a choice question needs at least 2 choices, not 1",
                "surveys/test.yaml:20:5: questions.2: missing required field 'choices' for a choice question",
            ],
            Problems(Yaml(questions: """
                questions:
                  - id: solved
                    kind: choice
                    prompt: q_choice
                    choices:
                      - { key: "0", id: zero, prompt: c_fully }
                      - { key: "10", id: ten, prompt: c_fully }
                      - { key: "2", id: fully, prompt: c_fully }
                      - { key: "2", id: partly, prompt: c_partly }
                      - { key: "3", id: fully, prompt: c_not }
                      - { key: "4", id: Not, prompt: c_not }
                  - { id: one, kind: choice, prompt: q_choice, choices: [{ key: "1", id: only, prompt: c_fully }] }
                  - { id: none, kind: choice, prompt: q_choice }
                """)));
    }

    [Fact]
    public void Load_ReportsOptOutKey_WhenItAnswersASingleKeyQuestion()
    {
        Assert.Equal(
            ["surveys/test.yaml:6:17: opt_out.key: opt-out key 1 also answers questions 'rating' (rating), 'yes_no' (yes_no), 'choice' (choice); choose a key no rating, yes/no or choice question uses"],
            Problems(Yaml(optOut: "opt_out: { key: \"1\", prompt: opt_out, confirmed: opted_out }", startGate: string.Empty)));
    }

    [Fact]
    public void Load_ReportsOptOutDefaultKey_WhenAChoiceUsesNine()
    {
        Assert.Equal(
            ["surveys/test.yaml:6:10: opt_out: opt-out key 9 also answers question 'pick' (choice); choose a key no rating, yes/no or choice question uses"],
            Problems(Yaml(
                optOut: "opt_out: { prompt: opt_out, confirmed: opted_out }",
                questions: "questions:\n  - { id: pick, kind: choice, prompt: q_choice, choices: [{ key: \"1\", id: a, prompt: c_fully }, { key: \"9\", id: b, prompt: c_not }] }")));
    }

    [Fact]
    public void Load_ReportsKeys_WhenOptOutIsHashOrStartKeyIsTheOptOutKey()
    {
        Assert.Equal(
            ["surveys/test.yaml:6:17: opt_out.key: '#' ends a score and cannot be the opt-out key; use one of 0-9 or *"],
            Problems(Yaml(optOut: "opt_out: { key: \"#\", prompt: opt_out, confirmed: opted_out }")));
        Assert.Equal(
            ["surveys/test.yaml:7:20: start_gate.key: the start key 9 is also the opt-out key; use another key"],
            Problems(Yaml(startGate: "start_gate: { key: \"9\", prompt: start }")));
    }

    [Fact]
    public void Load_ReportsMissingTexts_WhenALanguageLacksAPrompt()
    {
        var catalog = PromptCatalog.Create(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fa"] = PromptKeys.ToDictionary(key => key, key => key),
            ["en"] = PromptKeys.Where(key => key != "q_score").ToDictionary(key => key, key => key),
        });

        Assert.Equal(
            ["surveys/test.yaml:11:39: questions.2.prompt: prompt 'q_score' has no text for language en"],
            Problems(Yaml(), catalog));
        Assert.Equal(
            ["surveys/test.yaml:2:17: languages.1: language 'en' has no prompts in the catalog (prompts/en/prompts.yaml)"],
            Problems(Yaml(), Catalog("fa")));
    }

    [Fact]
    public void Load_ReportsVariables_ThatASurveyRunDoesNotHave()
    {
        Assert.Equal(
            ["surveys/test.yaml:9:57: questions.0.prompt.1.digits: variable '{technician}' is not known to surveys; a survey can say {caller}, {called} and {language}"],
            Problems(Yaml(questions: "questions:\n  - { id: q, kind: rating, prompt: [q_rating, { digits: \"{technician}\" }] }")));
    }

    [Fact]
    public void Load_ReportsValues_WhenDurationsCountsAndSectionsAreWrong()
    {
        Assert.Equal(
            [
                "surveys/test.yaml:3:26: timeouts.first_digit: '5 seconds' is not a duration; write a whole number with ms, s or m, e.g. 500ms, 5s, 2m",
                "surveys/test.yaml:4:10: retries: 'retries' must be a whole number from 1 to 10, not '0'",
                "surveys/test.yaml:7:13: start_gate: 'start_gate' must be a mapping of its fields, not a text",
                "surveys/test.yaml:8:12: questions: 'questions' must be a list of questions, not a empty list",
                "surveys/test.yaml:9:10: comment: missing required field 'max_length' for the comment",
            ],
            Problems(Yaml(
                head: "id: test\nlanguages: [fa, en]\ntimeouts: { first_digit: 5 seconds }\nretries: 0",
                startGate: "start_gate: yes",
                questions: "questions: []",
                comment: "comment: { prompt: comment }")));
    }

    [Fact]
    public async Task LoadFileAsync_NamesThePath_WhenTheFileHasAProblem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"survey-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Yaml(head: "id: Test\nlanguages: [fa, en]\ntimeouts: { first_digit: 5s }\nretries: 2"));
        try
        {
            var result = await SurveyDefinitionLoader.LoadFileAsync(path, Catalog(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal([$"{path}:1:5: id: 'Test' is not a survey id; use lowercase letters, digits, '-' and '_'"], result.Problems.Select(p => p.ToString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_JudgesLikeTheLoader_WithTheCatalogItWasGiven()
    {
        var validator = new SurveyValidator(Catalog("fa"));

        var result = validator.Validate(Yaml(head: "id: test\nlanguages: [fa]\ntimeouts: { first_digit: 5s }\nretries: 2"), "x.yaml");

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal("x.yaml", result.Definition!.SourceName);
        Assert.False(validator.Validate(Yaml(), "x.yaml").Succeeded);
    }
}
