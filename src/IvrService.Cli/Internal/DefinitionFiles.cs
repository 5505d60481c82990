using IvrService.Flows;
using IvrService.Flows.Definitions;

namespace IvrService.Cli.Internal;

/// <summary>Loads menu files with the prompts they are checked against: the <c>prompts</c> folder holding their <c>menus/</c> folder.</summary>
internal sealed class DefinitionFiles
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

    /// <summary>The prompts root of a menu file: <c>--prompts</c>, else the parent of its <c>menus</c> folder.</summary>
    /// <exception cref="UsageException">Neither is there.</exception>
    public string PromptsRootOf(string menuFile)
    {
        if (_promptsRoot is not null)
        {
            return Directory.Exists(_promptsRoot) ? _promptsRoot : throw new UsageException($"{_promptsRoot}: no such prompts folder");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(menuFile));
        if (folder is not null && string.Equals(Path.GetFileName(folder), "menus", StringComparison.Ordinal) && Path.GetDirectoryName(folder) is { } root)
        {
            return root;
        }

        throw new UsageException($"{menuFile}: not in a prompts/menus folder; give the prompts folder with --prompts");
    }

    /// <summary>Reads and validates a menu file; problems with its prompts are reported as problems of the file.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public (FlowLoadResult Result, PromptCatalog? Prompts) Load(string menuFile)
    {
        if (!File.Exists(menuFile))
        {
            throw new UsageException($"{menuFile}: no such file");
        }

        var root = PromptsRootOf(menuFile);
        if (!_catalogs.TryGetValue(root, out var prompts))
        {
            try
            {
                prompts = PromptCatalog.Load(root);
            }
            catch (Exception error)
            {
                var problem = new FlowProblem(menuFile, "prompts", $"cannot read the prompts in {root}: {error.Message}");
                return (new FlowLoadResult(null, [problem]), null);
            }

            _catalogs[root] = prompts;
        }

        var yaml = File.ReadAllText(menuFile);
        return (FlowDefinitionLoader.Load(yaml, menuFile, new FlowValidationContext(prompts, DestinationsFor(menuFile))), prompts);
    }
}
