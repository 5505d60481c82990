using System.Collections.Concurrent;
using IvrService.Flows;
using IvrService.Flows.Surveys;
using IvrService.Storage;

namespace IvrService.HappyCalls;

/// <summary>
/// The survey definitions calls run: the files of <c>prompts/surveys</c> seed version 1 of each survey, later versions
/// are published through the API; each stored version is parsed and validated once and pinned by the call that
/// runs it. Surveys share the version store with menus (ids are distinct).
/// </summary>
public sealed class SurveyDefinitions(IFlowVersionStore store, IPromptCatalogProvider prompts)
{
    private readonly ConcurrentDictionary<(string SurveyId, int Version), Lazy<Task<SurveyDefinition>>> _parsed = new();

    /// <summary>Checks every file of <paramref name="directory"/> and seeds the surveys not stored yet; throws listing each problem.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<FlowSeedFile>();
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var loaded = Validate(yaml, fileName);
            if (loaded.Succeeded)
            {
                files.Add(new FlowSeedFile(loaded.Definition!.Id, yaml, fileName) { Kind = DefinitionKind.Survey });
            }
            else
            {
                problems.AddRange(loaded.Problems.Select(p => p.ToString()));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"HappyCalls:SurveysDirectory: the survey files in '{directory}' have problems:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems));
        }

        return await store.SeedAsync(files, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a survey against the prompt catalog in effect.</summary>
    public SurveyLoadResult Validate(string yaml, string sourceName) => SurveyDefinitionLoader.Load(yaml, sourceName, prompts.Prompts);

    /// <summary>The current version of a survey, parsed; null when the survey is not stored.</summary>
    public async Task<(SurveyDefinition Survey, int Version)?> GetCurrentAsync(string surveyId, CancellationToken cancellationToken)
    {
        var version = await store.GetCurrentVersionNumberAsync(surveyId, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return null;
        }

        var key = (surveyId, version.Value);
        var entry = _parsed.GetOrAdd(key, k => new Lazy<Task<SurveyDefinition>>(() => ParseAsync(k.SurveyId, k.Version)));
        try
        {
            return (await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false), version.Value);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _parsed.TryRemove(new KeyValuePair<(string, int), Lazy<Task<SurveyDefinition>>>(key, entry));
            throw;
        }
    }

    private async Task<SurveyDefinition> ParseAsync(string surveyId, int version)
    {
        var stored = await store.GetAsync(surveyId, version, CancellationToken.None).ConfigureAwait(false)
            ?? throw new FlowVersionNotFoundException(surveyId, version);
        var loaded = Validate(stored.Yaml, stored.SourceName);
        return loaded.Succeeded
            ? loaded.Definition!
            : throw new InvalidOperationException(
                $"Version {version} of survey '{surveyId}' does not validate:{Environment.NewLine}" +
                string.Join(Environment.NewLine, loaded.Problems.Select(p => p.ToString())));
    }
}
