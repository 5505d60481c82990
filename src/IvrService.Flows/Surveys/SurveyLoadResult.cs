using IvrService.Flows.Definitions;

namespace IvrService.Flows.Surveys;

/// <summary>The result of loading a survey: the definition when it has no problem, and every problem found.</summary>
public sealed record SurveyLoadResult(SurveyDefinition? Definition, IReadOnlyList<FlowProblem> Problems)
{
    public bool Succeeded => Definition is not null && Problems.Count == 0;
}
