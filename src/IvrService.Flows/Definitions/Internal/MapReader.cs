using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// The fields of one YAML mapping by name: reports duplicate and non-text keys when created, missing required
/// fields when asked, and fields nobody asked for as unknown.
/// </summary>
internal sealed class MapReader
{
    private readonly Dictionary<string, KeyValuePair<DocScalar, DocNode>> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly ProblemList _problems;
    private readonly string _owner;

    public MapReader(DocMapping mapping, string path, string owner, ProblemList problems, bool reportStructure = true)
    {
        Mapping = mapping;
        Path = path;
        Location = mapping.Location;
        _owner = owner;
        _problems = problems;
        foreach (var (key, value) in mapping.Entries)
        {
            if (key is not DocScalar { IsNull: false } name)
            {
                if (reportStructure)
                {
                    problems.Add(path, $"a field name must be text, not a {key.Kind}", key.Location);
                }
            }
            else if (!_fields.TryAdd(name.Value, new(name, value)) && reportStructure)
            {
                problems.Add(PathOf(name.Value), $"field '{name.Value}' is given twice", name.Location);
            }
        }
    }

    public DocMapping Mapping { get; }

    public string Path { get; }

    public SourceLocation Location { get; }

    /// <summary>The names in the order written, for maps whose keys are data (nodes, options, weekly).</summary>
    public IEnumerable<KeyValuePair<DocScalar, DocNode>> Entries => _fields.Values;

    public string PathOf(string field) => Path.Length == 0 ? field : $"{Path}.{field}";

    /// <summary>Whether the field is written with a value (an empty value counts as not written).</summary>
    public bool Has(string field) => _fields.TryGetValue(field, out var entry) && entry.Value is not DocScalar { IsNull: true };

    /// <summary>The value of a field, or null when it is absent or empty; reports it missing when required.</summary>
    public DocNode? Get(string field, bool required)
    {
        _asked.Add(field);
        if (Has(field))
        {
            return _fields[field].Value;
        }

        if (required)
        {
            Missing(field);
        }

        return null;
    }

    public void Missing(string field) => _problems.Add(Path, $"missing required field '{field}' for {_owner}", Location);

    /// <summary>Reports every field that is not among <paramref name="allowed"/>.</summary>
    public void RejectUnknown(IReadOnlyList<string> allowed)
    {
        foreach (var (name, key) in _fields)
        {
            if (!allowed.Contains(name))
            {
                var expected = allowed.Count == 0 ? "it takes no fields" : $"expected one of: {string.Join(", ", allowed)}";
                _problems.Add(PathOf(name), $"unknown field '{name}' for {_owner}; {expected}", key.Key.Location);
            }
        }
    }
}
