using IvrService.Flows.Definitions.Internal;

namespace IvrService.Flows.Definitions;

/// <summary>The result of loading a definition: the flow when it has no problem, and every problem found.</summary>
public sealed record FlowLoadResult(FlowDefinition? Definition, IReadOnlyList<FlowProblem> Problems)
{
    public bool Succeeded => Definition is not null && Problems.Count == 0;
}

/// <summary>What a definition is checked against: the prompt texts per language and the transfer allow-list.</summary>
public sealed record FlowValidationContext(PromptCatalog Prompts, IReadOnlyDictionary<string, string> TransferDestinations);

/// <summary>Reads a flow from YAML and validates it (schema, targets, reachability, prompts, loops, allow-list).</summary>
public static class FlowDefinitionLoader
{
    /// <summary>
    /// Reads and checks one menu file. Every problem is reported (file, node path, reason, line and column); the
    /// definition is returned only when there is none. Never throws on bad input.
    /// </summary>
    public static FlowLoadResult Load(string yaml, string sourceName, FlowValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(context);
        var problems = new ProblemList(sourceName);
        if (!problems.TryRead(yaml, out var root))
        {
            return new FlowLoadResult(null, problems.InFileOrder());
        }

        var state = new FlowReadState(problems);
        var flow = new FlowReader(state, context);
        flow.Read(root);
        new FlowValidator(flow, state, context).Validate();
        foreach (var unread in flow.Nodes.Where(n => n.Node is null && problems.Count == 0))
        {
            problems.Add($"nodes.{unread.Id}", $"node '{unread.Id}' could not be read", unread.Location);
        }

        if (problems.Count > 0)
        {
            return new FlowLoadResult(null, problems.InFileOrder());
        }

        var definition = new FlowDefinition(
            flow.Id!,
            sourceName,
            flow.Languages!,
            flow.Start!,
            flow.Nodes.ToDictionary(n => n.Id, n => n.Node!, StringComparer.Ordinal))
        {
            Title = flow.Title,
        };
        return new FlowLoadResult(definition, []);
    }

    /// <summary>Reads a menu file from disk; the problems name the path as given.</summary>
    public static async Task<FlowLoadResult> LoadFileAsync(string path, FlowValidationContext context, CancellationToken cancellationToken)
    {
        var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Load(yaml, path, context);
    }
}
