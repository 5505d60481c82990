using IvrService.Flows.Definitions.Internal;

namespace IvrService.Flows.Surveys.Internal;

/// <summary>
/// The checks that need the whole survey: question ids unique and not a part's name, the opt-out key answers no
/// single-key question and differs from the start key, every prompt has a text in every language, and prompts
/// use only the variables a survey run has.
/// </summary>
internal sealed class SurveyRules(SurveyReader survey, FlowReadState state, PromptCatalog prompts)
{
    /// <summary>What a survey run can say from: the call's numbers and the language.</summary>
    public static readonly IReadOnlyList<string> Variables = ["caller", "called", "language"];

    private readonly ProblemList _problems = state.Problems;

    public void Check()
    {
        CheckQuestionIds();
        CheckKeys();
        PromptCheck.Check(survey.Languages, survey.LanguageLocations, state.Prompts, prompts, _problems, "this survey's");
        foreach (var use in state.Variables.Where(use => !Variables.Contains(use.Name)))
        {
            _problems.Add(use.Path, $"variable '{{{use.Name}}}' is not known to surveys; a survey can say {{caller}}, {{called}} and {{language}}", use.Location);
        }
    }

    private void CheckQuestionIds()
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, id, location, _) in survey.Questions)
        {
            if (id is null)
            {
                continue;
            }

            if (SurveyNames.Reserved.Contains(id))
            {
                _problems.Add($"{path}.id", $"'{id}' names a part of the survey ({string.Join(", ", SurveyNames.Reserved)}); choose another question id", location);
            }
            else if (!first.TryAdd(id, path))
            {
                _problems.Add($"{path}.id", $"question id '{id}' is already the id of {first[id]}", location);
            }
        }
    }

    private void CheckKeys()
    {
        if (survey.OptOut is not { } optOut)
        {
            return;
        }

        if (survey.StartGate is { } gate && gate.Key == optOut.Key)
        {
            _problems.Add(survey.StartGateKeyAt.Path, $"the start key {gate.Key} is also the opt-out key; use another key", survey.StartGateKeyAt.Location);
        }

        // Every digit answers a score, so there the opt-out key counts only when it is '*': that is by design, not a clash.
        var clashes = survey.Questions
            .Select(read => read.Question)
            .Where(question => question is not null && question.Kind != SurveyQuestionKind.Score && SurveyNames.AnswerKeys(question).Contains(optOut.Key, StringComparison.Ordinal))
            .Select(question => $"'{question!.Id}' ({SurveyNames.Kind(question.Kind)})")
            .ToList();
        if (clashes.Count > 0)
        {
            var which = clashes.Count == 1 ? $"question {clashes[0]}" : $"questions {string.Join(", ", clashes)}";
            _problems.Add(survey.OptOutKeyAt.Path, $"opt-out key {optOut.Key} also answers {which}; choose a key no rating, yes/no or choice question uses", survey.OptOutKeyAt.Location);
        }
    }
}
