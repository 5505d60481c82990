using System.Collections.Concurrent;
using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Host.Internal;
using IvrService.Storage;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Flows;

/// <summary>
/// The menu definitions calls run. At start it loads the prompt catalog, seeds version 1 of each menu file
/// (a file with a problem stops the start, naming file, node and reason) and checks that the inbound menu's
/// current version loads. Per call it reads only the current version number and parses each (flow, version)
/// once: a publish is picked up by the next call, while calls in progress keep the definition they pinned.
/// It is also the <see cref="IFlowValidator"/> of the API: a definition is published only when it loads here.
/// </summary>
internal sealed class FlowDefinitions : IFlowValidator, IPromptCatalogProvider
{
    private readonly ConcurrentDictionary<(string FlowId, int Version), Lazy<Task<FlowDefinition>>> _parsed = new();
    private readonly IFlowVersionStore _store;
    private readonly FlowOptions _options;
    private readonly string _menusDirectory;
    private readonly string _promptsDirectory;
    private readonly ILogger<FlowDefinitions> _logger;
    private PromptCatalog? _prompts;
    private FlowValidationContext? _validation;

    public FlowDefinitions(IFlowVersionStore store, IOptions<FlowOptions> options, IHostEnvironment environment, ILogger<FlowDefinitions> logger)
        : this(store, options.Value, environment.ContentRootPath, logger)
    {
    }

    internal FlowDefinitions(IFlowVersionStore store, FlowOptions options, string contentRoot, ILogger<FlowDefinitions> logger)
    {
        _store = store;
        _options = options;
        _menusDirectory = Path.GetFullPath(options.MenusDirectory, contentRoot);
        _promptsDirectory = Path.Combine(contentRoot, "prompts");
        _logger = logger;
        TransferDestinations = options.TransferDestinations.ToDictionary(p => p.Key, p => p.Value.Trim(), StringComparer.Ordinal);
    }

    public PromptCatalog Prompts => _prompts ?? throw new InvalidOperationException("The flow definitions are not loaded yet.");

    public IReadOnlyDictionary<string, string> TransferDestinations { get; }

    /// <summary>The flow inbound calls run (<c>Flows:InboundMenu</c>).</summary>
    public string InboundMenu => _options.InboundMenu;

    /// <summary>Loads the catalog, seeds the menu files and checks the inbound menu; throws naming what is wrong.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _prompts = PromptCatalog.Load(_promptsDirectory);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidOperationException($"The prompt catalog in '{_promptsDirectory}' could not be loaded: {ex.Message}", ex);
        }

        _validation = new FlowValidationContext(_prompts, TransferDestinations);
        var files = new List<FlowSeedFile>();
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_menusDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var loaded = FlowDefinitionLoader.Load(yaml, fileName, _validation);
            if (!loaded.Succeeded)
            {
                problems.AddRange(loaded.Problems.Select(p => p.ToString()));
                continue;
            }

            files.Add(new FlowSeedFile(loaded.Definition!.Id, yaml, fileName));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Flows:MenusDirectory: the menu files in '{_menusDirectory}' have problems:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems));
        }

        var seeded = await _store.SeedAsync(files, cancellationToken).ConfigureAwait(false);
        foreach (var flowId in seeded)
        {
            HostLog.FlowSeeded(_logger, flowId);
        }

        var inbound = await GetCurrentAsync(InboundMenu, cancellationToken).ConfigureAwait(false);
        HostLog.InboundMenuReady(_logger, InboundMenu, inbound.Version);
    }

    /// <summary>The current version of a flow, parsed (once per version); throws naming the flow when it cannot be used.</summary>
    public async Task<PinnedFlow> GetCurrentAsync(string flowId, CancellationToken cancellationToken)
    {
        var version = await _store.GetCurrentVersionNumberAsync(flowId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Flows:InboundMenu: flow '{flowId}' is not stored; add {flowId}.yaml to '{_menusDirectory}' or publish it");
        var definition = await GetAsync(flowId, version, cancellationToken).ConfigureAwait(false);
        return new PinnedFlow(definition, version);
    }

    /// <summary>One stored version, parsed and validated once.</summary>
    public async Task<FlowDefinition> GetAsync(string flowId, int version, CancellationToken cancellationToken)
    {
        var key = (flowId, version);
        var entry = _parsed.GetOrAdd(key, k => new Lazy<Task<FlowDefinition>>(() => ParseAsync(k.FlowId, k.Version)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            // A database hiccup is not remembered: the next call tries again.
            _parsed.TryRemove(new KeyValuePair<(string, int), Lazy<Task<FlowDefinition>>>(key, entry));
            throw;
        }
    }

    /// <summary>Checks a definition against the catalog and allow-list in effect (for publishers).</summary>
    public FlowLoadResult Validate(string yaml, string sourceName) =>
        FlowDefinitionLoader.Load(yaml, sourceName, _validation ?? throw new InvalidOperationException("The flow definitions are not loaded yet."));

    private async Task<FlowDefinition> ParseAsync(string flowId, int version)
    {
        var stored = await _store.GetAsync(flowId, version, CancellationToken.None).ConfigureAwait(false)
            ?? throw new FlowVersionNotFoundException(flowId, version);
        var loaded = Validate(stored.Yaml, stored.SourceName);
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException(
                $"Version {version} of flow '{flowId}' does not validate:{Environment.NewLine}" +
                string.Join(Environment.NewLine, loaded.Problems.Select(p => p.ToString())));
        }

        return loaded.Definition!;
    }
}
