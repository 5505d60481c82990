using System.Collections;

namespace IvrService.Sip;

/// <summary>
/// The header fields of a message in wire order. Names are stored in canonical form, so lookups by any casing
/// or by compact form find them. Values are kept as received (folding removed).
/// </summary>
public sealed class SipHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields;

    public SipHeaders()
    {
        _fields = new List<KeyValuePair<string, string>>(12);
    }

    private SipHeaders(List<KeyValuePair<string, string>> fields)
    {
        _fields = fields;
    }

    public int Count => _fields.Count;

    /// <summary>The first field of that name, or null.</summary>
    public string? this[string name]
    {
        get
        {
            var i = IndexOf(SipHeaderNames.Normalize(name), 0);
            return i >= 0 ? _fields[i].Value : null;
        }
    }

    public bool Contains(string name) => IndexOf(SipHeaderNames.Normalize(name), 0) >= 0;

    /// <summary>Every field line of that name, in order.</summary>
    public List<string> GetLines(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var lines = new List<string>(2);
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                lines.Add(field.Value);
            }
        }

        return lines;
    }

    /// <summary>Every value of that name: field lines split at commas outside quotes and angle brackets.</summary>
    public List<string> GetValues(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var values = new List<string>(2);
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.AddRange(SipText.SplitCommaSeparated(field.Value));
            }
        }

        return values;
    }

    public int CountLines(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var count = 0;
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    public void Add(string name, string value) => _fields.Add(new(SipHeaderNames.Normalize(name), value));

    /// <summary>Adds the field before every other field of the same name (a new top Via, say).</summary>
    public void AddFirst(string name, string value)
    {
        name = SipHeaderNames.Normalize(name);
        var i = IndexOf(name, 0);
        _fields.Insert(i >= 0 ? i : _fields.Count, new(name, value));
    }

    /// <summary>Replaces every field of that name with one field, at the position of the first.</summary>
    public void Set(string name, string value)
    {
        name = SipHeaderNames.Normalize(name);
        var i = IndexOf(name, 0);
        if (i < 0)
        {
            _fields.Add(new(name, value));
            return;
        }

        _fields[i] = new(name, value);
        RemoveFrom(name, i + 1);
    }

    public void Remove(string name) => RemoveFrom(SipHeaderNames.Normalize(name), 0);

    /// <summary>Removes the first field of that name; with comma-joined values, only the first value of it.</summary>
    public void RemoveFirstValue(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var i = IndexOf(name, 0);
        if (i < 0)
        {
            return;
        }

        var values = SipText.SplitCommaSeparated(_fields[i].Value);
        if (values.Count <= 1)
        {
            _fields.RemoveAt(i);
        }
        else
        {
            _fields[i] = new(name, string.Join(", ", values.Skip(1)));
        }
    }

    public SipHeaders Clone() => new(new List<KeyValuePair<string, string>>(_fields));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name, int start)
    {
        for (var i = start; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveFrom(string name, int start)
    {
        for (var i = _fields.Count - 1; i >= start; i--)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _fields.RemoveAt(i);
            }
        }
    }
}
