namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// The checks that need the whole flow: targets and the start node exist, every node is reachable, no loop
/// runs without waiting for the caller, every prompt has text in every language and every variable is known.
/// </summary>
internal sealed class FlowValidator(FlowReader flow, FlowReadState state, FlowValidationContext context)
{
    /// <summary>Node types that wait for the caller (a key, digits or a message), so a loop through them is the caller's choice.</summary>
    private static readonly string[] InputTypes = ["menu", "collect", "record"];

    private readonly ProblemList _problems = state.Problems;
    private readonly Dictionary<string, ParsedNode> _nodes = flow.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);

    public void Validate()
    {
        CheckTargets();
        var startKnown = CheckStart();
        // A node whose type could not be read has unknown targets: reachability would only add noise.
        if (startKnown && flow.Nodes.All(n => n.Type != "unknown"))
        {
            CheckReachable();
        }

        CheckLoops();
        CheckPrompts();
        CheckVariables();
    }

    private void CheckTargets()
    {
        foreach (var target in state.Targets.Where(t => !_nodes.ContainsKey(t.Target)))
        {
            _problems.Add(target.Path, $"target '{target.Target}' is not a node of this flow", target.Location);
        }
    }

    private bool CheckStart()
    {
        if (flow.Start is null || _nodes.Count == 0)
        {
            return false;
        }

        if (_nodes.ContainsKey(flow.Start))
        {
            return true;
        }

        _problems.Add("start", $"start node '{flow.Start}' is not a node of this flow", flow.StartLocation);
        return false;
    }

    private void CheckReachable()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { flow.Start! };
        var queue = new Queue<string>([flow.Start!]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in Successors(id).Where(reached.Add))
            {
                queue.Enqueue(next);
            }
        }

        foreach (var node in flow.Nodes.Where(n => !reached.Contains(n.Id)))
        {
            _problems.Add($"nodes.{node.Id}", $"node '{node.Id}' cannot be reached from the start node '{flow.Start}'", node.Location);
        }
    }

    /// <summary>
    /// Finds each strongly connected group of nodes that never wait for input (Tarjan) and names one cycle in it,
    /// starting at the node written first in the file.
    /// </summary>
    private void CheckLoops()
    {
        var passive = flow.Nodes.Where(n => n.Type != "unknown" && !InputTypes.Contains(n.Type)).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<List<string>>();

        void Connect(string id)
        {
            index[id] = low[id] = index.Count;
            stack.Push(id);
            onStack.Add(id);
            foreach (var next in Successors(id).Where(passive.Contains))
            {
                if (!index.ContainsKey(next))
                {
                    Connect(next);
                    low[id] = Math.Min(low[id], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[id] = Math.Min(low[id], index[next]);
                }
            }

            if (low[id] == index[id])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != id);
                groups.Add(group);
            }
        }

        foreach (var id in flow.Nodes.Select(n => n.Id).Where(passive.Contains).Where(id => !index.ContainsKey(id)))
        {
            Connect(id);
        }

        foreach (var group in groups)
        {
            var first = flow.Nodes.First(n => group.Contains(n.Id));
            if (group.Count == 1 && !Successors(first.Id).Contains(first.Id))
            {
                continue;
            }

            var cycle = CycleThrough(first.Id, group);
            _problems.Add($"nodes.{first.Id}", $"loop with no caller input or hang-up: {string.Join(" -> ", cycle)}", first.Location);
        }
    }

    /// <summary>The shortest way from <paramref name="start"/> back to itself inside the group, both ends named.</summary>
    private List<string> CycleThrough(string start, List<string> group)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in Successors(id).Where(group.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = id; at != start; at = cameFrom[at])
                    {
                        path.Insert(1, at);
                    }

                    path.Add(start);
                    return path;
                }

                if (cameFrom.TryAdd(next, id))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return [start, start];
    }

    private void CheckPrompts() =>
        PromptCheck.Check(flow.Languages, flow.LanguageLocations, state.Prompts, context.Prompts, _problems, "this flow's");

    private void CheckVariables()
    {
        foreach (var use in state.Variables)
        {
            if (!FlowReadState.BuiltInVariables.Contains(use.Name) && !state.CollectedVariables.Contains(use.Name))
            {
                _problems.Add(use.Path, $"variable '{{{use.Name}}}' is not set by any collect node and is not a built-in variable", use.Location);
            }
        }
    }

    private IEnumerable<string> Successors(string id) =>
        state.Targets.Where(t => t.FromNode == id && _nodes.ContainsKey(t.Target)).Select(t => t.Target).Distinct(StringComparer.Ordinal);
}
