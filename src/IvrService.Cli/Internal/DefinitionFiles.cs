using System.Text.RegularExpressions;
using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Flows.Surveys;

namespace IvrService.Cli.Internal;

/// <summary>
/// Loads menu and survey files with the prompts they are checked against: the <c>prompts</c> folder holding their
/// <c>menus/</c> or <c>surveys/</c> folder.
/// </summary>
internal sealed partial class DefinitionFiles
{
    private readonly string? _promptsRoot;
    private readonly string? _settingsFile;
    private readonly Dictionary<string, PromptCatalog> _catalogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _destinations = new(StringComparer.Ordinal);

    public DefinitionFiles(string? promptsRoot, string? settingsFile)
    {
        _promptsRoot = promptsRoot;
        _settingsFile = settingsFile;
    }

    /// <summary>The transfer allow-list that applies to a menu file (see <see cref="SettingsFile.Find"/>).</summary>
    /// <exception cref="UsageException">The settings file is missing or not of the right shape.</exception>
    public IReadOnlyDictionary<string, string> DestinationsFor(string menuFile)
    {
        var root = PromptsRootOf(menuFile);
        if (!_destinations.TryGetValue(root, out var destinations))
        {
            destinations = SettingsFile.ReadTransferDestinations(_settingsFile ?? SettingsFile.Find(root));
            _destinations[root] = destinations;
        }

        return destinations;
    }

    /// <summary>The prompts root of a definition file: <c>--prompts</c>, else the parent of its <c>menus</c> or <c>surveys</c> folder.</summary>
    /// <exception cref="UsageException">Neither is there.</exception>
    public string PromptsRootOf(string menuFile)
    {
        if (_promptsRoot is not null)
        {
            return Directory.Exists(_promptsRoot) ? _promptsRoot : throw new UsageException($"{_promptsRoot}: no such prompts folder");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(menuFile));
        if (folder is not null && Path.GetFileName(folder) is "menus" or "surveys" && Path.GetDirectoryName(folder) is { } root)
        {
            return root;
        }

        throw new UsageException($"{menuFile}: not in a prompts/menus or prompts/surveys folder; give the prompts folder with --prompts");
    }

    /// <summary>Reads and validates a menu file; problems with its prompts are reported as problems of the file.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public (FlowLoadResult Result, PromptCatalog? Prompts) Load(string menuFile)
    {
        if (!File.Exists(menuFile))
        {
            throw new UsageException($"{menuFile}: no such file");
        }

        if (Catalog(menuFile, out var problem) is not { } prompts)
        {
            return (new FlowLoadResult(null, [problem!]), null);
        }

        var yaml = File.ReadAllText(menuFile);
        return (FlowDefinitionLoader.Load(yaml, menuFile, new FlowValidationContext(prompts, DestinationsFor(menuFile))), prompts);
    }

    /// <summary>
    /// Every problem of a menu or survey file (a survey is a file in a <c>surveys/</c> folder or one with a
    /// top-level <c>questions:</c>); empty when it has none.
    /// </summary>
    /// <exception cref="UsageException">The file does not exist, or its prompts folder cannot be found.</exception>
    public IReadOnlyList<FlowProblem> Problems(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"{file}: no such file");
        }

        var yaml = File.ReadAllText(file);
        if (!IsSurvey(file, yaml))
        {
            var (result, _) = Load(file);
            return result.Problems.Count > 0 || result.Definition is not null
                ? result.Problems
                : [new FlowProblem(file, "(document)", "the menu could not be read")];
        }

        return Catalog(file, out var problem) is { } prompts ? SurveyDefinitionLoader.Load(yaml, file, prompts).Problems : [problem!];
    }

    /// <summary>True when a definition file is a survey: it is in a <c>surveys/</c> folder or has a top-level <c>questions:</c>.</summary>
    public static bool IsSurvey(string file, string yaml) =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) == "surveys" || SurveyQuestions().IsMatch(yaml);

    /// <summary>The prompt catalog of a definition file's prompts root (read once per root); null with a problem when it cannot be read.</summary>
    private PromptCatalog? Catalog(string file, out FlowProblem? problem)
    {
        problem = null;
        var root = PromptsRootOf(file);
        if (_catalogs.TryGetValue(root, out var prompts))
        {
            return prompts;
        }

        try
        {
            prompts = PromptCatalog.Load(root);
        }
        catch (Exception error)
        {
            problem = new FlowProblem(file, "prompts", $"cannot read the prompts in {root}: {error.Message}");
            return null;
        }

        _catalogs[root] = prompts;
        return prompts;
    }

    [GeneratedRegex(@"^questions[ \t]*:", RegexOptions.Multiline)]
    private static partial Regex SurveyQuestions();
}
