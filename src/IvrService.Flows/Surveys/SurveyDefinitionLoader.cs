using IvrService.Flows.Definitions.Internal;
using IvrService.Flows.Surveys.Internal;

namespace IvrService.Flows.Surveys;

/// <summary>Reads a survey from YAML (schema in <c>prompts/surveys/README.md</c>) and checks it against the prompt catalog.</summary>
public static class SurveyDefinitionLoader
{
    /// <summary>
    /// Reads and checks one survey file. Every problem is reported (file, path, reason, line and column) as for
    /// menus; the definition is returned only when there is none. Never throws on bad input.
    /// </summary>
    public static SurveyLoadResult Load(string yaml, string sourceName, PromptCatalog prompts)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(prompts);
        var problems = new ProblemList(sourceName);
        if (!problems.TryRead(yaml, out var root))
        {
            return new SurveyLoadResult(null, problems.InFileOrder());
        }

        var state = new FlowReadState(problems);
        var survey = new SurveyReader(state);
        survey.Read(root);
        new SurveyRules(survey, state, prompts).Check();
        var definition = survey.Definition(sourceName);
        return problems.Count > 0 || definition is null
            ? new SurveyLoadResult(null, problems.InFileOrder())
            : new SurveyLoadResult(definition, []);
    }

    /// <summary>Reads a survey file from disk; the problems name the path as given.</summary>
    public static async Task<SurveyLoadResult> LoadFileAsync(string path, PromptCatalog prompts, CancellationToken cancellationToken)
    {
        var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Load(yaml, path, prompts);
    }
}
